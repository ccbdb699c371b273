/**
 * The load stage: the checked candidate replaces the rows of the product's table and of its
 * PII-free projection. The table's schema is evolved first: a field added within a major (a
 * compatible change) becomes a new nullable column, which earlier rows read as NULL — DuckDB's
 * `ALTER TABLE … ADD COLUMN` where the catalog takes it (a DuckDB file), or the catalog's own API
 * where DuckDB cannot (an Iceberg REST catalog: {@link OwnTables}).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Field } from "../components/declaration/schema.js";
import { warehouseDuckdbType } from "../components/declaration/types.js";
import { CATALOG } from "./catalog.js";
import { firstLine, PipelineError } from "./errors.js";
import { ident, literal } from "./sql.js";

export interface TableName {
  readonly database: string;
  readonly table: string;
  /** Where the table's files go (`s3://bucket/prefix/`), for a catalog where the run creates it. */
  readonly location?: string;
}

export const qualified = (t: TableName) => `${CATALOG}.${ident(t.database)}.${ident(t.table)}`;
export const shownTable = (t: TableName) => `${t.database}.${t.table}`;

/** One table the load replaces, and the contract columns it holds. */
export interface LoadTarget {
  readonly table: TableName;
  readonly columns: Readonly<Record<string, Field>>;
}

/**
 * How a catalog makes and evolves the product's own tables where DuckDB's SQL cannot: an Iceberg
 * REST catalog has no deploy-time table (the first run creates it) and no `ADD COLUMN` in DuckDB.
 */
export interface OwnTables {
  /** Creates a missing own table from the contract (instead of failing: "deploy the stack first"). */
  readonly create: (target: LoadTarget) => Promise<void>;
  /** Adds the columns to the table, outside DuckDB; the next transaction sees them. */
  readonly addColumns: (table: TableName, columns: readonly (readonly [string, Field])[]) => Promise<void>;
}

/** The table's columns (lowercase name → type), or undefined when there is no such table. */
export async function tableColumns(
  connection: DuckDBConnection,
  t: TableName,
): Promise<Map<string, string> | undefined> {
  try {
    const described = await connection.runAndReadAll(`DESCRIBE ${qualified(t)}`);
    return new Map(
      described.getRowObjectsJson().map((r) => [String(r.column_name).toLowerCase(), String(r.column_type)]),
    );
  } catch {
    return undefined;
  }
}

/**
 * `CREATE TABLE IF NOT EXISTS` for a target: what deploying the product creates in the catalog
 * (json as text, as in an Iceberg catalog, so a local run reads its inputs as a deployed one does).
 */
export function createTableSql(target: LoadTarget): string[] {
  const columns = Object.entries(target.columns)
    .map(([name, field]) => `${ident(name)} ${warehouseDuckdbType(field.type)}`)
    .join(", ");
  return [
    `CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${ident(target.table.database)}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(target.table)} (${columns})`,
  ];
}

/** The contract's columns a table lacks. */
const missingColumns = (target: LoadTarget, existing: Map<string, string>) =>
  Object.entries(target.columns).filter(([name]) => !existing.has(name.toLowerCase()));

/** The statements that add the contract's columns a table lacks. */
function evolveSql(target: LoadTarget, existing: Map<string, string>): string[] {
  return missingColumns(target, existing).map(
    ([name, field]) =>
      `ALTER TABLE ${qualified(target.table)} ADD COLUMN ${ident(name)} ${warehouseDuckdbType(field.type)}`,
  );
}

/**
 * Replaces every target's rows with the candidate's (`candidate`: a relation in the session).
 * `atomic`: all targets in one transaction (a DuckDB catalog); otherwise one commit per target,
 * the table first (an Iceberg catalog commits one table at a time), so a failure between them
 * leaves the projection at the previous run's rows until the retry.
 */
export async function replaceTables(
  connection: DuckDBConnection,
  candidate: string,
  targets: readonly LoadTarget[],
  atomic: boolean,
  ownTables?: OwnTables,
): Promise<void> {
  const plans: { target: LoadTarget; statements: string[] }[] = [];
  for (const target of targets) {
    const existing = await tableColumns(connection, target.table);
    if (!existing) {
      throw new PipelineError(
        `${shownTable(target.table)}: no such table in the warehouse catalog (the platform creates it with the product: deploy the stack first)`,
      );
    }
    const missing = missingColumns(target, existing);
    if (ownTables) await ownTables.addColumns(target.table, missing);
    // The row in the table's own column order, added columns last (DuckDB's iceberg takes no
    // INSERT column list); a column the contract no longer has is NULL.
    const contract = new Set(Object.keys(target.columns).map((c) => c.toLowerCase()));
    const order = [...existing.keys(), ...missing.map(([name]) => name.toLowerCase())];
    const select = order.map((c) => (contract.has(c) ? ident(c) : "NULL")).join(", ");
    plans.push({
      target,
      statements: [
        ...(ownTables ? [] : evolveSql(target, existing)),
        `DELETE FROM ${qualified(target.table)}`,
        `INSERT INTO ${qualified(target.table)} SELECT ${select} FROM ${candidate}`,
      ],
    });
  }
  const inTransaction = async (statements: readonly string[], what: string) => {
    await connection.run("BEGIN TRANSACTION");
    try {
      for (const statement of statements) await connection.run(statement);
      await connection.run("COMMIT");
    } catch (e) {
      await connection.run("ROLLBACK").catch(() => {});
      throw new PipelineError(`cannot write ${what}: ${firstLine(e)}`);
    }
  };
  if (atomic) {
    await inTransaction(
      plans.flatMap((p) => p.statements),
      plans.map((p) => shownTable(p.target.table)).join(" and "),
    );
  } else {
    for (const p of plans) await inTransaction(p.statements, shownTable(p.target.table));
  }
}

/** Copies a table's rows into a local Parquet file (a transform's input, or its own last output). */
export async function copyTable(connection: DuckDBConnection, t: TableName, file: string): Promise<void> {
  await connection.run(`COPY (SELECT * FROM ${qualified(t)}) TO ${literal(file)} (FORMAT parquet)`);
}
