/**
 * Runs a product's SQL quality checks (`quality.sql`) on its candidate output, before it is
 * loaded. The query is tenant-written, so it runs where the transform runs: in a sandbox of its own
 * (`sandbox.ts`) that holds one view, `object`, over the candidate's Parquet file — the only file
 * it may read — never in the pipeline's session, which reaches the warehouse and the run history.
 *
 * Each query is checked again first (`components/declaration/qualitySql.ts`: one SELECT over
 * `{object}`), runs through DuckDB's `query()` (one SELECT, never spliced into a statement), and
 * must return one row with one number. A query refused, failing or returning anything else is a
 * failed check with its reason, like a value outside the threshold: it never stops the run.
 */
import { mkdirSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SqlCheck } from "../components/declaration/qualitySchema.js";
import {
  checkSql,
  checkSqlProblems,
  isNumericResult,
  OBJECT_VIEW,
} from "../components/declaration/qualitySql.js";
import { firstLine } from "./errors.js";
import { withSandbox } from "./sandbox.js";
import { ident, literal } from "./sql.js";
import { duckdbMessage } from "./sqlPosition.js";

/** A check's number, or why it has none. */
export type SqlCheckValue = { readonly value: number } | { readonly problem: string };

export interface SqlCheckRun {
  /** The candidate output: the Parquet file the transform wrote. */
  readonly file: string;
  /** A scratch folder of the check session's own: spill files. */
  readonly scratch: string;
  readonly threads?: number;
}

/** The value of each of `checks` on the candidate, in order. */
export async function sqlCheckValues(
  checks: readonly SqlCheck[],
  run: SqlCheckRun,
): Promise<SqlCheckValue[]> {
  if (checks.length === 0) return [];
  mkdirSync(run.scratch, { recursive: true });
  const options = {
    scratch: run.scratch,
    threads: run.threads,
    allowedDirectories: [],
    allowedPaths: [run.file],
    what: "the quality checks",
    prepare: async (connection: DuckDBConnection) => {
      await connection.run(
        `CREATE TEMP VIEW ${ident(OBJECT_VIEW)} AS SELECT * FROM read_parquet(${literal(run.file)})`,
      );
    },
  };
  return withSandbox(options, async (connection) => {
    const values: SqlCheckValue[] = [];
    for (const check of checks) {
      const refused = await checkSqlProblems(check.query);
      if (refused.length > 0) {
        values.push({ problem: `its SQL is refused: ${refused.map((p) => p.message).join("; ")}` });
        continue;
      }
      try {
        const reader = await connection.runAndReadAll(
          `SELECT * FROM query(${literal(checkSql(check.query))})`,
        );
        const rows = reader.getRows();
        const type = reader.columnCount === 1 ? String(reader.columnTypes()[0]) : undefined;
        if (reader.columnCount !== 1 || rows.length !== 1) {
          values.push({
            problem: `its SQL returned ${rows.length} row(s) of ${reader.columnCount} column(s); a quality check returns one row with one number`,
          });
        } else if (!type || !isNumericResult(type)) {
          values.push({ problem: `its SQL returned a ${type}; a quality check returns one number` });
        } else if (rows[0]![0] === null) {
          values.push({ problem: "its SQL returned NULL, not a number (an aggregate of no rows?)" });
        } else {
          values.push({ value: Number(rows[0]![0]) });
        }
      } catch (e) {
        const message = duckdbMessage((e as Error).message ?? firstLine(e)).replaceAll(
          `"${OBJECT_VIEW}"`,
          "{object}",
        );
        values.push({ problem: `its SQL failed: ${message}` });
      }
    }
    return values;
  });
}
