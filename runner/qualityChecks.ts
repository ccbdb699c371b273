/**
 * The contract's table-level quality checks (`quality.metrics`, `quality.volumeChange`,
 * `quality.freshness`; `components/declaration/qualitySchema.ts`) on a freshly transformed table,
 * after the per-field rules (`enforce.ts`). A failing check of severity `error` is a rule failure
 * like the others — the table is refused, the previous one kept; one of severity `warning` is
 * reported and recorded only. Every check's result goes into the run's record.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Contract } from "../components/contract/contract.js";
import type { MetricCheck, SqlCheck, ThresholdOperator } from "../components/declaration/qualitySchema.js";
import { THRESHOLD_OPERATORS } from "../components/declaration/qualitySchema.js";
import { durationMinutes } from "../components/declaration/units.js";
import type { CheckResult, RunRecord } from "../components/history/runRecord.js";
import type { RuleFailure } from "./enforce.js";
import { ident, literal } from "./sql.js";
import { type SqlCheckRun, sqlCheckValues } from "./sqlChecks.js";

export interface QualityOutcome {
  readonly checks: CheckResult[];
  /** Failed checks of severity `error`: the table is refused. */
  readonly failures: RuleFailure[];
  /** Failed checks of severity `warning`, one line each. */
  readonly warnings: string[];
  /** Age in seconds of the newest value of `quality.freshness.field`, when declared and the table has rows. */
  readonly freshnessAtLoadSeconds?: number;
}

const NUMERIC = /^(int|bigint|double|decimal\()/;

/** A list of values as a SQL list: numbers compared as numbers on a numeric field, else as text. */
function inList(column: string, type: string, values: readonly (string | number)[]): string {
  if (NUMERIC.test(type) && values.every((v) => typeof v === "number")) {
    return `${column} IN (${values.join(", ")})`;
  }
  return `CAST(${column} AS VARCHAR) IN (${values.map((v) => literal(String(v))).join(", ")})`;
}

/** The aggregate counting the rows a metric counts. */
function metricCount(m: MetricCheck, contract: Pick<Contract, "schema">): string {
  if (m.metric === "rowCount" || m.field === undefined) return "count(*)";
  const col = ident(m.field);
  const type = contract.schema[m.field]?.type ?? "string";
  switch (m.metric) {
    case "nullValues":
      return `count(*) FILTER (WHERE ${col} IS NULL)`;
    case "missingValues":
      return m.missingValues
        ? `count(*) FILTER (WHERE ${col} IS NULL OR ${inList(col, type, m.missingValues)})`
        : `count(*) FILTER (WHERE ${col} IS NULL)`;
    case "invalidValues":
      return `count(*) FILTER (WHERE ${col} IS NOT NULL AND NOT (${inList(col, type, m.validValues ?? [])}))`;
    case "duplicateValues":
      return `count(${col}) - count(DISTINCT ${col})`;
  }
}

/** A check's threshold: one of the ODCS operators, as metric and SQL checks take them. */
type Threshold = Pick<MetricCheck, ThresholdOperator>;

const operatorOf = (m: Threshold): ThresholdOperator =>
  THRESHOLD_OPERATORS.find((op) => m[op] !== undefined)!;

/** Whether `value` meets the check's threshold. */
export function meetsThreshold(m: Threshold, value: number): boolean {
  const op = operatorOf(m);
  const bound = m[op] as number | readonly [number, number];
  const [low, high] = Array.isArray(bound) ? bound : [bound, bound];
  switch (op) {
    case "mustBe":
      return value === low;
    case "mustNotBe":
      return value !== low;
    case "mustBeGreaterThan":
      return value > low;
    case "mustBeGreaterOrEqualTo":
      return value >= low;
    case "mustBeLessThan":
      return value < low;
    case "mustBeLessOrEqualTo":
      return value <= low;
    case "mustBeBetween":
      return value >= low && value <= high;
    case "mustNotBeBetween":
      return value < low || value > high;
  }
}

/** The threshold readably: `mustBeBetween 1 and 5`. */
export const boundText = (m: Threshold) => {
  const op = operatorOf(m);
  const bound = m[op];
  return `${op} ${Array.isArray(bound) ? `${bound[0]} and ${bound[1]}` : bound}`;
};

/** A metric's threshold readably: `mustBeLessThan 1 %`. */
export const thresholdText = (m: MetricCheck) => `${boundText(m)} ${m.unit === "percent" ? "%" : "rows"}`;

/** The rule name of an SQL check in the run's record: `sql:<name>`. */
export const sqlCheckRule = (c: SqlCheck) => `sql:${c.name}`;

/** The rule name in the run's record: `nullValues:email`; the metric rowCount is `rowCount:metric`. */
export const metricRule = (m: MetricCheck) => `${m.metric}:${m.field ?? "metric"}`;

async function metricChecks(connection: DuckDBConnection, table: string, contract: Contract) {
  const metrics = contract.quality.metrics ?? [];
  if (metrics.length === 0) return [];
  // One aggregate for every metric: the table is scanned once however many there are.
  const counts = await connection.runAndReadAll(
    `SELECT count(*)${metrics.map((m, i) => `, ${metricCount(m, contract)} AS m${i}`).join("")} FROM ${table}`,
  );
  const [total, ...values] = counts.getRows()[0]!.map(Number);
  return metrics.map((m, i) => {
    const rows = values[i]!;
    const observed = m.unit === "percent" ? (total! === 0 ? 0 : (100 * rows) / total!) : rows;
    return { check: m, rows, observed, passed: meetsThreshold(m, observed) };
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The row count against the median of the last `lastRuns` successful runs' row counts. With fewer
 * successful runs in the history the baseline is not there yet: the check passes and says so.
 */
export function volumeChangeCheck(
  volume: NonNullable<Contract["quality"]["volumeChange"]>,
  rowsOut: number,
  history: readonly RunRecord[],
): CheckResult & { readonly message?: string } {
  const runs = history.filter((r) => r.outcome === "succeeded").slice(-volume.lastRuns);
  const expected = `within ${volume.maxPercent} % of the median of the last ${volume.lastRuns} successful runs`;
  if (runs.length < volume.lastRuns) {
    return {
      rule: "volumeChange",
      passed: true,
      expected: `${expected} (not checked: ${runs.length} successful run(s) in the history so far)`,
    };
  }
  const base = median(runs.map((r) => r.rowsOut));
  const change =
    base === 0 ? (rowsOut === 0 ? 0 : Number.POSITIVE_INFINITY) : (100 * Math.abs(rowsOut - base)) / base;
  const passed = change <= volume.maxPercent;
  return {
    rule: "volumeChange",
    passed,
    ...(Number.isFinite(change) ? { observed: Math.round(change * 100) / 100 } : {}),
    expected: `${expected} (median ${base} rows)`,
    ...(passed
      ? {}
      : {
          message: `${rowsOut} row(s), ${Number.isFinite(change) ? `${change.toFixed(1)} %` : "infinitely"} away from the median ${base} of the last ${volume.lastRuns} successful runs (at most ${volume.maxPercent} %)`,
        }),
  };
}

/** The age in seconds of the newest value of `field` at `now`; undefined when the table has no value. */
async function freshnessAt(connection: DuckDBConnection, table: string, field: string, now: Date) {
  // A naive timestamp is UTC (the contract's timestamps are), and a date counts from its midnight.
  const rows = await connection.runAndReadAll(
    `SELECT epoch(max(CAST(${ident(field)} AS TIMESTAMP))) FROM ${table}`,
  );
  const newest = rows.getRows()[0]![0];
  return newest === null ? undefined : now.getTime() / 1000 - Number(newest);
}

/**
 * Every table-level check of the contract on `table` (`rows` rows), with the product's run
 * history (this product version's runs, oldest first) and the time of the load. The SQL checks
 * run sandboxed on `sql.file`, the candidate's Parquet file, which `table` reads.
 */
export async function qualityChecks(
  connection: DuckDBConnection,
  table: string,
  contract: Contract,
  rows: number,
  history: readonly RunRecord[],
  now: Date,
  sql?: SqlCheckRun,
): Promise<QualityOutcome> {
  const checks: CheckResult[] = [];
  const failures: RuleFailure[] = [];
  const warnings: string[] = [];
  const report = (
    result: CheckResult,
    severity: "error" | "warning",
    failure: Omit<RuleFailure, "message">,
    message: string,
  ) => {
    checks.push(result);
    if (result.passed) return;
    if (severity === "error") failures.push({ ...failure, message });
    else warnings.push(`${result.rule} (warning): ${message}`);
  };
  for (const { check, rows: counted, observed, passed } of await metricChecks(connection, table, contract)) {
    const shown = check.unit === "percent" ? `${observed.toFixed(2)} %` : `${observed} row(s)`;
    report(
      { rule: metricRule(check), passed, observed, expected: thresholdText(check) },
      check.severity,
      { rule: check.metric, ...(check.field ? { column: check.field } : {}), rows: counted },
      `${check.metric}${check.field ? ` of ${check.field}` : ""} is ${shown}; the contract says ${thresholdText(check)}`,
    );
  }
  const sqlChecks = contract.quality.sql ?? [];
  if (sqlChecks.length > 0 && !sql) throw new Error("bug: SQL checks need the candidate's file");
  const values = sql ? await sqlCheckValues(sqlChecks, sql) : [];
  sqlChecks.forEach((check, i) => {
    const v = values[i]!;
    const passed = "value" in v && meetsThreshold(check, v.value);
    report(
      {
        rule: sqlCheckRule(check),
        passed,
        ...("value" in v ? { observed: v.value } : {}),
        expected: boundText(check),
      },
      check.severity,
      { rule: sqlCheckRule(check), rows: 0 },
      "value" in v
        ? `SQL check ${check.name} returned ${v.value}; the contract says ${boundText(check)}`
        : `SQL check ${check.name}: ${v.problem}`,
    );
  });
  const volume = contract.quality.volumeChange;
  if (volume) {
    const { message, ...result } = volumeChangeCheck(volume, rows, history);
    report(result, volume.severity, { rule: "volumeChange", rows }, message ?? "");
  }
  const freshness = contract.quality.freshness;
  let freshnessAtLoadSeconds: number | undefined;
  if (freshness) {
    freshnessAtLoadSeconds = await freshnessAt(connection, table, freshness.field, now);
    const limit = durationMinutes(contract.slos.freshness)! * 60;
    const passed = freshnessAtLoadSeconds !== undefined && freshnessAtLoadSeconds <= limit;
    report(
      {
        rule: `freshness:${freshness.field}`,
        passed,
        ...(freshnessAtLoadSeconds !== undefined ? { observed: Math.round(freshnessAtLoadSeconds) } : {}),
        expected: `<= ${limit} s (slos.freshness ${contract.slos.freshness})`,
      },
      freshness.severity,
      { rule: "freshness", column: freshness.field, rows },
      freshnessAtLoadSeconds === undefined
        ? `${freshness.field} has no value: the table says nothing about how fresh it is`
        : `the newest ${freshness.field} is ${Math.round(freshnessAtLoadSeconds)} s old at load, more than slos.freshness ${contract.slos.freshness}`,
    );
  }
  return {
    checks,
    failures,
    warnings,
    ...(freshnessAtLoadSeconds !== undefined ? { freshnessAtLoadSeconds } : {}),
  };
}
