/**
 * The extract stage, shared by `mesh run` and `mesh transform`: every line of a batch of records
 * is checked against the contract; valid records are written to one staged Parquet file, invalid
 * ones (with the reason) to one quarantine file. Never silently dropped: the counts add up.
 */
import { rmSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Contract } from "../components/contract/contract.js";
import { parsedLinesSql, reasonSql, typedColumnsSql } from "./recordSql.js";
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

/** The records of an NDJSON file (plain or `.gz`, local or `s3://`), one `line` per record, read as text. */
export function ndjsonLinesSql(location: string): string {
  // Read as text, not JSON: malformed lines must reach the quarantine, not fail the read.
  return `SELECT line FROM read_csv(${literal(location)}, columns = {'line': 'VARCHAR'}, header = false,
    delim = '\\x1f', quote = '', escape = '', auto_detect = false, max_line_size = 10000000)
    WHERE trim(line) <> ''`;
}

/**
 * Checks every line of `linesSql` (a query with one `line` column) once, into a scratch Parquet
 * file both outputs are split from: the costly part (parsing and checking) runs once.
 */
export async function extractBatch(
  connection: DuckDBConnection,
  contract: Contract,
  linesSql: string,
  targets: BatchTargets,
): Promise<{ rowsIn: number; quarantined: number }> {
  const rowsIn = Number(
    (
      await connection.runAndReadAll(
        `COPY (SELECT ${typedColumnsSql(contract, "TRY_CAST")}, reason, CASE WHEN reason <> '' THEN line END AS line
          FROM (SELECT *, ${reasonSql(contract)} AS reason FROM (${parsedLinesSql(contract, linesSql)})))
        TO ${literal(targets.scratch)} (FORMAT parquet)`,
      )
    ).getRows()[0]![0],
  );
  try {
    const checked = `read_parquet(${literal(targets.scratch)})`;
    const quarantined = Number(
      (await connection.runAndReadAll(`SELECT count(*) FROM ${checked} WHERE reason <> ''`)).getRows()[0]![0],
    );
    if (quarantined > 0) {
      await writeWhole(
        connection,
        `SELECT line AS record, reason FROM ${checked} WHERE reason <> ''`,
        targets.quarantine,
        "FORMAT json",
      );
    }
    const columns = Object.keys(contract.schema).map(ident).join(", ");
    await writeWhole(
      connection,
      `SELECT ${columns} FROM ${checked} WHERE reason = ''`,
      targets.staged,
      "FORMAT parquet",
    );
    return { rowsIn, quarantined };
  } finally {
    rmSync(targets.scratch, { force: true });
  }
}
