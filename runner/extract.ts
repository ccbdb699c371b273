/**
 * The extract stage, shared by `mesh run` and `mesh transform`: every line of one NDJSON file is
 * judged alone against the product's raw schema; valid records are written to one staged Parquet
 * file, invalid ones (each with its file, line, offending value and reason) to one quarantine file.
 *
 * Lines: a line ends at LF, CR LF or a lone CR; the CR is never part of the value. Line numbers are
 * 1-based and count every line of the file, blank ones included. A file that mixes CR LF with other
 * line ends is read CR by CR: there a CR LF pair counts as two line ends (DuckDB's lax reader), so
 * its line numbers can run ahead of an editor's.
 *
 * Counting: blank and whitespace-only lines are not records and are not counted. Every other line
 * is one record, and `rowsIn = staged + quarantined` always. A file that cannot be read at all as
 * text (e.g. not gzip though named `.gz`) counts as one quarantined record with `line` null; a
 * truncated `.gz` yields the lines before the cut (the cut line is judged like any other).
 *
 * Only real I/O failures (a missing file, a full disk, unreachable S3) throw.
 */
import { rmSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { RawRecords } from "../components/declaration/productModel.js";
import { checkedLinesSql, emptyStagingSql } from "./recordSql.js";
import { ident, literal } from "./sql.js";
import { writeWhole } from "./write.js";

export interface BatchTargets {
  /** The staged Parquet file of the valid records (written last: its presence marks the batch done). */
  readonly staged: string;
  /** The NDJSON file of the invalid records and their reasons (written only if there are any). */
  readonly quarantine: string;
  /** A local scratch file for the checked batch, removed afterwards. */
  readonly scratch: string;
}

export interface BatchResult {
  /** Records read: non-blank lines (or 1 for a file that cannot be read at all). */
  readonly rowsIn: number;
  readonly staged: number;
  readonly quarantined: number;
  /** Quarantined records by the kind of their first problem, e.g. `{ "out of range": 3 }`. */
  readonly reasons: Readonly<Record<string, number>>;
}

/** How the file's lines are split: LF, CR LF, or (a mix) at every CR and LF. */
// (The lax reader must be told LF: auto-detected CR LF makes it drop the byte after a lone CR.)
const MODES = ["new_line = '\\n'", "new_line = '\\r\\n'", "new_line = '\\n', strict_mode = false"] as const;

let batches = 0;

/**
 * The lines of `file` in file order, blank ones included (they are numbered, not judged). No
 * window numbers them here: that would serialise the checks. The checked scratch file keeps the
 * input's order (DuckDB preserves insertion order), so a row's position in it is its line.
 */
function linesSql(file: string, mode: string, maxRecordBytes: number, rejects: string): string {
  return `SELECT line, line IS NULL OR trim(line, ' \t') = '' AS blank
    FROM read_csv(${literal(file)}, columns = {'line': 'VARCHAR'},
      header = false, delim = '\\x1f', quote = '', escape = '', auto_detect = false, ${mode},
      max_line_size = ${maxRecordBytes + 16}, store_rejects = true,
      rejects_table = ${literal(rejects)}, rejects_scan = ${literal(`${rejects}_scan`)})`;
}

/** An error that says the content is bad, not that the file could not be reached or written. */
const isContentError = (e: unknown) =>
  /gzip|zstd|decompress|inflate|Invalid Input Error|Conversion Error|Invalid unicode/i.test(
    (e as Error).message ?? "",
  ) && !/No files found|No space left|HTTP|Could not establish|Connection/i.test((e as Error).message ?? "");
const isLineEndError = (e: unknown) => /state machine/i.test((e as Error).message ?? "");

/**
 * Judges every line of `file` (plain or `.gz`, a local path or `s3://` URI) against `raw`: valid
 * records to `targets.staged` (exactly the raw schema's fields, typed), invalid ones to
 * `targets.quarantine` as NDJSON `{file, line, value, reason, record}`, `file` being `label`.
 */
export async function extractBatch(
  connection: DuckDBConnection,
  raw: RawRecords,
  file: string,
  targets: BatchTargets,
  label: string = file,
): Promise<BatchResult> {
  const rejects = `extract_rejects_${process.pid}_${++batches}`;
  const names = Object.keys(raw.schema).map(ident).join(", ");
  const drop = async () => {
    await connection.run(
      `DROP TABLE IF EXISTS ${ident(rejects)}; DROP TABLE IF EXISTS ${ident(`${rejects}_scan`)}`,
    );
  };
  try {
    let checked: number | undefined;
    for (const mode of MODES) {
      await drop();
      try {
        checked = Number(
          (
            await connection.runAndReadAll(
              `COPY (SELECT blank, ${names}, CASE WHEN NOT blank AND len(problems) > 0 THEN problems END AS problems,
                CASE WHEN NOT blank AND len(problems) > 0 THEN line END AS line
                FROM (${checkedLinesSql(raw, linesSql(file, mode, raw.maxRecordBytes, rejects))}))
              TO ${literal(targets.scratch)} (FORMAT parquet)`,
            )
          ).getRows()[0]![0],
        );
        break;
      } catch (e) {
        if (isLineEndError(e)) continue;
        if (isContentError(e)) return await unreadable(connection, raw, targets, label, e as Error);
        throw e;
      }
    }
    if (checked === undefined) {
      return await unreadable(connection, raw, targets, label, new Error("its line ends cannot be read"));
    }
    // `k`: the row's position among the lines the reader accepted (blank ones included).
    const scratch = `(SELECT *, file_row_number + 1 AS k FROM read_parquet(${literal(targets.scratch)}, file_row_number = true))`;
    const rejected = `(SELECT DISTINCT ON (line) line, error_type, csv_line FROM ${ident(rejects)} ORDER BY line)`;
    // An accepted row's line: its rank `k` among accepted rows plus the rejected lines before it.
    const gaps = `(SELECT line - row_number() OVER (ORDER BY line) AS gap FROM ${rejected})`;
    const kindOfReject = `CASE error_type WHEN 'INVALID ENCODING' THEN 'not valid UTF-8' WHEN 'LINE SIZE OVER MAXIMUM' THEN 'record too long' ELSE 'not valid JSON' END`;
    const quarantine = `SELECT ${literal(label)} AS file, k + (SELECT count(*) FROM ${gaps} WHERE gap < k) AS line,
        CASE WHEN starts_with(problems[1].value, '"') THEN json_extract_string(problems[1].value, '$')
          ELSE problems[1].value::VARCHAR END AS value, array_to_string(list_transform(problems, p -> p.reason), '; ') AS reason,
        line AS record, problems[1].kind AS kind
      FROM ${scratch} WHERE problems IS NOT NULL
      UNION ALL
      SELECT ${literal(label)}, line, NULL,
        CASE error_type
          WHEN 'INVALID ENCODING' THEN 'not valid UTF-8 (the record shows each invalid byte as ?)'
          WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the record is over the limit of ${raw.maxRecordBytes} bytes'
          ELSE 'not valid JSON (' || lower(error_type) || ')' END,
        trim(csv_line, chr(10) || chr(13)), ${kindOfReject}
      FROM ${rejected}`;
    const reasons: Record<string, number> = {};
    for (const [kind, n] of (
      await connection.runAndReadAll(`SELECT kind, count(*) FROM (${quarantine}) GROUP BY kind ORDER BY kind`)
    ).getRows())
      reasons[String(kind)] = Number(n);
    const quarantined = Object.values(reasons).reduce((a, b) => a + b, 0);
    if (quarantined > 0) {
      await writeWhole(
        connection,
        `SELECT file, line, value, reason, record FROM (${quarantine}) ORDER BY line`,
        targets.quarantine,
        "FORMAT json",
      );
    }
    const staged = await writeWhole(
      connection,
      `SELECT ${names} FROM ${scratch} WHERE NOT blank AND problems IS NULL`,
      targets.staged,
      "FORMAT parquet",
    );
    return { rowsIn: staged + quarantined, staged, quarantined, reasons };
  } finally {
    await drop().catch(() => undefined);
    rmSync(targets.scratch, { force: true });
  }
}

/** A file no line of which can be read: one quarantined record saying why, and an empty staged file. */
async function unreadable(
  connection: DuckDBConnection,
  raw: RawRecords,
  targets: BatchTargets,
  label: string,
  error: Error,
): Promise<BatchResult> {
  const why = `the file cannot be read as text: ${(error.message ?? "").split("\n")[0]}`;
  await writeWhole(
    connection,
    `SELECT ${literal(label)} AS file, NULL::BIGINT AS line, NULL::VARCHAR AS value, ${literal(why)} AS reason, NULL::VARCHAR AS record`,
    targets.quarantine,
    "FORMAT json",
  );
  await writeWhole(connection, emptyStagingSql(raw.schema), targets.staged, "FORMAT parquet");
  return { rowsIn: 1, staged: 0, quarantined: 1, reasons: { "unreadable file": 1 } };
}
