/**
 * Enforces a product's output contract on a freshly transformed table: column names and types,
 * required, unique, accepted values, ranges, row count. Each rule says on how many rows it failed.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Contract } from "../components/contract/contract.js";
import { checkMessage, contractChecks } from "../components/contract/sql.js";
import { duckdbType } from "../components/declaration/types.js";
import { ident } from "./sql.js";

export interface RuleFailure {
  /** e.g. `required`, `unique`, `accepted`, `min`, `type`, `column`, `rowCount`. */
  readonly rule: string;
  readonly column?: string;
  /** Rows that break the rule (for column and type problems: 0, the whole table is affected). */
  readonly rows: number;
  readonly message: string;
}

/** Every rule `table` breaks (empty when it honours the contract), and its row count. */
export async function enforceContract(
  connection: DuckDBConnection,
  table: string,
  contract: Contract,
): Promise<{ failures: RuleFailure[]; rows: number }> {
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
  if (failures.length > 0) {
    // The value rules below need the right columns; the row count is still worth reporting.
    const rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]![0]);
    return { failures, rows };
  }

  // Every value rule is one aggregate, so the table is scanned once whatever the number of rules.
  const checks = contractChecks(contract, ident);
  const counts = await connection.runAndReadAll(
    `SELECT count(*)${checks.map((c, i) => `, ${c.sql} AS r${i}`).join("")} FROM ${table}`,
  );
  const [totalValue, ...checkCounts] = counts.getRows()[0]!;
  const total = Number(totalValue);
  checks.forEach((c, i) => {
    const rows = Number(checkCounts[i]);
    if (rows > 0) failures.push({ rule: c.rule, column: c.column, rows, message: checkMessage(c, rows) });
  });
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
  return { failures, rows: total };
}
