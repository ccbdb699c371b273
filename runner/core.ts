/**
 * The one pipeline core every runner uses — `mesh run` on a laptop and `mesh transform` in the
 * product's pod alike. It decides extract, stage, transform, enforce and load; the caller only
 * says where files live (a folder, or the staging bucket) and which catalog is attached as
 * `warehouse` (a DuckDB file, or Glue/REST Iceberg):
 *
 * 1. **extract + stage**: every raw file under `raw/` not staged yet is judged line by line
 *    against the raw schema (`extract.ts`): valid records to one staged Parquet batch named by the
 *    raw file's content hash (the same batch delivered twice is staged once), the rest to the
 *    quarantine. A file that cannot be read is reported and left for the next run; the others go on.
 * 2. **transform**: the product's SQL runs in its sandbox (`sandbox.ts`) over `staging` and a copy
 *    of each declared input's table at the declared major (its PII-free projection when the
 *    product is not admitted) — nothing else. An incremental product's `staging` is its current
 *    table plus the batches staged since; any other product's is its whole staged history.
 * 3. **enforce**: the result is checked against the output contract.
 * 4. **load**: only if it holds, the table and its projection are replaced (schema evolved first).
 *
 * Nothing is half-written: staged files, the quarantine and the ledger are written whole, the load
 * is one transaction, the candidate never enters the warehouse, and scratch is cleaned first.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Contract, nonPiiFields, piiFields } from "../components/contract/contract.js";
import type { RawRecords } from "../components/declaration/productModel.js";
import { enforceContract, type RuleFailure } from "./enforce.js";
import { firstLine, PipelineError, TransformSqlError } from "./errors.js";
import { extractBatch } from "./extract.js";
import { fingerprint, type Ledger, readLedger, writeLedger } from "./ledger.js";
import {
  copyTable,
  type LoadTarget,
  qualified,
  replaceTables,
  shownTable,
  type TableName,
  tableColumns,
} from "./load.js";
import { batchIdOf, dayOf, quarantineFile, rawFiles, stagedBatch, stagedBatches } from "./locations.js";
import { type Progress, tracked } from "./progress.js";
import { emptyStagingSql } from "./recordSql.js";
import { runSandboxed } from "./sandbox.js";
import { literal } from "./sql.js";
import { isPartial } from "./write.js";

/** What the pipeline runs: a product version, as the model (locally) or the product file (pod) gives it. */
export interface PipelineProduct {
  readonly contract: Contract;
  /** Its raw records; undefined for a product derived only from other products. */
  readonly raw?: RawRecords;
  readonly incremental: boolean;
  readonly sql: string;
  /** Where the SQL comes from, for messages. */
  readonly sqlSource: string;
  readonly table: TableName;
  /** The PII-free projection's table, for a product with PII fields. */
  readonly redactedTable?: TableName;
  /** The declared inputs: the view the SQL reads, and the table (or projection) behind it. */
  readonly inputs: readonly { readonly view: string; readonly table: TableName }[];
  /**
   * An incremental product's folded batches older than this many days are removed: the table
   * holds them. In production the staging bucket's lifecycle rule does it (`FOLDED_BATCH_DAYS`).
   */
  readonly foldedRetentionDays?: number;
}

/** Where the pipeline runs. */
export interface PipelineEnv {
  /** The runner's session: the catalog attached as `warehouse`, S3 access when files live there. */
  readonly connection: DuckDBConnection;
  /** The product's staging root (a folder, or `s3://…/`); undefined when it has no raw records. */
  readonly staging?: string;
  /** A local folder of this product's own: emptied first. */
  readonly scratch: string;
  /** Statements the sandbox needs to read `staging` (S3 access). */
  readonly sandboxSetup: readonly string[];
  /** Replace the table and its projection in one transaction (a DuckDB catalog can; Iceberg commits per table). */
  readonly atomicLoad: boolean;
  /** DuckDB's memory limits for the transform's sandbox, tried in order (`memoryLimits()`). */
  readonly memoryLimits?: readonly string[];
  /** DuckDB's threads for the transform's sandbox (the pod's CPU). */
  readonly threads?: number;
  /** What to tell a user whose input table does not exist. */
  readonly missingInputHint: string;
  readonly progress: Progress;
  /** YYYY-MM-DD: the partition a raw file outside `ingest_date=` lands in. */
  readonly today: string;
  /** Removes staged files (a folder); undefined where a lifecycle rule expires them (a bucket). */
  readonly remove?: (files: readonly string[]) => void;
}

export interface IngestResult {
  /** Raw files staged by this run. */
  readonly files: number;
  /** Raw files whose batch was already staged (delivered again): skipped. */
  readonly duplicates: number;
  readonly rowsIn: number;
  readonly staged: number;
  readonly quarantined: number;
  /** Quarantined records by reason. */
  readonly reasons: Readonly<Record<string, number>>;
  /** The quarantine files this run wrote. */
  readonly quarantineFiles: readonly string[];
  /** Raw files that could not be read at all: left for the next run. */
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
}

export interface PipelineResult {
  readonly ingested: IngestResult;
  readonly rowsOut: number;
  /** Output contract rules the new table broke; the previous table was kept. */
  readonly failures: readonly RuleFailure[];
  readonly loaded: boolean;
  readonly seconds: number;
  /** Of `seconds`, the time the transform, the contract checks and the load took. */
  readonly transformSeconds: number;
}

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const NO_INGEST: IngestResult = {
  files: 0,
  duplicates: 0,
  rowsIn: 0,
  staged: 0,
  quarantined: 0,
  reasons: {},
  quarantineFiles: [],
  unreadable: [],
};

async function glob(connection: DuckDBConnection, pattern: string): Promise<string[]> {
  const rows = await connection.runAndReadAll(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`);
  return rows.getRows().map((r) => String(r[0]));
}

/** The path of `file` under the staging root, as the ledger keys it. */
const relativeTo = (root: string, file: string) => {
  const base = root.replace(/\/?$/, "/");
  return file.startsWith(base) ? file.slice(base.length) : file;
};

/** Extract and stage every raw file not staged yet; the ledger records each. */
async function ingest(
  env: PipelineEnv,
  product: Pick<PipelineProduct, "contract">,
  raw: RawRecords,
  staging: string,
  ledger: Ledger,
): Promise<IngestResult> {
  const { connection } = env;
  // A raw file still being written (or torn by a killed writer) is not a raw file yet.
  const files = (await glob(connection, rawFiles(staging))).filter((f) => !isPartial(f));
  const staged = new Set((await glob(connection, stagedBatches(staging))).map(batchIdOf));
  const result = { ...NO_INGEST, reasons: {} as Record<string, number> };
  const quarantineFiles: string[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  const listed = new Set<string>();
  try {
    for (const file of files) {
      const key = relativeTo(staging, file);
      listed.add(key);
      if (ledger.raw[key]) continue;
      try {
        const id = (await fingerprint(connection, file)).slice(0, 32);
        if (staged.has(id)) {
          result.duplicates += 1;
        } else {
          const day = dayOf(file) ?? env.today;
          const quarantine = quarantineFile(staging, day, id);
          const batch = await tracked(connection, env.progress, product.contract.id, "extracting", () =>
            extractBatch(
              connection,
              raw,
              file,
              {
                staged: stagedBatch(staging, day, id),
                quarantine,
                scratch: join(env.scratch, `checked-${id}.parquet`),
              },
              key,
            ),
          );
          result.files += 1;
          result.rowsIn += batch.rowsIn;
          result.staged += batch.staged;
          result.quarantined += batch.quarantined;
          for (const [reason, n] of Object.entries(batch.reasons))
            result.reasons[reason] = (result.reasons[reason] ?? 0) + n;
          if (batch.quarantined > 0) quarantineFiles.push(quarantine);
          staged.add(id);
        }
        ledger.raw[key] = id;
      } catch (e) {
        // One unreadable file never blocks the others; it stays unstaged for the next run.
        unreadable.push({ file: key, reason: firstLine(e) });
      }
    }
  } finally {
    // Entries of raw files that expired are dropped; a crash before this write costs a re-hash.
    for (const key of Object.keys(ledger.raw)) if (!listed.has(key)) delete ledger.raw[key];
    await writeLedger(connection, staging, ledger);
  }
  return { ...result, quarantineFiles, unreadable };
}

interface StagingRelation {
  /** The query `staging` stands for. */
  readonly query: string;
  /** Batches this run folds into an incremental product's table. */
  readonly folding: readonly string[];
  /** Batches the table already holds and that are still staged. */
  readonly kept: readonly string[];
  readonly paths: readonly string[];
}

/** What `staging` is for this run: the whole history, or the current table plus the new batches. */
async function stagingRelation(
  env: PipelineEnv,
  product: PipelineProduct,
  raw: RawRecords,
  staging: string,
  ledger: Ledger,
): Promise<StagingRelation> {
  const batches = await glob(env.connection, stagedBatches(staging));
  let folded = new Set(ledger.folded);
  if (product.incremental && folded.size > 0 && (await rowCount(env, product.table)) !== ledger.foldedRows) {
    // The table is not the one the ledger folded into: refold every batch (the SQL is idempotent).
    folded = new Set();
  }
  const reading = product.incremental ? batches.filter((b) => !folded.has(batchIdOf(b)!)) : batches;
  const parts: string[] = [];
  const paths: string[] = [];
  if (product.incremental) {
    // The product's own current rows are part of its history: the SQL folds new batches into them.
    const previous = join(env.scratch, "previous.parquet");
    await copyTable(env.connection, product.table, previous);
    parts.push(`SELECT * FROM read_parquet(${literal(previous)})`);
    paths.push(previous);
  }
  if (reading.length > 0) {
    parts.push(
      `SELECT * FROM read_parquet([${reading.map(literal).join(", ")}], hive_partitioning = true, union_by_name = true)`,
    );
  }
  const query =
    parts.length === 0
      ? emptyStagingSql(raw.schema)
      : parts.length === 1
        ? parts[0]!
        : `SELECT * FROM (${parts.map((p) => `(${p})`).join(" UNION ALL BY NAME ")})`;
  const kept = batches.map((b) => batchIdOf(b)!).filter((id) => folded.has(id));
  return { query, folding: reading.map((b) => batchIdOf(b)!), kept, paths };
}

async function rowCount(env: PipelineEnv, table: TableName): Promise<number> {
  const rows = await env.connection.runAndReadAll(`SELECT count(*) FROM ${qualified(table)}`);
  return Number(rows.getRows()[0]![0]);
}

/** Copies each declared input's table into scratch, for the sandbox to read. */
async function copyInputs(env: PipelineEnv, product: PipelineProduct) {
  mkdirSync(join(env.scratch, "inputs"), { recursive: true });
  const inputs: { view: string; query: string; file: string }[] = [];
  for (const input of product.inputs) {
    if (!(await tableColumns(env.connection, input.table))) {
      throw new PipelineError(
        `its input ${input.view} (${shownTable(input.table)}) has no table in the warehouse catalog${env.missingInputHint}`,
      );
    }
    const file = join(env.scratch, "inputs", `${input.view}.parquet`);
    await copyTable(env.connection, input.table, file);
    inputs.push({ view: input.view, query: `SELECT * FROM read_parquet(${literal(file)})`, file });
  }
  return inputs;
}

/** Runs the product's pipeline once. Throws {@link PipelineError} when it cannot run at all. */
export async function runPipeline(env: PipelineEnv, product: PipelineProduct): Promise<PipelineResult> {
  const start = process.hrtime.bigint();
  const id = product.contract.id;
  // What a run killed half-way left here (spill files, partial results) goes first.
  rmSync(env.scratch, { recursive: true, force: true });
  mkdirSync(env.scratch, { recursive: true });
  try {
    for (const target of loadTargets(product)) {
      if (!(await tableColumns(env.connection, target.table))) {
        throw new PipelineError(
          `${shownTable(target.table)}: no such table in the warehouse catalog (the platform creates it with the product: deploy the stack first)`,
        );
      }
    }
    const raw = product.raw;
    const staging = raw ? env.staging : undefined;
    if (raw && !staging) throw new PipelineError("it ingests raw records but no staging location was given");
    const ledger = staging ? await readLedger(env.connection, staging) : undefined;
    let ingested = NO_INGEST;
    if (raw && staging && ledger) {
      const extractStart = process.hrtime.bigint();
      ingested = await ingest(env, product, raw, staging, ledger);
      env.progress.stage(id, "extracted and staged", ingested.rowsIn, since(extractStart));
    }
    const transformStart = process.hrtime.bigint();
    const inputs = await copyInputs(env, product);
    const relation =
      raw && staging && ledger ? await stagingRelation(env, product, raw, staging, ledger) : undefined;
    const result = await runSandboxed({
      product: id,
      sql: product.sql,
      sqlSource: product.sqlSource,
      setup: env.sandboxSetup,
      ...(relation ? { staging: relation.query } : {}),
      declared: product.inputs.map((i) => i.view),
      inputs,
      allowedDirectories: staging ? [staging] : [],
      allowedPaths: [...inputs.map((i) => i.file), ...(relation?.paths ?? [])],
      scratch: join(env.scratch, "sandbox"),
      progress: env.progress,
      ...(env.memoryLimits ? { memoryLimits: env.memoryLimits } : {}),
      ...(env.threads ? { threads: env.threads } : {}),
    });
    // The candidate stays a file in scratch: a run killed now leaves nothing in the warehouse.
    await env.connection.run(
      `CREATE OR REPLACE TEMP VIEW candidate AS SELECT * FROM read_parquet(${literal(result)})`,
    );
    const { failures, rows: rowsOut } = await enforceContract(env.connection, "candidate", product.contract);
    env.progress.stage(id, "transformed", rowsOut, since(transformStart));
    if (failures.length === 0) {
      await tracked(
        env.connection,
        env.progress,
        id,
        "loading",
        () => replaceTables(env.connection, "candidate", loadTargets(product), env.atomicLoad),
        rowsOut,
      );
      if (product.incremental && staging && ledger && relation) {
        ledger.folded = [...new Set([...relation.kept, ...relation.folding])];
        ledger.foldedRows = rowsOut;
        await writeLedger(env.connection, staging, ledger);
        await expireFolded(env, product, staging, ledger);
      }
    }
    await env.connection.run("DROP VIEW IF EXISTS candidate");
    env.progress.stage(
      id,
      failures.length === 0 ? "loaded" : "contract violated, previous table kept",
      rowsOut,
    );
    return {
      ingested,
      rowsOut,
      failures,
      loaded: failures.length === 0,
      seconds: since(start),
      transformSeconds: since(transformStart),
    };
  } catch (e) {
    if (e instanceof TransformSqlError) throw new TransformSqlError(`${id}: ${e.message}`);
    if (e instanceof PipelineError) throw new PipelineError(`${id}: ${e.message}`);
    throw new PipelineError(`${id}: ${firstLine(e)}`);
  } finally {
    rmSync(env.scratch, { recursive: true, force: true });
  }
}

/** Days since `day` (YYYY-MM-DD) on `today`. */
const ageInDays = (day: string, today: string) => (Date.parse(today) - Date.parse(day)) / 86_400_000;

/**
 * Removes an incremental product's folded batches past their retention: its table holds them, so
 * its history stops growing. Removed after the ledger is written; a crash between the two leaves
 * files the next run removes.
 */
async function expireFolded(env: PipelineEnv, product: PipelineProduct, staging: string, ledger: Ledger) {
  const days = product.foldedRetentionDays;
  if (!env.remove || days === undefined) return;
  const folded = new Set(ledger.folded);
  const expired = (await glob(env.connection, stagedBatches(staging))).filter((file) => {
    const day = dayOf(file);
    return folded.has(batchIdOf(file)!) && day !== undefined && ageInDays(day, env.today) > days;
  });
  if (expired.length === 0) return;
  env.remove(expired);
  const gone = new Set(expired.map((f) => batchIdOf(f)!));
  ledger.folded = ledger.folded.filter((b) => !gone.has(b));
  await writeLedger(env.connection, staging, ledger);
}

/** Only the extract stage (`mesh stage`, run by a Spark product's driver before Spark reads the batches). */
export async function stageOnly(
  env: PipelineEnv,
  product: Pick<PipelineProduct, "contract" | "raw">,
): Promise<IngestResult> {
  const id = product.contract.id;
  if (!product.raw || !env.staging)
    throw new PipelineError(`${id}: it ingests no raw records: nothing to stage`);
  rmSync(env.scratch, { recursive: true, force: true });
  mkdirSync(env.scratch, { recursive: true });
  try {
    const ledger = await readLedger(env.connection, env.staging);
    return await ingest(env, product, product.raw, env.staging, ledger);
  } catch (e) {
    throw e instanceof PipelineError
      ? new PipelineError(`${id}: ${e.message}`)
      : new PipelineError(`${id}: ${firstLine(e)}`);
  } finally {
    rmSync(env.scratch, { recursive: true, force: true });
  }
}

/** The tables a load replaces: the product's, and its PII-free projection with the non-PII columns. */
export function loadTargets(product: PipelineProduct): LoadTarget[] {
  const { contract } = product;
  const targets: LoadTarget[] = [{ table: product.table, columns: contract.schema }];
  if (product.redactedTable && piiFields(contract).length > 0) {
    const keep = new Set(nonPiiFields(contract));
    targets.push({
      table: product.redactedTable,
      columns: Object.fromEntries(Object.entries(contract.schema).filter(([name]) => keep.has(name))),
    });
  }
  return targets;
}
