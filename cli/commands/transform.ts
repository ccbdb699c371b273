/**
 * `mesh transform` and `mesh stage`: what the TransformJob's containers run. Their command lines
 * are components/compute/runnerProtocol.ts's; cli/mesh.ts parses them into its requests.
 */
import { existsSync, readFileSync } from "node:fs";
import {
  parseRunnerProductFile,
  type StageRequest,
  type TransformRequest,
} from "../../components/compute/runnerProtocol.js";
import { type Contract, piiFields } from "../../components/contract/contract.js";
import { formatPath } from "../../components/declaration/errors.js";
import { parseCatalog, parseTableName } from "../../runner/catalog.js";
import { TransformSqlError } from "../../runner/errors.js";
import { PipelineError } from "../../runner/pipeline.js";
import { type IngestResult, stageOnce, transformOnce } from "../../runner/transformOnce.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";

export interface TransformCommandOptions extends TransformRequest {
  readonly region?: string;
}

function readFile(flag: string, path: string): string {
  if (!existsSync(path)) throw new UsageError(`--${flag} ${path}: no such file`);
  return readFileSync(path, "utf8");
}

function tableName(flag: string, value: string, shown = value) {
  const name = parseTableName(value);
  if (!name) throw new UsageError(`--${flag} ${shown}: expected DATABASE.TABLE in lowercase snake_case`);
  return name;
}

/** The contract in the product file (`--product`). */
function contractFile(path: string): Contract {
  let data: unknown;
  try {
    data = JSON.parse(readFile("product", path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--product ${path}: not JSON: ${(e as Error).message}`);
  }
  const parsed = parseRunnerProductFile(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--product ${path}: ${formatPath(issue.path) || "(root)"}: ${issue.message}`);
  }
  return parsed.data.contract as unknown as Contract;
}

/** Staging, which this runner still needs (a product without ingestion has none). */
function stagingOf(options: { readonly staging?: string }): string {
  if (options.staging === undefined) {
    throw new UsageError(
      "--staging: this runner needs staged records (a product without ingestion has none)",
    );
  }
  return options.staging;
}

/** What the extract stage did, as both commands report it. */
const stagedLine = (product: string, staged: IngestResult) =>
  `${product}: staged ${staged.files} raw file(s): ${staged.rowsIn} records, ${staged.quarantined} quarantined`;

export async function transformCommand(options: TransformCommandOptions, io: Output): Promise<number> {
  const contract = contractFile(options.productFile);
  const staging = stagingOf(options);
  const catalog = parseCatalog(options.catalog);
  if (typeof catalog === "string") throw new UsageError(`--catalog ${catalog}`);
  if (catalog.kind === "duckdb" && !existsSync(catalog.path)) {
    throw new UsageError(`--catalog ${catalog.path}: no such file`);
  }
  const table = tableName("table", options.table);
  const redactedTable =
    options.redactedTable === undefined ? undefined : tableName("redacted-table", options.redactedTable);
  if (redactedTable && piiFields(contract).length === 0) {
    throw new UsageError(
      `--redacted-table ${options.redactedTable}: the contract has no PII field to leave out`,
    );
  }
  const reads = options.reads.map(({ view, table: name }) => {
    const r = `${view}=${name}`;
    if (!/^[a-z_][a-z0-9_]*$/.test(view)) throw new UsageError(`--read ${r}: expected VIEW=DATABASE.TABLE`);
    return { view, table: tableName("read", name, r) };
  });
  const start = process.hrtime.bigint();
  let result: Awaited<ReturnType<typeof transformOnce>>;
  try {
    result = await transformOnce({
      contract,
      sql: readFile("sql", options.sql),
      sqlSource: options.sql,
      staging,
      catalog,
      table,
      ...(redactedTable ? { redactedTable } : {}),
      reads,
      region: options.region,
    });
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    io.err(`${options.product}: ${e.message}; ${options.table} is unchanged`);
    return e instanceof TransformSqlError ? EXIT.input : EXIT.policy;
  }
  const seconds = (Number(process.hrtime.bigint() - start) / 1e9).toFixed(2);
  const { ingested } = result;
  if (ingested.files > 0) {
    io.out(stagedLine(options.product, ingested));
  }
  if (result.failures.length > 0) {
    io.err(`${options.product}: the output breaks its contract; ${options.table} is unchanged:`);
    for (const f of result.failures) io.err(`  ${f.rule}${f.column ? ` (${f.column})` : ""}: ${f.message}`);
    return EXIT.policy;
  }
  io.out(`${options.product}: ${result.rows} rows loaded into ${options.table} in ${seconds}s`);
  return EXIT.ok;
}

export interface StageCommandOptions extends StageRequest {
  readonly region?: string;
}

/** `mesh stage`: the extract stage alone (engine spark). */
export async function stageCommand(options: StageCommandOptions, io: Output): Promise<number> {
  const contract = contractFile(options.productFile);
  try {
    const staged = await stageOnce({ contract, staging: options.staging, region: options.region });
    io.out(stagedLine(options.product, staged));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    io.err(`${options.product}: ${e.message}`);
    return EXIT.policy;
  }
}
