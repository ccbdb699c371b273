/**
 * The extract and stage steps of the pipeline core: every raw file under a product's `raw/` not
 * staged yet is judged line by line (`extract.ts`) into one staged batch named by the file's
 * content hash — the same batch delivered again, on any day or under any name, is staged once —
 * and the ledger records which raw file became which batch. A file that cannot be read is
 * reported and left for the next run; the others go on.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { RawRecords } from "../components/declaration/productModel.js";
import { firstLine, PipelineError } from "./errors.js";
import { extractBatch } from "./extract.js";
import { fingerprint, type Ledger, readLedger, writeLedger } from "./ledger.js";
import { batchIdOf, dayOf, quarantineFile, rawFiles, stagedBatch, stagedBatches } from "./locations.js";
import type { IngestResult, PipelineEnv, PipelineProduct } from "./pipelineTypes.js";
import { tracked } from "./progress.js";
import { literal } from "./sql.js";
import { isPartial } from "./write.js";

export const NO_INGEST: IngestResult = {
  files: 0,
  duplicates: 0,
  rowsIn: 0,
  staged: 0,
  quarantined: 0,
  reasons: {},
  quarantineFiles: [],
  unreadable: [],
};

export async function glob(connection: DuckDBConnection, pattern: string): Promise<string[]> {
  const rows = await connection.runAndReadAll(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`);
  return rows.getRows().map((r) => String(r[0]));
}

/** The path of `file` under the staging root, as the ledger keys it. */
const relativeTo = (root: string, file: string) => {
  const base = root.replace(/\/?$/, "/");
  return file.startsWith(base) ? file.slice(base.length) : file;
};

/** Extract and stage every raw file not staged yet; the ledger records each. */
export async function ingest(
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
