/**
 * A product's ledger (`state/ledger.json` under its staging root): which raw file became which
 * staged batch, and which batches an incremental transform has folded into its table.
 *
 * A batch's id is the SHA-256 of the raw file's bytes, so the same batch delivered again — under
 * another name or on another ingest date — is staged once. The ledger only saves work: it is
 * rewritten whole, and a run killed before writing it loses nothing (the next run hashes the raw
 * file again and finds its batch staged; an incremental SQL absorbs a batch folded twice).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { firstLine, PipelineError } from "./errors.js";
import { ledgerFile } from "./locations.js";
import { literal } from "./sql.js";
import { isRemote, writeWhole } from "./write.js";

const LedgerSchema = z.object({
  version: z.literal(1),
  /** Raw file (relative to the staging root) → the id of the batch it was staged as. */
  raw: z.record(z.string(), z.string()),
  /** Ids of the batches an incremental transform's table already holds. */
  folded: z.array(z.string()),
  /**
   * The table's row count when `folded` was recorded: a table found with another count was
   * changed outside the pipeline (restored, truncated, another catalog), and is refolded whole.
   */
  foldedRows: z.number().optional(),
  /**
   * Batches a table held have expired (an incremental product's history past its retention): only
   * the table holds their rows now, so the history can no longer rebuild it.
   */
  expired: z.boolean().optional(),
});

export type Ledger = z.infer<typeof LedgerSchema>;

const empty = (): Ledger => ({ version: 1, raw: {}, folded: [] });

/** The product's ledger; an empty one when there is none yet. A corrupt one is rebuilt, not trusted. */
export async function readLedger(connection: DuckDBConnection, staging: string): Promise<Ledger> {
  const file = ledgerFile(staging);
  let text: string | undefined;
  try {
    const rows = (
      await connection.runAndReadAll(`SELECT content FROM read_text(${literal(file)})`)
    ).getRows();
    text = rows.length > 0 ? String(rows[0]![0]) : undefined;
  } catch (e) {
    if (/No files found|does not exist|not found|404/i.test(firstLine(e))) return empty();
    throw new PipelineError(`cannot read the ledger ${file}: ${firstLine(e)}`);
  }
  if (text === undefined) return empty();
  try {
    const parsed = LedgerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : empty();
  } catch {
    return empty();
  }
}

export async function writeLedger(
  connection: DuckDBConnection,
  staging: string,
  ledger: Ledger,
): Promise<void> {
  // One value written as text: DuckDB's CSV writer with no header, quoting or escaping.
  await writeWhole(
    connection,
    `SELECT ${literal(JSON.stringify(ledger))} AS ledger`,
    ledgerFile(staging),
    "FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\\x1f'",
  );
}

/**
 * The SHA-256 (hex) of a file's bytes. A local file is streamed (constant memory, whatever its
 * size); an object on S3 is read whole through DuckDB (the sink's files are bounded: a file per
 * topic partition and offset commit).
 */
export async function fingerprint(connection: DuckDBConnection, file: string): Promise<string> {
  if (!isRemote(file)) {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest("hex");
  }
  const rows = (
    await connection.runAndReadAll(`SELECT sha256(content) FROM read_blob(${literal(file)})`)
  ).getRows();
  return String(rows[0]![0]);
}
