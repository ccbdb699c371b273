/**
 * A product's staged history as its transform reads it: the whole of it, or — for an incremental
 * product — its current table plus the batches staged since its last run; and the expiry of the
 * batches such a table already holds, so its history stops growing.
 */
import { join } from "node:path";
import type { RawRecords } from "../components/declaration/productModel.js";
import { stagingSql } from "../components/declaration/stagingRelation.js";
import { PipelineError } from "./errors.js";
import { glob } from "./ingest.js";
import { type Ledger, writeLedger } from "./ledger.js";
import { copyTable, qualified, type TableName } from "./load.js";
import { batchIdOf, dayOf, stagedBatches } from "./locations.js";
import type { PipelineEnv, PipelineProduct } from "./pipelineTypes.js";
import { literal } from "./sql.js";

export interface StagingRelation {
  /** The query `staging` stands for. */
  readonly query: string;
  /** Batches this run folds into an incremental product's table. */
  readonly folding: readonly string[];
  /** Batches the table already holds and that are still staged. */
  readonly kept: readonly string[];
  readonly paths: readonly string[];
}

/** What `staging` is for this run: the whole history, or the current table plus the new batches. */
export async function stagingRelation(
  env: PipelineEnv,
  product: PipelineProduct,
  raw: RawRecords,
  staging: string,
  ledger: Ledger,
): Promise<StagingRelation> {
  const batches = await glob(env.connection, stagedBatches(staging));
  const staged = new Set(batches.map((b) => batchIdOf(b)!));
  // A folded batch no longer staged has expired (the bucket's lifecycle rule, or expireFolded).
  if (ledger.folded.some((id) => !staged.has(id))) ledger.expired = true;
  if (ledger.expired && !product.incremental) {
    throw new PipelineError(
      "its staged history was partly expired while its transform was incremental (the table alone holds those rows): rebuilding the table from what is left would drop them. Keep `transform.incremental: true`, or publish a new major to rebuild from new records",
    );
  }
  let folded = new Set(ledger.folded);
  if (product.incremental && folded.size > 0 && (await rowCount(env, product.table)) !== ledger.foldedRows) {
    // The table is not the one the ledger folded into: refold every batch (the SQL is idempotent).
    folded = new Set();
  }
  const reading = product.incremental ? batches.filter((b) => !folded.has(batchIdOf(b)!)) : batches;
  const paths: string[] = [];
  let previous: string | undefined;
  if (product.incremental) {
    // The product's own current rows are part of its history: the SQL folds new batches into them.
    const file = join(env.scratch, "previous.parquet");
    await copyTable(env.connection, product.table, file);
    previous = `SELECT * FROM read_parquet(${literal(file)})`;
    paths.push(file);
  }
  const query = stagingSql(raw.schema, { batches: reading, ...(previous ? { previous } : {}) });
  const kept = batches.map((b) => batchIdOf(b)!).filter((id) => folded.has(id));
  return { query, folding: reading.map((b) => batchIdOf(b)!), kept, paths };
}

async function rowCount(env: PipelineEnv, table: TableName): Promise<number> {
  const rows = await env.connection.runAndReadAll(`SELECT count(*) FROM ${qualified(table)}`);
  return Number(rows.getRows()[0]![0]);
}

/** Copies each declared input's table into scratch, for the sandbox to read. */

const ageInDays = (day: string, today: string) => (Date.parse(today) - Date.parse(day)) / 86_400_000;

/**
 * Removes an incremental product's folded batches past their retention: its table holds them, so
 * its history stops growing. Removed after the ledger is written; a crash between the two leaves
 * files the next run removes.
 */
export async function expireFolded(
  env: PipelineEnv,
  product: PipelineProduct,
  staging: string,
  ledger: Ledger,
) {
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
  ledger.expired = true;
  await writeLedger(env.connection, staging, ledger);
}

/** Only the extract stage (`mesh stage`, run by a Spark product's driver before Spark reads the batches). */
