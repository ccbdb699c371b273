/**
 * The production transform (`mesh transform`, what the TransformJob's container runs): the same
 * SQL and output contract as `mesh run`, over the staging bucket and the tables of the consumed
 * products, replacing the product's warehouse table in one transaction only when the contract
 * holds. In production the tables are Iceberg tables in Glue (one new snapshot per run) and staging
 * is `s3://…` (DuckDB's httpfs, credentials from IRSA); a DuckDB file and a folder work the same.
 */
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { z } from "zod";
import { type Contract, nonPiiFields } from "../components/contract/contract.js";
import { FieldSchema, QualitySchema } from "../components/declaration/schema.js";
import { attachStatements, CATALOG, s3Statements, type WarehouseCatalog } from "./catalog.js";
import { enforceContract, type RuleFailure } from "./enforce.js";
import { firstLine, PipelineError } from "./errors.js";
import { defaultRawRecords, extractBatch } from "./extract.js";
import { emptyStagingSql } from "./recordSql.js";
import { runSandboxed } from "./sandbox.js";
import { duckdbSettings } from "./session.js";
import { ident, literal } from "./sql.js";
import { isRemote, under } from "./write.js";

/** The parts of a contract file the transform needs; the platform writes the whole contract. */
export const ContractFileSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    schema: z.record(z.string(), FieldSchema),
    quality: QualitySchema.default({}),
  })
  .loose();

export interface TableName {
  readonly database: string;
  readonly table: string;
}

export interface TransformOptions {
  readonly contract: Contract;
  readonly sql: string;
  /** Where the SQL comes from, for messages (the `--sql` file). */
  readonly sqlSource?: string;
  /** Folder or `s3://bucket/prefix/` of the staged Parquet batches. */
  readonly staging: string;
  readonly catalog: WarehouseCatalog;
  /** The product's table in the catalog. */
  readonly table: TableName;
  /** Its PII-free projection (products with PII fields), written after it with the non-PII columns. */
  readonly redactedTable?: TableName;
  /** View name → table of each consumed product, in the same catalog. */
  readonly reads: readonly { readonly view: string; readonly table: TableName }[];
  /** AWS region of the bucket and the catalog (the pod's `AWS_REGION`). */
  readonly region?: string;
}

/** DuckDB's spill files and the extract's scratch files: the pod's /tmp (an emptyDir). */
const SCRATCH_DIRECTORY = join(tmpdir(), "mesh-transform");
const qualified = (t: TableName) => `${CATALOG}.${ident(t.database)}.${ident(t.table)}`;

async function open(
  options: Pick<TransformOptions, "staging" | "region"> & { catalog?: WarehouseCatalog },
): Promise<{ connection: DuckDBConnection; close: () => void }> {
  mkdirSync(SCRATCH_DIRECTORY, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:", duckdbSettings(join(SCRATCH_DIRECTORY, "spill")));
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const attach = options.catalog ? attachStatements(options.catalog, options.region) : [];
    const statements =
      isRemote(options.staging) && options.catalog?.kind !== "glue"
        ? [...s3Statements(options.region), ...attach]
        : attach;
    for (const statement of statements) await connection.run(statement);
  } catch (e) {
    close();
    const what = options.catalog ? "the warehouse catalog" : "S3 access for the staging bucket";
    throw new PipelineError(`cannot open ${what}: ${firstLine(e)}`);
  }
  return { connection, close };
}

/**
 * The extract stage alone (`mesh stage`): what a Spark product's driver runs first, in the runner
 * image, so that Spark reads staged batches checked by the same code as the DuckDB engine's.
 */
export async function stageOnce(
  options: Pick<TransformOptions, "staging" | "contract" | "region">,
): Promise<IngestResult> {
  const { connection, close } = await open(options);
  try {
    return await ingestRawFiles(connection, options);
  } finally {
    close();
  }
}

async function tableExists(connection: DuckDBConnection, t: TableName): Promise<boolean> {
  try {
    await connection.run(`SELECT * FROM ${qualified(t)} LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}

/** What the extract stage did with the raw files the ingestion sink landed. */
export interface IngestResult {
  /** Raw files staged by this run (files staged by earlier runs are skipped). */
  readonly files: number;
  readonly rowsIn: number;
  readonly quarantined: number;
}

const RAW_FILE = /ingest_date=(\d{4}-\d{2}-\d{2})\/([^/]+?)\.jsonl(\.gz)?$/;

/**
 * Extract: each raw file under `<staging>raw/` not staged yet is checked against the contract
 * into `<staging>ingest_date=<day>/batch-<file>.parquet`, its invalid records into
 * `<staging>quarantine/…`. The staged file is written last, so a run that stops half-way leaves
 * the raw file to the next run; a staged one is never read twice.
 */
async function ingestRawFiles(
  connection: DuckDBConnection,
  options: Pick<TransformOptions, "staging" | "contract">,
): Promise<IngestResult> {
  const list = async (pattern: string) =>
    (await connection.runAndReadAll(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`))
      .getRows()
      .map((r) => String(r[0]));
  const raw = await list(under(options.staging, "raw/**/*.jsonl*"));
  const staged = new Set(await list(under(options.staging, "ingest_date=*/batch-*.parquet")));
  let files = 0;
  let rowsIn = 0;
  let quarantined = 0;
  for (const file of raw) {
    const match = RAW_FILE.exec(file);
    if (!match) continue; // not the sink's layout (RAW_FILE_TEMPLATE): not a batch
    const [, day, name] = match;
    const target = under(options.staging, `ingest_date=${day}/batch-${name}.parquet`);
    if (staged.has(target)) continue;
    try {
      const batch = await extractBatch(connection, defaultRawRecords(options.contract.schema), file, {
        staged: target,
        quarantine: under(options.staging, `quarantine/ingest_date=${day}/batch-${name}.ndjson`),
        scratch: join(SCRATCH_DIRECTORY, `checked-${name}.parquet`),
      });
      files += 1;
      rowsIn += batch.rowsIn;
      quarantined += batch.quarantined;
    } catch (e) {
      throw new PipelineError(`cannot stage ${file}: ${firstLine(e)}`);
    }
  }
  return { files, rowsIn, quarantined };
}

/**
 * Runs the product's SQL in its sandbox (`sandbox.ts`): the platform copies each declared input's
 * table out of the catalog into the scratch folder first, so the sandbox holds no catalog at all;
 * `staging` reads the product's own staged batches. Resolves to the file holding the result.
 */
async function transformSandboxed(connection: DuckDBConnection, options: TransformOptions): Promise<string> {
  const scratch = join(SCRATCH_DIRECTORY, "transform");
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(join(scratch, "inputs"), { recursive: true });
  const pattern = under(options.staging, "ingest_date=*/*.parquet");
  const files = Number(
    (await connection.runAndReadAll(`SELECT count(*) FROM glob(${literal(pattern)})`)).getRows()[0]![0],
  );
  const inputs: { view: string; query: string }[] = [];
  for (const read of options.reads) {
    if (!(await tableExists(connection, read.table))) {
      throw new PipelineError(
        `--read ${read.view}=${read.table.database}.${read.table.table}: no such table in the warehouse catalog, or no permission to read it`,
      );
    }
    const file = join(scratch, "inputs", `${read.view}.parquet`);
    await connection.run(
      `COPY (SELECT * FROM ${qualified(read.table)}) TO ${literal(file)} (FORMAT parquet)`,
    );
    inputs.push({ view: read.view, query: `SELECT * FROM read_parquet(${literal(file)})` });
  }
  return runSandboxed({
    product: options.contract.id,
    sql: options.sql,
    sqlSource: options.sqlSource ?? "--sql",
    setup: isRemote(options.staging) ? s3Statements(options.region) : [],
    staging:
      files > 0
        ? `SELECT * FROM read_parquet(${literal(pattern)}, hive_partitioning = true)`
        : emptyStagingSql(options.contract.schema),
    declared: options.reads.map((r) => r.view),
    inputs,
    allowedDirectories: [options.staging],
    allowedPaths: inputs.map((i) => join(scratch, "inputs", `${i.view}.parquet`)),
    scratch: join(scratch, "sandbox"),
  });
}

/**
 * Replaces the table's rows with the candidate's in one transaction: on Iceberg one commit, so
 * readers see the previous snapshot or the new one, never a mix; on failure nothing changes.
 */
async function replaceRows(
  connection: DuckDBConnection,
  target: string,
  candidate: string,
  columns: string,
): Promise<void> {
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(`DELETE FROM ${target}`);
    await connection.run(`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${candidate}`);
    await connection.run("COMMIT");
  } catch (e) {
    await connection.run("ROLLBACK");
    throw new PipelineError(`cannot write ${target}: ${firstLine(e)}`);
  }
}

/**
 * Runs extract, transform and load; resolves to what was staged, the broken rules (empty when the
 * table was replaced) and the row count.
 */
export async function transformOnce(
  options: TransformOptions,
): Promise<{ ingested: IngestResult; failures: RuleFailure[]; rows: number }> {
  const { connection, close } = await open(options);
  try {
    const targets = [
      { flag: "--table", table: options.table, columns: Object.keys(options.contract.schema) },
      ...(options.redactedTable
        ? [
            {
              flag: "--redacted-table",
              table: options.redactedTable,
              columns: nonPiiFields(options.contract),
            },
          ]
        : []),
    ];
    for (const { flag, table } of targets) {
      if (!(await tableExists(connection, table))) {
        throw new PipelineError(
          `${flag} ${table.database}.${table.table}: no such table in the warehouse catalog (the platform creates it with the product: deploy the stack first)`,
        );
      }
    }
    const ingested = await ingestRawFiles(connection, options);
    const output = await transformSandboxed(connection, options);
    await connection.run(`CREATE TEMP TABLE candidate AS SELECT * FROM read_parquet(${literal(output)})`);
    const result = { ingested, ...(await enforceContract(connection, "candidate", options.contract)) };
    if (result.failures.length > 0) return result;
    // One commit per table: the table first, then its projection, which a failed run leaves at
    // the previous run's rows until the retry.
    for (const { table, columns } of targets) {
      await replaceRows(connection, qualified(table), "candidate", columns.map(ident).join(", "));
    }
    return result;
  } finally {
    close();
  }
}
