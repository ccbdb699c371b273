/**
 * The run history of a local warehouse (`mesh run --out DIR` writes `DIR/warehouse/mesh.duckdb`), as
 * `mesh status` and `mesh catalog --history` read it. The one place that knows where and how the
 * runner stores the history; everything after it works on {@link RunRecord}s.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { CheckResult, RunOutcome, RunRecord } from "../../components/history/runRecord.js";
import { CATALOG } from "../../runner/catalog.js";
import { firstLine } from "../../runner/errors.js";
import { literal } from "../../runner/sql.js";
import { UsageError } from "../errors.js";

/** Reads every run recorded in a warehouse database file. */
export type HistoryReader = (warehouseFile: string) => Promise<RunRecord[]>;

const SCHEMA = "_mesh";
const TABLE = "runs";

type Row = Record<string, unknown>;

const json = <T>(value: unknown, empty: T): T =>
  typeof value === "string" && value !== "" ? (JSON.parse(value) as T) : empty;

function record(row: Row): RunRecord {
  const freshness = row.freshness_at_load_seconds;
  return {
    runId: String(row.run_id),
    product: String(row.product),
    version: String(row.version),
    startedAt: String(row.started_at),
    endedAt: String(row.ended_at),
    outcome: row.outcome as RunOutcome,
    ...(row.error !== null && row.error !== undefined ? { error: String(row.error) } : {}),
    rowsIn: Number(row.rows_in),
    quarantined: json<Record<string, number>>(row.quarantined, {}),
    rowsOut: Number(row.rows_out),
    checks: json<CheckResult[]>(row.checks, []),
    ...(freshness !== null && freshness !== undefined ? { freshnessAtLoadSeconds: Number(freshness) } : {}),
  };
}

/**
 * Every run recorded in `warehouseFile`; none when no run recorded any yet. The file is attached
 * read-only under the name the runner's sessions give it (`warehouse`), so a status never changes
 * the warehouse and reads it as a run would. A file that is not a DuckDB database, or one a running
 * `mesh run` holds, is a {@link UsageError}: the user named the wrong folder, or should wait.
 */
export const readWarehouseHistory: HistoryReader = async (warehouseFile) => {
  const instance = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const connection = await instance.connect();
  try {
    try {
      await connection.run(`ATTACH ${literal(warehouseFile)} AS ${CATALOG} (READ_ONLY)`);
    } catch (e) {
      // DuckDB lets one process write a database file: a run in progress holds it.
      const busy = /lock/i.test(firstLine(e)) ? "; a `mesh run` may be using it: try again when it ends" : "";
      throw new UsageError(`cannot read the run history in ${warehouseFile}: ${firstLine(e)}${busy}`);
    }
    const present = await connection.runAndReadAll(
      `SELECT 1 FROM information_schema.tables
      WHERE table_catalog = $catalog AND table_schema = $schema AND table_name = $table`,
      { catalog: CATALOG, schema: SCHEMA, table: TABLE },
    );
    if (present.currentRowCount === 0) return [];
    const rows = await connection.runAndReadAll(
      `SELECT run_id, product, version,
        strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at,
        strftime(ended_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ended_at,
        outcome, error, rows_in, rows_out, CAST(quarantined AS VARCHAR) AS quarantined,
        CAST(checks AS VARCHAR) AS checks, freshness_at_load_seconds
      FROM ${CATALOG}.${SCHEMA}.${TABLE} ORDER BY ended_at`,
    );
    return rows.getRowObjectsJS().map(record);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
};
