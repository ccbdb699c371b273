/**
 * Enforces a product's output contract on a freshly transformed table: column names and types,
 * required, unique, accepted values, ranges, row count. Each rule says on how many rows it failed.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Contract } from "../components/contract/contract.js";
import { duckdbType } from "../components/declaration/types.js";
import { ident, value } from "./sql.js";

export interface RuleFailure {
  /** e.g. `required`, `unique`, `accepted`, `min`, `type`, `column`, `rowCount`. */
  readonly rule: string;
  readonly column?: string;
  /** Rows that break the rule (for column and type problems: 0, the whole table is affected). */
  readonly rows: number;
  readonly message: string;
}

const count = async (connection: DuckDBConnection, sql: string): Promise<number> => {
  const result = await connection.runAndReadAll(sql);
  return Number(result.getRows()[0]![0]);
};

/** Every rule `table` breaks; empty when it honours the contract. */
export async function enforceContract(
  connection: DuckDBConnection,
  table: string,
  contract: Contract,
): Promise<RuleFailure[]> {
  const failures: RuleFailure[] = [];
  const described = await connection.runAndReadAll(`DESCRIBE ${table}`);
  const columns = new Map(
    described.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]),
  );
  for (const [name, field] of Object.entries(contract.schema)) {
    const actual = columns.get(name);
    const expected = duckdbType(field.type);
    if (actual === undefined) {
      failures.push({ rule: "column", column: name, rows: 0, message: `column ${name} is missing` });
    } else if (actual !== expected) {
      failures.push({
        rule: "type",
        column: name,
        rows: 0,
        message: `column ${name} is ${actual}, the contract says ${expected}`,
      });
    }
  }
  for (const name of columns.keys()) {
    if (!(name in contract.schema)) {
      failures.push({
        rule: "column",
        column: name,
        rows: 0,
        message: `column ${name} is not in the contract`,
      });
    }
  }
  if (failures.length > 0) return failures; // the value rules below need the right columns

  const total = await count(connection, `SELECT count(*) FROM ${table}`);
  for (const [name, field] of Object.entries(contract.schema)) {
    const col = ident(name);
    const check = async (rule: string, sql: string, describe: (n: number) => string) => {
      const rows = await count(connection, sql);
      if (rows > 0) failures.push({ rule, column: name, rows, message: describe(rows) });
    };
    if (field.required) {
      await check(
        "required",
        `SELECT count(*) FROM ${table} WHERE ${col} IS NULL`,
        (n) => `${name} is null in ${n} row(s)`,
      );
    }
    if (field.unique) {
      await check(
        "unique",
        `SELECT count(${col}) - count(DISTINCT ${col}) FROM ${table}`,
        (n) => `${name} repeats a value in ${n} row(s)`,
      );
    }
    if (field.accepted) {
      await check(
        "accepted",
        `SELECT count(*) FROM ${table} WHERE ${col} NOT IN (${field.accepted.map(value).join(", ")})`,
        (n) => `${name} has a value outside the accepted ones in ${n} row(s)`,
      );
    }
    if (field.min !== undefined) {
      await check(
        "min",
        `SELECT count(*) FROM ${table} WHERE ${col} < ${field.min}`,
        (n) => `${name} is below ${field.min} in ${n} row(s)`,
      );
    }
    if (field.max !== undefined) {
      await check(
        "max",
        `SELECT count(*) FROM ${table} WHERE ${col} > ${field.max}`,
        (n) => `${name} is above ${field.max} in ${n} row(s)`,
      );
    }
  }
  const bounds = contract.quality.rowCount;
  if (bounds?.min !== undefined && total < bounds.min) {
    failures.push({
      rule: "rowCount",
      rows: total,
      message: `${total} row(s), fewer than the minimum ${bounds.min}`,
    });
  }
  if (bounds?.max !== undefined && total > bounds.max) {
    failures.push({
      rule: "rowCount",
      rows: total,
      message: `${total} row(s), more than the maximum ${bounds.max}`,
    });
  }
  return failures;
}
