/**
 * `mesh transform …` and `mesh stage …`: what the TransformJob's container runs (the command line
 * is `components/compute/runnerProtocol.ts`). Both run the pipeline core (`runner/core.ts`) in the
 * production environment (`runner/production.ts`).
 */
import { existsSync, readFileSync } from "node:fs";
import {
  type RunnerProductFile,
  RunnerProductFileSchema,
} from "../../components/compute/runnerProductFile.js";
import {
  checkMajor,
  type StageRequest,
  type TransformRequest,
} from "../../components/compute/runnerProtocol.js";
import type { Contract } from "../../components/contract/contract.js";
import { formatPath } from "../../components/declaration/errors.js";
import { cpuCores, memoryBytes } from "../../components/declaration/units.js";
import { parseCatalog, parseEndpoint, parseTableName } from "../../runner/catalog.js";
import type { IngestResult, PipelineProduct } from "../../runner/core.js";
import { PipelineError, TransformSqlError } from "../../runner/errors.js";
import { contractAssertions } from "../../runner/lineage/assertions.js";
import {
  fileTransport,
  httpTransport,
  LineageEmitter,
  lineageEndpoint,
} from "../../runner/lineage/emitter.js";
import { lineageJob } from "../../runner/lineage/jobs.js";
import { type ProductionTarget, stageInProduction, transformInProduction } from "../../runner/production.js";
import { progressFor } from "../../runner/progress.js";
import { historyBeside } from "../../runner/runHistory.js";
import { memoryLimits, threadsFor } from "../../runner/session.js";
import { EXIT, UsageError } from "../errors.js";
import { type Output, plural } from "../io.js";

function readFile(flag: string, path: string): string {
  if (!existsSync(path)) throw new UsageError(`--${flag} ${path}: no such file`);
  return readFileSync(path, "utf8");
}

function tableName(flag: string, value: string, shown = value, location?: string) {
  const name = parseTableName(value);
  if (!name) throw new UsageError(`--${flag} ${shown}: expected DATABASE.TABLE in lowercase snake_case`);
  if (location !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/([^\s]+\/)?$/.test(location)) {
    throw new UsageError(
      `--${flag === "table" ? "" : "redacted-"}location ${location}: expected s3://bucket/prefix/ (ending in /)`,
    );
  }
  return location === undefined ? name : { ...name, location };
}

/** The product file the platform mounts beside the SQL: the contract, the raw records, the mode. */
function productFile(path: string, request: { product: string; major: number }): RunnerProductFile {
  let data: unknown;
  try {
    data = JSON.parse(readFile("product", path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--product ${path}: not JSON: ${(e as Error).message}`);
  }
  const parsed = RunnerProductFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--product ${path}: ${formatPath(issue.path) || "(root)"}: ${issue.message}`);
  }
  const file = parsed.data as RunnerProductFile;
  const wrong = checkMajor(request, file.contract.version);
  if (wrong) throw new UsageError(`--product ${path}: ${wrong}`);
  return file;
}

function target(
  request: {
    staging?: string;
    catalog?: string;
    catalogWarehouse?: string;
    s3Endpoint?: string;
    memory?: string;
    cpu?: string;
  },
  io: Output,
): ProductionTarget {
  const catalog =
    request.catalog === undefined ? undefined : parseCatalog(request.catalog, request.catalogWarehouse);
  if (typeof catalog === "string") throw new UsageError(`--catalog ${catalog}`);
  const endpoint = request.s3Endpoint === undefined ? undefined : parseEndpoint(request.s3Endpoint);
  if (typeof endpoint === "string") throw new UsageError(`--s3-endpoint ${endpoint}`);
  if (catalog?.kind === "duckdb" && !existsSync(catalog.path)) {
    throw new UsageError(`--catalog ${catalog.path}: no such file`);
  }
  let memory: ReturnType<typeof memoryLimits> | undefined;
  if (request.memory !== undefined) {
    const bytes = memoryBytes(request.memory);
    if (bytes === undefined)
      throw new UsageError(`--memory ${request.memory}: expected a quantity such as 1Gi`);
    memory = memoryLimits(bytes);
  }
  return {
    ...(request.staging ? { staging: request.staging } : {}),
    ...(catalog ? { catalog } : {}),
    store: { region: process.env.AWS_REGION, ...endpoint },
    ...(memory ? { memory } : {}),
    ...(request.cpu !== undefined && cpuCores(request.cpu) !== undefined
      ? { threads: threadsFor(cpuCores(request.cpu)!) }
      : {}),
    progress: progressFor(io, false),
  };
}

/** What the extract stage did, as both commands report it. */
function stagedLines(product: string, staged: IngestResult): string[] {
  const again = staged.duplicates > 0 ? ` (and ${staged.duplicates} delivered again: skipped)` : "";
  const lines = [
    `${product}: staged ${plural(staged.files, "raw file")}${again}: ${plural(staged.rowsIn, "record")}, ${staged.staged} staged, ${staged.quarantined} quarantined`,
  ];
  const reasons = Object.entries(staged.reasons).map(([reason, n]) => `${n} ${reason}`);
  if (reasons.length > 0)
    lines.push(`${product}: quarantined: ${reasons.join(", ")}; in ${staged.quarantineFiles.join(", ")}`);
  return lines;
}

function pipelineProduct(request: TransformRequest, file: RunnerProductFile): PipelineProduct {
  const contract = file.contract as unknown as Contract;
  const piiFree =
    request.redactedTable === undefined
      ? undefined
      : tableName(
          "redacted-table",
          request.redactedTable,
          request.redactedTable,
          request.redactedTableLocation,
        );
  if (piiFree && !Object.values(contract.schema).some((f) => f.pii)) {
    throw new UsageError(
      `--redacted-table ${request.redactedTable}: the contract has no PII field to leave out`,
    );
  }
  if (file.raw && request.staging === undefined) {
    throw new UsageError(`${request.product} ingests raw records: --staging is required`);
  }
  const table = tableName("table", request.table, request.table, request.tableLocation);
  const [domain, name] = request.product.split("/") as [string, string];
  return {
    contract,
    ...(file.raw ? { raw: file.raw } : {}),
    incremental: file.incremental,
    sql: readFile("sql", request.sql),
    sqlSource: request.sql,
    table,
    history: historyBeside(table, { domain, product: name, major: request.major }),
    ...(piiFree ? { redactedTable: piiFree } : {}),
    inputs: request.reads.map((r) => ({
      view: r.view,
      table: tableName("read", r.table, `${r.view}=${r.table}`),
    })),
  };
}

/**
 * The run's lineage: its events to `--lineage-file` and `--lineage-url` (none without either). A
 * transport that fails is reported and never fails the run.
 */
function lineageOf(
  request: TransformRequest,
  file: RunnerProductFile,
  product: PipelineProduct,
  where: ProductionTarget,
  io: Output,
) {
  const endpoint = request.lineageUrl === undefined ? undefined : lineageEndpoint(request.lineageUrl);
  if (request.lineageUrl !== undefined && endpoint === undefined) {
    throw new UsageError(`--lineage-url ${request.lineageUrl}: expected an http(s) URL`);
  }
  const transports = [
    ...(request.lineageFile ? [fileTransport(request.lineageFile)] : []),
    ...(endpoint ? [httpTransport(endpoint)] : []),
  ];
  if (!where.catalog || transports.length === 0) return undefined;
  const job = lineageJob(
    product,
    {
      namespace: request.lineageNamespace ?? "mesh",
      catalog: where.catalog,
      ...(where.store.region ? { region: where.store.region } : {}),
      ...(where.staging ? { staging: where.staging } : {}),
      integration: "DUCKDB",
    },
    {
      inputs: file.lineage?.inputs ?? [],
      ...(file.lineage?.columns ? { columns: file.lineage.columns } : {}),
    },
  );
  return { job, emitter: new LineageEmitter(transports, (message) => io.err(message)) };
}

export async function transformCommand(request: TransformRequest, io: Output): Promise<number> {
  const file = productFile(request.productFile, request);
  const product = pipelineProduct(request, file);
  const where = target(request, io);
  const lineage = lineageOf(request, file, product, where, io);
  const runId = await lineage?.emitter.start(lineage.job);
  let result: Awaited<ReturnType<typeof transformInProduction>>;
  try {
    result = await transformInProduction(where, product);
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    if (lineage) await lineage.emitter.end(lineage.job, runId!, { state: "FAIL", message: e.message });
    io.err(`${e.message}; ${request.table} is unchanged`);
    return e instanceof TransformSqlError ? EXIT.input : EXIT.policy;
  }
  if (lineage) {
    const assertions = contractAssertions(product.contract, result.failures, result.rowsOut, result.checks);
    await lineage.emitter.end(
      lineage.job,
      runId!,
      result.failures.length > 0
        ? {
            state: "FAIL",
            message: `the output breaks its contract; ${request.table} is unchanged`,
            assertions,
          }
        : { state: "COMPLETE", rows: result.rowsOut, bytes: result.bytesOut, assertions },
    );
  }
  if (result.ingested.files > 0 || result.ingested.duplicates > 0) {
    for (const line of stagedLines(request.product, result.ingested)) io.out(line);
  }
  for (const warning of result.warnings) io.err(`${request.product}: warning: ${warning}`);
  for (const u of result.ingested.unreadable) {
    io.err(`${request.product}: cannot read raw file ${u.file} (left for the next run): ${u.reason}`);
  }
  if (result.failures.length > 0) {
    io.err(`${request.product}: the output breaks its contract; ${request.table} is unchanged:`);
    for (const f of result.failures) io.err(`  ${f.rule}${f.column ? ` (${f.column})` : ""}: ${f.message}`);
    return EXIT.policy;
  }
  io.out(
    `${request.product}: ${plural(result.rowsOut, "row")} loaded into ${request.table} in ${result.seconds.toFixed(2)}s`,
  );
  return result.ingested.unreadable.length > 0 ? EXIT.policy : EXIT.ok;
}

/** `mesh stage …`: the extract stage alone (engine spark). */
export async function stageCommand(request: StageRequest, io: Output): Promise<number> {
  const file = productFile(request.productFile, request);
  if (!file.raw)
    throw new UsageError(`${request.product} ingests no raw records (ingestion: false): nothing to stage`);
  try {
    const staged = await stageInProduction(target(request, io), {
      contract: file.contract as unknown as Contract,
      raw: file.raw,
    });
    for (const line of stagedLines(request.product, staged)) io.out(line);
    for (const u of staged.unreadable) {
      io.err(`${request.product}: cannot read raw file ${u.file} (left for the next run): ${u.reason}`);
    }
    return staged.unreadable.length > 0 ? EXIT.policy : EXIT.ok;
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    io.err(e.message);
    return EXIT.policy;
  }
}
