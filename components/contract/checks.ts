/**
 * The output contract's value rules as SQL aggregates, one per rule, each counting the rows that
 * break it. Both engines run these same expressions over the transformed table (DuckDB in
 * `runner/enforce.ts`, Spark from the plan in `compute/sparkPlan.ts`); only identifier quoting
 * differs, so the caller passes its own.
 */
import type { Contract } from "./contract.js";

export interface ContractCheck {
  /** `required`, `unique`, `accepted`, `min` or `max`. */
  readonly rule: string;
  readonly column: string;
  /** An aggregate over the table: the number of rows that break the rule. */
  readonly sql: string;
  /** What is wrong, with `{rows}` where the count goes. */
  readonly message: string;
}

/** A SQL string literal (standard quoting, which DuckDB and Spark both read). */
const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
const sqlValue = (v: string | number) => (typeof v === "number" ? String(v) : literal(v));

export function contractChecks(
  contract: Pick<Contract, "schema">,
  ident: (name: string) => string,
): ContractCheck[] {
  const checks: ContractCheck[] = [];
  for (const [name, field] of Object.entries(contract.schema)) {
    const col = ident(name);
    const check = (rule: string, sql: string, message: string) =>
      checks.push({ rule, column: name, sql, message });
    if (field.required)
      check("required", `count(*) FILTER (WHERE ${col} IS NULL)`, `${name} is null in {rows} row(s)`);
    if (field.unique) {
      check("unique", `count(${col}) - count(DISTINCT ${col})`, `${name} repeats a value in {rows} row(s)`);
    }
    if (field.accepted) {
      check(
        "accepted",
        `count(*) FILTER (WHERE ${col} NOT IN (${field.accepted.map(sqlValue).join(", ")}))`,
        `${name} has a value outside the accepted ones in {rows} row(s)`,
      );
    }
    if (field.min !== undefined) {
      check(
        "min",
        `count(*) FILTER (WHERE ${col} < ${field.min})`,
        `${name} is below ${field.min} in {rows} row(s)`,
      );
    }
    if (field.max !== undefined) {
      check(
        "max",
        `count(*) FILTER (WHERE ${col} > ${field.max})`,
        `${name} is above ${field.max} in {rows} row(s)`,
      );
    }
  }
  return checks;
}

/** The failure message of a check that `rows` rows broke. */
export const checkMessage = (check: ContractCheck, rows: number) =>
  check.message.replace("{rows}", String(rows));
