/**
 * `mesh transform <domain>/<product> --major N --sql FILE --contract FILE --staging URI
 * --catalog glue:ACCOUNT|FILE.duckdb --table DB.TABLE [--read VIEW=DB.TABLE …]`: what the
 * TransformJob's container runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { type Contract, piiFields } from "../../components/contract/contract.js";
import { formatPath } from "../../components/declaration/errors.js";
import { parseCatalog, parseTableName } from "../../runner/catalog.js";
import { TransformSqlError } from "../../runner/errors.js";
import { PipelineError } from "../../runner/pipeline.js";
import {
  ContractFileSchema,
  type IngestResult,
  stageOnce,
  transformOnce,
} from "../../runner/transformOnce.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";

export interface TransformCommandOptions {
  readonly product: string;
  readonly sql: string;
  readonly contract: string;
  readonly staging: string;
  readonly catalog: string;
  readonly table: string;
  readonly redactedTable?: string;
  readonly reads: readonly string[];
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

function contractFile(path: string): Contract {
  let data: unknown;
  try {
    data = JSON.parse(readFile("contract", path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--contract ${path}: not JSON: ${(e as Error).message}`);
  }
  const parsed = ContractFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--contract ${path}: ${formatPath(issue.path) || "(root)"}: ${issue.message}`);
  }
  return parsed.data as unknown as Contract;
}

/** What the extract stage did, as both commands report it. */
const stagedLine = (product: string, staged: IngestResult) =>
  `${product}: staged ${staged.files} raw file(s): ${staged.rowsIn} records, ${staged.quarantined} quarantined`;

export async function transformCommand(options: TransformCommandOptions, io: Output): Promise<number> {
  const contract = contractFile(options.contract);
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
  const reads = options.reads.map((r) => {
    const [view, name] = r.split("=", 2);
    if (!view || !name || !/^[a-z_][a-z0-9_]*$/.test(view))
      throw new UsageError(`--read ${r}: expected VIEW=DATABASE.TABLE`);
    return { view, table: tableName("read", name, r) };
  });
  const start = process.hrtime.bigint();
  let result: Awaited<ReturnType<typeof transformOnce>>;
  try {
    result = await transformOnce({
      contract,
      sql: readFile("sql", options.sql),
      sqlSource: options.sql,
      staging: options.staging,
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

export interface StageCommandOptions {
  readonly product: string;
  readonly contract: string;
  readonly staging: string;
  readonly region?: string;
}

/** `mesh stage <domain>/<product> --contract FILE --staging URI`: the extract stage alone (engine spark). */
export async function stageCommand(options: StageCommandOptions, io: Output): Promise<number> {
  const contract = contractFile(options.contract);
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
