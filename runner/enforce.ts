/**
 * Enforces a product's output contract on a freshly transformed table: column names and types,
 * required, unique, accepted values, ranges, a composite primary key, row count. Each rule says on
 * how many rows it failed.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type ColumnMismatch, columnMismatches } from "../components/contract/columns.js";
import type { Contract } from "../components/contract/contract.js";
import { checkMessage, contractChecks } from "../components/contract/sql.js";
import { primaryKeyOf } from "../components/declaration/primaryKey.js";
import type { CheckResult } from "../components/history/runRecord.js";
import { ident } from "./sql.js";

export interface RuleFailure {
  /** e.g. `required`, `unique`, `accepted`, `min`, `type`, `column`, `rowCount`. */
  readonly rule: string;
  readonly column?: string;
  /** Rows that break the rule (for column and type problems: 0, the whole table is affected). */
  readonly rows: number;
  readonly message: string;
}

/**
 * Every rule `table` breaks (empty when it honours the contract), its row count, and each rule's
 * result for the run's record (`required:customer_id`; the value rules only when the columns hold).
 */
export async function enforceContract(
  connection: DuckDBConnection,
  table: string,
  contract: Contract,
): Promise<{ failures: RuleFailure[]; rows: number; checks: CheckResult[] }> {
  const failures: RuleFailure[] = [];
  const checks: CheckResult[] = [];
  const described = await connection.runAndReadAll(`DESCRIBE ${table}`);
  const columns = described
    .getRowObjectsJson()
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  for (const m of columnMismatches(columns, contract)) failures.push(columnFailure(m));
  checks.push({
    rule: "columns",
    passed: failures.length === 0,
    expected: "the contract's columns and types",
  });
  if (failures.length > 0) {
    // The value rules below need the right columns; the row count is still worth reporting.
    const rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]![0]);
    return { failures, rows, checks };
  }

  // Every value rule is one aggregate, so the table is scanned once whatever the number of rules.
  const rules = contractChecks(contract, ident);
  // A key of several fields: the rows beyond the first of each combination (a key of one field is
  // its `unique` rule, among the value rules).
  const key = primaryKeyOf(contract.schema);
  const composite = key.length > 1 ? `, count(*) - count(DISTINCT (${key.map(ident).join(", ")}))` : "";
  const counts = await connection.runAndReadAll(
    `SELECT count(*)${rules.map((c, i) => `, ${c.sql} AS r${i}`).join("")}${composite} FROM ${table}`,
  );
  const [totalValue, ...checkCounts] = counts.getRows()[0]!;
  if (composite) {
    const rows = Number(checkCounts.pop());
    const fields = key.join(",");
    checks.push({ rule: `primaryKey:${fields}`, passed: rows === 0, observed: rows, expected: "0 rows" });
    if (rows > 0) {
      failures.push({
        rule: "primaryKey",
        column: fields,
        rows,
        message: `the primary key (${key.join(", ")}) repeats a combination in ${rows} row(s)`,
      });
    }
  }
  const total = Number(totalValue);
  rules.forEach((c, i) => {
    const rows = Number(checkCounts[i]);
    checks.push({ rule: `${c.rule}:${c.column}`, passed: rows === 0, observed: rows, expected: "0 rows" });
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
  if (bounds && (bounds.min !== undefined || bounds.max !== undefined)) {
    checks.push({
      rule: "rowCount",
      passed: !failures.some((f) => f.rule === "rowCount"),
      observed: total,
      expected: [
        bounds.min !== undefined ? `>= ${bounds.min}` : "",
        bounds.max !== undefined ? `<= ${bounds.max}` : "",
      ]
        .filter(Boolean)
        .join(" and "),
    });
  }
  return { failures, rows: total, checks };
}

/** A column that is not the contract's, as a rule the whole table fails. */
function columnFailure(m: ColumnMismatch): RuleFailure {
  const message =
    m.kind === "missing"
      ? `column ${m.column} is missing`
      : m.kind === "extra"
        ? `column ${m.column} is not in the contract`
        : m.kind === "duplicate"
          ? `column ${m.column} appears more than once`
          : `column ${m.column} is ${m.actual}, the contract says ${m.expected}`;
  return { rule: m.kind === "type" ? "type" : "column", column: m.column, rows: 0, message };
}
