/**
 * Runs one data product's pipeline with DuckDB, stage by stage as in production:
 * extract (validate every record; invalid ones to quarantine with the reason) → stage (Parquet,
 * partitioned by ingest date) → transform (the product's SQL over its staged data and the tables
 * of the products it consumes) → load (enforce the output contract; replace the table only if it
 * holds). Records stream through DuckDB; a batch keeps its id, so re-running it replaces it.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  type ConsumedProduct,
  type Contract,
  nonPiiFields,
  piiFields,
} from "../components/contract/contract.js";
import { glueTableName, type ProductRef, redactedTableName } from "../components/naming.js";
import { enforceContract, type RuleFailure } from "./enforce.js";
import { PipelineError, TransformSqlError } from "./errors.js";
import { defaultRawRecords, extractBatch } from "./extract.js";
import { consumedViewName, type Layout, productPath } from "./layout.js";
import { type Progress, tracked } from "./progress.js";
import { emptyStagingSql, generatedLinesSql } from "./recordSql.js";
import { runSandboxed } from "./sandbox.js";
import { ident, literal } from "./sql.js";
import { writeWhole } from "./write.js";

export type Input =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "generate"; readonly rows: number; readonly seed: number }
  | { readonly kind: "none" };

export interface ProductRunOptions {
  readonly ref: ProductRef;
  readonly contract: Contract;
  readonly sql: string;
  /** Where the SQL comes from, for messages: its file, or the domain file. */
  readonly sqlSource?: string;
  /** Products of other domains this product's domain consumes, and which of their tables it reads. */
  readonly consumes: readonly ConsumedProduct[];
  readonly input: Input;
  /** YYYY-MM-DD: the partition this batch lands in. */
  readonly ingestDate: string;
  readonly layout: Layout;
  readonly progress: Progress;
}

export interface ProductRunResult {
  readonly rowsIn: number;
  readonly quarantined: number;
  readonly rowsOut: number;
  readonly seconds: number;
  /** Of `seconds`, the time the transform, the contract checks and the load took. */
  readonly transformSeconds: number;
  /** Output contract rules the new table broke; the previous table was kept. */
  readonly failures: readonly RuleFailure[];
}

export { PipelineError } from "./errors.js";

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** A batch's id: the input's content hash, or the generator's parameters. */
async function batchId(input: Input): Promise<string | undefined> {
  if (input.kind === "none") return undefined;
  if (input.kind === "generate") return `gen-${input.rows}-${input.seed}`;
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(input.path)) hash.update(chunk as Buffer);
  return hash.digest("hex").slice(0, 16);
}

/** The NDJSON file of the input: the file itself, or the generated records written to `scratch`. */
async function inputFile(connection: DuckDBConnection, input: Input, contract: Contract, scratch: string) {
  if (input.kind === "file") return input.path;
  const lines =
    input.kind === "generate"
      ? generatedLinesSql(contract.schema, input.rows, input.seed)
      : "SELECT NULL::VARCHAR AS line WHERE false";
  await connection.run(
    `COPY (${lines}) TO ${literal(scratch)} (FORMAT csv, header false, quote '', escape '', delimiter '\\x1f')`,
  );
  return scratch;
}

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".parquet"))
    .map((f) => join(dir, f));
}

/** Extract and stage: valid records to staging Parquet, invalid ones to the quarantine. */
async function extract(
  connection: DuckDBConnection,
  o: ProductRunOptions,
): Promise<{ rowsIn: number; quarantined: number }> {
  const id = await batchId(o.input);
  if (!id) return { rowsIn: 0, quarantined: 0 };
  const start = process.hrtime.bigint();
  const partition = `ingest_date=${o.ingestDate}`;
  const quarantine = join(o.layout.quarantine(o.ref), partition, `batch-${id}.ndjson`);
  // Re-running a batch replaces it, its quarantine included.
  rmSync(quarantine, { force: true });
  mkdirSync(join(o.layout.root, "tmp"), { recursive: true });
  const result = await tracked(
    connection,
    o.progress,
    o.contract.id,
    "extracting",
    async () => {
      const generated = join(o.layout.root, "tmp", `input-${id}.ndjson`);
      try {
        return await extractBatch(
          connection,
          defaultRawRecords(o.contract.schema),
          await inputFile(connection, o.input, o.contract, generated),
          {
            staged: join(o.layout.staging(o.ref), partition, `batch-${id}.parquet`),
            quarantine,
            scratch: join(o.layout.root, "tmp", `checked-${id}.parquet`),
          },
          o.input.kind === "file" ? o.input.path : undefined,
        );
      } finally {
        rmSync(generated, { force: true });
      }
    },
    o.input.kind === "generate" ? o.input.rows : undefined,
  );
  o.progress.stage(o.contract.id, "extracted and staged", result.rowsIn, seconds(start));
  return result;
}

/**
 * Runs the product's SQL in its sandbox over `staging` (its own staged batches) and the Parquet
 * files of the tables it declares it consumes (the PII-free projection where it is not admitted),
 * and nothing else; resolves to the file holding the result.
 */
async function transformSandboxed(o: ProductRunOptions): Promise<string> {
  const stagingDir = o.layout.staging(o.ref);
  const files = parquetFiles(stagingDir);
  const inputs: { view: string; query: string }[] = [];
  const allowedPaths: string[] = [];
  for (const { ref, redacted } of o.consumes) {
    const file = join(redacted ? o.layout.redactedTableFiles(ref) : o.layout.tableFiles(ref), "data.parquet");
    if (!existsSync(file)) continue; // only an error if the SQL reads it: DuckDB then names the missing view
    inputs.push({ view: consumedViewName(ref), query: `SELECT * FROM read_parquet(${literal(file)})` });
    allowedPaths.push(file);
  }
  return runSandboxed({
    product: o.contract.id,
    sql: o.sql,
    sqlSource: o.sqlSource ?? o.contract.id,
    staging:
      files.length > 0
        ? `SELECT * FROM read_parquet([${files.map(literal).join(", ")}], hive_partitioning = true)`
        : emptyStagingSql(o.contract.schema),
    declared: o.consumes.map(({ ref }) => consumedViewName(ref)),
    inputs,
    allowedDirectories: [stagingDir],
    allowedPaths,
    scratch: join(o.layout.root, "tmp", "transform", productPath(o.ref)),
    progress: o.progress,
  });
}

export async function runProduct(
  connection: DuckDBConnection,
  o: ProductRunOptions,
): Promise<ProductRunResult> {
  const start = process.hrtime.bigint();
  let input: { rowsIn: number; quarantined: number };
  try {
    input = await extract(connection, o);
  } catch (e) {
    throw new PipelineError(
      `${o.contract.id}: cannot read the input: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  const transformStart = process.hrtime.bigint();
  const schema = `warehouse.${ident(o.ref.domain)}`;
  const table = glueTableName(o.ref);
  // The new table is built beside the current one and swapped in by a rename only if it holds.
  const candidate = `${schema}.${ident(`${table}__candidate`)}`;
  let result: string;
  try {
    result = await transformSandboxed(o);
  } catch (e) {
    if (e instanceof TransformSqlError) throw new TransformSqlError(`${o.contract.id}: ${e.message}`);
    if (e instanceof PipelineError) throw new PipelineError(`${o.contract.id}: ${e.message}`);
    throw e;
  }
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await connection.run(
    `CREATE OR REPLACE TABLE ${candidate} AS SELECT * FROM read_parquet(${literal(result)})`,
  );
  rmSync(result, { force: true });
  const { failures, rows: rowsOut } = await enforceContract(connection, candidate, o.contract);
  o.progress.stage(o.contract.id, "transformed", rowsOut, seconds(transformStart));
  if (failures.length === 0) {
    await tracked(
      connection,
      o.progress,
      o.contract.id,
      "loading",
      () => load(connection, o, candidate, `${schema}.${ident(table)}`, table),
      rowsOut,
    );
  } else await connection.run(`DROP TABLE ${candidate}`);
  o.progress.stage(
    o.contract.id,
    failures.length === 0 ? "loaded" : "contract violated, previous table kept",
    rowsOut,
  );
  return { ...input, rowsOut, seconds: seconds(start), transformSeconds: seconds(transformStart), failures };
}

/**
 * Replaces the product's table (by renaming the candidate), its PII-free projection when it has
 * PII fields, and their Parquet files, each whole or not at all.
 */
async function load(
  connection: DuckDBConnection,
  o: ProductRunOptions,
  candidate: string,
  target: string,
  name: string,
) {
  const columns = Object.keys(o.contract.schema).map(ident).join(", ");
  const redacted =
    piiFields(o.contract).length > 0 ? nonPiiFields(o.contract).map(ident).join(", ") : undefined;
  const redactedTarget = `warehouse.${ident(o.ref.domain)}.${ident(redactedTableName(o.ref))}`;
  await writeWhole(
    connection,
    `SELECT ${columns} FROM ${candidate}`,
    join(o.layout.tableFiles(o.ref), "data.parquet"),
    "FORMAT parquet",
  );
  if (redacted) {
    await writeWhole(
      connection,
      `SELECT ${redacted} FROM ${candidate}`,
      join(o.layout.redactedTableFiles(o.ref), "data.parquet"),
      "FORMAT parquet",
    );
  }
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(`DROP TABLE IF EXISTS ${target}`);
    await connection.run(`ALTER TABLE ${candidate} RENAME TO ${ident(name)}`);
    if (redacted)
      await connection.run(`CREATE OR REPLACE TABLE ${redactedTarget} AS SELECT ${redacted} FROM ${target}`);
    await connection.run("COMMIT");
  } catch (e) {
    await connection.run("ROLLBACK");
    throw e;
  }
}
