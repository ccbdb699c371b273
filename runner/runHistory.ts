/**
 * The run history (issue 14, item 4): one {@link RunRecord} per product run — loaded, refused by its
 * contract, or failed — kept with the warehouse. Locally every product's runs are one table of the
 * platform's own (`_mesh.runs` in the warehouse database); in production each product version's
 * runs are an Iceberg table beside its table (`<product>_v<major>_runs`, `components/naming.ts`),
 * in the same catalog and namespace, written by the same role that writes the product.
 *
 * Domain SQL never reaches it: the transform runs in a sandbox that attaches no catalog
 * (`sandbox.ts`), so the history is as unreachable to a tenant's SQL as any other table.
 *
 * A record is appended in one `INSERT` (one transaction, one Iceberg commit): a run killed while
 * appending leaves its record whole or absent, never torn. The nested parts (quarantine reasons,
 * check results) are JSON text, which every catalog stores (Iceberg has no JSON type).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { HISTORY_COLUMNS } from "../components/history/historyTable.js";
import type { CheckResult, RunRecord } from "../components/history/runRecord.js";
import {
  historyTableName,
  historyWarehousePrefix,
  LOCAL_HISTORY_TABLE,
  type ProductRef,
  parseWarehouseKey,
  warehouseLocation,
} from "../components/naming.js";
import {
  createTableSql,
  type LoadTarget,
  type OwnTables,
  qualified,
  type TableName,
  tableColumns,
} from "./load.js";
import { literal } from "./sql.js";

export type { CheckResult, RunRecord } from "../components/history/runRecord.js";

/** Where `mesh run` keeps every product's runs, in the local warehouse. */
export const LOCAL_HISTORY: TableName = LOCAL_HISTORY_TABLE;

/**
 * A product version's history in production: beside its table, in the same catalog and namespace;
 * where the run creates it (an Iceberg REST catalog), its files beside the table's files.
 */
export function historyBeside(table: TableName, ref: ProductRef): TableName {
  const m = table.location ? /^s3:\/\/([^/]+)\/(.*)$/.exec(table.location) : null;
  const owner = m ? parseWarehouseKey(m[2]!) : undefined;
  const ours = owner?.domain === ref.domain && owner.product === ref.product && owner.major === ref.major;
  return {
    database: table.database,
    table: historyTableName(ref),
    ...(m && ours ? { location: warehouseLocation(m[1]!, historyWarehousePrefix(ref)) } : {}),
  };
}

/** The history table as the load stage's helpers create it. */
export const historyTarget = (table: TableName): LoadTarget => ({ table, columns: HISTORY_COLUMNS });

/**
 * Creates the history table where it does not exist: with SQL in a DuckDB catalog (its schema too,
 * `_mesh` locally), through the catalog's API where DuckDB cannot create tables (`ownTables`).
 */
export async function ensureHistoryTable(
  connection: DuckDBConnection,
  table: TableName,
  ownTables?: OwnTables,
): Promise<void> {
  if (await tableColumns(connection, table)) return;
  const target = historyTarget(table);
  if (ownTables) await ownTables.create(target);
  else for (const statement of createTableSql(target)) await connection.run(statement);
}

const timestamp = (iso: string) => `CAST(${literal(iso)} AS TIMESTAMP)`;
const bigint = (n: number) => String(Math.trunc(n));

/** Appends one run, in one statement. */
export async function appendRunRecord(
  connection: DuckDBConnection,
  table: TableName,
  record: RunRecord,
  ownTables?: OwnTables,
): Promise<void> {
  await ensureHistoryTable(connection, table, ownTables);
  const values = [
    literal(record.runId),
    literal(record.product),
    literal(record.version),
    timestamp(record.startedAt),
    timestamp(record.endedAt),
    literal(record.outcome),
    record.error === undefined ? "NULL" : literal(record.error),
    bigint(record.rowsIn),
    literal(JSON.stringify(record.quarantined)),
    bigint(record.rowsOut),
    literal(JSON.stringify(record.checks)),
    record.freshnessAtLoadSeconds === undefined ? "NULL" : String(record.freshnessAtLoadSeconds),
  ];
  await connection.run(`INSERT INTO ${qualified(table)} VALUES (${values.join(", ")})`);
}

export interface RunHistoryQuery {
  /** Only this product version's runs (`<domain>.<product>.v<major>`). */
  readonly product?: string;
  /** Only runs started at or after this instant (ISO 8601). */
  readonly since?: string;
  /** @default the local warehouse's history, {@link LOCAL_HISTORY} */
  readonly table?: TableName;
}

const ISO = "'%Y-%m-%dT%H:%M:%S.%gZ'";

/**
 * The runs in the history, oldest first; none when there is no history yet. `connection` is a
 * session with the warehouse attached as `warehouse` (`runner/catalog.ts`), as the runner's own
 * session or `ATTACH '<out>/warehouse/mesh.duckdb' AS warehouse (READ_ONLY)`.
 */
export async function readRunHistory(
  connection: DuckDBConnection,
  query: RunHistoryQuery = {},
): Promise<RunRecord[]> {
  const table = query.table ?? LOCAL_HISTORY;
  if (!(await tableColumns(connection, table))) return [];
  const where: string[] = [];
  if (query.product !== undefined) where.push(`product = ${literal(query.product)}`);
  if (query.since !== undefined) {
    const since = Date.parse(query.since);
    if (Number.isNaN(since)) throw new RangeError(`since: not an ISO 8601 instant: ${query.since}`);
    where.push(`started_at >= ${timestamp(new Date(since).toISOString())}`);
  }
  const rows = await connection.runAndReadAll(
    `SELECT run_id, product, version, strftime(started_at, ${ISO}) AS started_at,
       strftime(ended_at, ${ISO}) AS ended_at, outcome, error, rows_in, quarantined, rows_out, checks,
       freshness_at_load_seconds
     FROM ${qualified(table)}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""}
     ORDER BY started_at, ended_at, run_id`,
  );
  return rows.getRowObjectsJson().map((r) => ({
    runId: String(r.run_id),
    product: String(r.product),
    version: String(r.version),
    startedAt: String(r.started_at),
    endedAt: String(r.ended_at),
    outcome: r.outcome === "succeeded" ? "succeeded" : "failed",
    ...(r.error === null ? {} : { error: String(r.error) }),
    rowsIn: Number(r.rows_in),
    quarantined: JSON.parse(String(r.quarantined)) as Record<string, number>,
    rowsOut: Number(r.rows_out),
    checks: JSON.parse(String(r.checks)) as CheckResult[],
    ...(r.freshness_at_load_seconds === null
      ? {}
      : { freshnessAtLoadSeconds: Number(r.freshness_at_load_seconds) }),
  }));
}
