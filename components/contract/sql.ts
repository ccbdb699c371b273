/**
 * The contract as SQL both engines run (DuckDB in `runner/`, Spark from the plan in
 * `compute/sparkPlan.ts`): the output contract's value rules as aggregates, and the shape of an
 * empty staging relation. Only identifier quoting and type names differ, so callers pass theirs.
 */
import type { FieldType } from "../declaration/types.js";
import type { Contract } from "./contract.js";

export interface ContractCheck {
  /** `required`, `unique`, `accepted`, `min`, `max`, `minLength`, `maxLength` or `pattern`. */
  readonly rule: string;
  readonly column: string;
  /** An aggregate over the table: the number of rows that break the rule. */
  readonly sql: string;
  /** What is wrong, with `{rows}` where the count goes. */
  readonly message: string;
}

/** A SQL string literal (standard quoting, which DuckDB and Spark both read): `'it''s'`. */
export const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
/** A SQL literal for a string or a number. */
export const sqlValue = (v: string | number) => (typeof v === "number" ? String(v) : literal(v));

/** How one engine writes identifiers and column types. */
export interface SqlDialect {
  readonly ident: (name: string) => string;
  readonly type: (type: FieldType) => string;
}

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
    // `length` counts characters (code points) in DuckDB and Spark alike, as JSON Schema does.
    if (field.minLength !== undefined) {
      check(
        "minLength",
        `count(*) FILTER (WHERE length(${col}) < ${field.minLength})`,
        `${name} is shorter than ${field.minLength} characters in {rows} row(s)`,
      );
    }
    if (field.maxLength !== undefined) {
      check(
        "maxLength",
        `count(*) FILTER (WHERE length(${col}) > ${field.maxLength})`,
        `${name} is longer than ${field.maxLength} characters in {rows} row(s)`,
      );
    }
    // DuckDB's RE2, unanchored as JSON Schema's; the declaration refuses patterns on Spark products.
    if (field.pattern !== undefined) {
      check(
        "pattern",
        `count(*) FILTER (WHERE NOT regexp_matches(${col}, ${literal(field.pattern)}))`,
        `${name} does not match the pattern ${field.pattern} in {rows} row(s)`,
      );
    }
  }
  return checks;
}

/** The failure message of a check that `rows` rows broke. */
export const checkMessage = (check: ContractCheck, rows: number) =>
  check.message.replace("{rows}", String(rows));

/** A quoted DuckDB identifier: `"a""b"`. */
export const duckdbIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The partition column of every staged batch (`ingest_date=YYYY-MM-DD/batch-….parquet`). Both
 * engines read it as a date (DuckDB's `hive_types`, Spark's partition inference), and the empty
 * relation types it so too: a transform's SQL sees one type whether or not batches are staged.
 */
export const STAGING_PARTITION = "ingest_date";

/**
 * The columns of `staging` as the product's SQL reads them, by name: the raw record's fields and
 * the partition column. The one definition of the relation's shape: the runner's staged batches,
 * its empty relation and the plan-time binder (`declaration/sqlBinding.ts`) all derive from it.
 */
export function stagingColumns(
  raw: Readonly<Record<string, { readonly type: FieldType }>>,
): Record<string, FieldType> {
  return {
    ...Object.fromEntries(Object.entries(raw).map(([name, f]) => [name, f.type])),
    [STAGING_PARTITION]: "date",
  };
}

/**
 * The `staging` relation when nothing has been staged yet: no rows, but the raw record's columns
 * and the partition column ({@link stagingColumns}) with their types, so the product's SQL still binds.
 */
export function emptyStagingSql(contract: Pick<Contract, "schema">, dialect: SqlDialect): string {
  const columns = Object.entries(stagingColumns(contract.schema)).map(
    ([name, type]) => `CAST(NULL AS ${dialect.type(type)}) AS ${dialect.ident(name)}`,
  );
  return `SELECT ${columns.join(", ")} WHERE false`;
}
