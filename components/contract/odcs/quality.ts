/**
 * The mesh's quality rules as ODCS v3.1 quality entries, and back. Library metrics where the
 * standard has one: `required` is nullValues = 0, `unique` duplicateValues = 0, `accepted`
 * invalidValues = 0 with `validValues`, and `rowCount` the table's row count. The standard has no
 * range metric, so `min`/`max` become one portable SQL count each (and `logicalTypeOptions`
 * minimum/maximum, see exportOdcs); import recognises exactly that SQL and nothing else.
 *
 * A zero threshold of severity error imports as that field rule; any other threshold (at most 5 %
 * invalid, a warning) is a metric check (`quality.metrics`, mapped in `qualityChecks.ts`). Any
 * other `sql` entry is an SQL check (`quality.sql`, also mapped there).
 */
import type { MetricCheck, SqlCheck } from "../../declaration/qualitySchema.js";
import { isEveryRowThreshold, rowCountRange, THRESHOLD_OPERATORS } from "../../declaration/qualitySchema.js";
import type { DataProduct, Field } from "../../declaration/schema.js";
import { child, type OdcsProblem } from "./errors.js";
import {
  type HistoryChecksInput,
  historyRules,
  type MetricInput,
  metricRule,
  readHistoryRule,
  readMetric,
  readSqlCheck,
  type SqlCheckInput,
  type SqlRuleContext,
  severityOf,
  sqlRule,
} from "./qualityChecks.js";

export type QualityRule = Record<string, unknown>;

/** ODCS's threshold operators, as the declaration's metric checks take them. */
const OPERATORS = THRESHOLD_OPERATORS;

const noneOf = (metric: string, dimension: string, description: string): QualityRule => ({
  type: "library",
  metric,
  mustBe: 0,
  unit: "rows",
  dimension,
  description,
});

const rangeQuery = (op: "<" | ">", bound: number) =>
  `SELECT COUNT(*) FROM {object} WHERE {property} ${op} ${bound}`;
const RANGE_QUERY =
  /^SELECT COUNT\(\*\) FROM \{object\} WHERE \{property\} ([<>]) (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i;

/** The field's rules, then the metric and SQL checks about it. */
export function fieldQuality(
  field: Field,
  metrics: readonly MetricCheck[] = [],
  sql: readonly SqlCheck[] = [],
): QualityRule[] {
  const rules: QualityRule[] = [];
  if (field.required) rules.push(noneOf("nullValues", "completeness", "The value is never null."));
  if (field.unique) rules.push(noneOf("duplicateValues", "uniqueness", "No two rows share a value."));
  if (field.accepted) {
    rules.push({
      ...noneOf("invalidValues", "conformity", "Only the accepted values occur."),
      arguments: { validValues: field.accepted },
    });
  }
  for (const [bound, op, word] of [
    [field.min, "<", "less"],
    [field.max, ">", "greater"],
  ] as const) {
    if (bound === undefined) continue;
    rules.push({
      type: "sql",
      query: rangeQuery(op, bound),
      mustBe: 0,
      dimension: "accuracy",
      description: `No value is ${word} than ${bound}.`,
    });
  }
  return [...rules, ...metrics.map(metricRule), ...sql.map(sqlRule)];
}

/** The table's rules: its row count, its rowCount metrics, its SQL checks of no field, and the history checks. */
export function tableQuality(quality: DataProduct["quality"]): QualityRule[] {
  return [
    ...rowCountRules(quality),
    ...(quality.metrics ?? []).filter((m) => m.field === undefined).map(metricRule),
    ...(quality.sql ?? []).filter((c) => c.field === undefined).map(sqlRule),
    ...historyRules(quality),
  ];
}

function rowCountRules(quality: DataProduct["quality"]): QualityRule[] {
  const r = quality.rowCount;
  if (!r || (r.min === undefined && r.max === undefined)) return [];
  const operator =
    r.min !== undefined && r.max !== undefined
      ? r.min === r.max
        ? { mustBe: r.min }
        : { mustBeBetween: [r.min, r.max] }
      : r.min !== undefined
        ? { mustBeGreaterOrEqualTo: r.min }
        : { mustBeLessOrEqualTo: r.max };
  return [
    {
      type: "library",
      metric: "rowCount",
      ...operator,
      dimension: "completeness",
      description: "Rows in the table.",
    },
  ];
}

// ---- import ---------------------------------------------------------------------------------

export interface FieldQualityReading {
  metrics?: MetricInput[];
  sql?: SqlCheckInput[];
  required?: boolean;
  unique?: boolean;
  accepted?: (string | number)[];
  min?: number;
  max?: number;
}

export interface QualityReading<T> {
  readonly read: T;
  readonly problems: OdcsProblem[];
  readonly warnings: string[];
}

const operatorOf = (rule: QualityRule) => OPERATORS.find((op) => rule[op] !== undefined);

/** Whether the rule's threshold says "no row may fail" (a field rule), rather than a metric check's. */
function holdsForEveryRow(rule: QualityRule): boolean {
  const op = operatorOf(rule);
  return isEveryRowThreshold(op, op ? rule[op] : undefined, rule.unit as string | undefined);
}

/** `library` is the ODCS default type. */
const kindOf = (rule: QualityRule): string => (typeof rule.type === "string" ? rule.type : "library");
const metricOf = (rule: QualityRule) => (rule.metric ?? rule.rule) as string | undefined;
const label = (rule: QualityRule) => {
  const kind = kindOf(rule);
  return kind === "library" ? (metricOf(rule) ?? "library") : kind;
};

/** An SQL entry into `read.sql`; returns why it cannot import. */
function readSqlRule(
  rule: QualityRule,
  read: { sql?: SqlCheckInput[] },
  context: SqlRuleContext,
  warnings: string[],
): string | undefined {
  const reading = readSqlCheck(rule, context);
  if ("problem" in reading) return reading.problem;
  if (!reading.named) warnings.push(`no name; named ${reading.check.name}`);
  read.sql = [...(read.sql ?? []), reading.check];
  return undefined;
}

/** Reads one property rule into `read`; returns why it cannot import, or "text" for a text rule. */
function readFieldRule(
  rule: QualityRule,
  read: FieldQualityReading,
  context: SqlRuleContext & { readonly field: string },
  warnings: string[],
): string | undefined {
  const { field } = context;
  const kind = kindOf(rule);
  if (kind === "text") return "text";
  if (kind === "custom") return "custom (engine-specific) quality rules have no place in the mesh model";
  const everyRow = holdsForEveryRow(rule);
  if (kind === "sql") {
    const m = RANGE_QUERY.exec(
      String(rule.query ?? "")
        .trim()
        .replace(/\s+/g, " "),
    );
    // The range form with "no row may fail" is min/max; any other SQL is a check of its own.
    if (!m || !everyRow || severityOf(rule) === "warning") return readSqlRule(rule, read, context, warnings);
    if (m[1] === "<") read.min = Number(m[2]);
    else read.max = Number(m[2]);
    return undefined;
  }
  const metric = metricOf(rule);
  if (metric === "rowCount") return "rowCount applies to a table, not to a property";
  if (!everyRow || severityOf(rule) === "warning") {
    // Not "no row may fail": a metric check with its threshold.
    const reading = readMetric(rule, field);
    if ("problem" in reading) return reading.problem;
    read.metrics = [...(read.metrics ?? []), reading.metric];
    return undefined;
  }
  const args = (rule.arguments ?? {}) as Record<string, unknown>;
  switch (metric) {
    case "nullValues":
      read.required = true;
      return undefined;
    case "duplicateValues":
      read.unique = true;
      return undefined;
    case "missingValues": {
      const missing = args.missingValues as unknown[] | undefined;
      if (missing?.some((v) => v !== null)) {
        return `missing values ${JSON.stringify(missing)}: the mesh only knows null as missing (required: true)`;
      }
      read.required = true;
      return undefined;
    }
    case "invalidValues": {
      if (args.pattern !== undefined)
        return "pattern (regular expression) checks have no place in the mesh model";
      const valid = args.validValues as unknown[] | undefined;
      if (!valid || valid.length === 0)
        return "invalidValues without validValues says nothing the mesh can check";
      const values = valid.filter(
        (v): v is string | number => typeof v === "string" || typeof v === "number",
      );
      if (values.length !== valid.length) {
        return `validValues ${JSON.stringify(valid)}: the mesh accepts only string and number values`;
      }
      read.accepted = values;
      return undefined;
    }
    default:
      return `metric ${metric} has no place in the mesh model`;
  }
}

const TEXT_IGNORED = "text quality rule ignored: the mesh only runs executable rules";

/**
 * What a mesh rule keeps of an ODCS rule: its kind, threshold and arguments. Its description and
 * dimension describe the check, which the mesh states itself; anything else (severity, business
 * impact, schedule…) is named in a warning, because the mesh has one behaviour for every rule.
 */
const KEPT = new Set<string>([
  "type",
  "metric",
  "rule",
  "unit",
  "arguments",
  "query",
  "description",
  "dimension",
  "severity",
  "name",
  "engine",
  "implementation",
  ...OPERATORS,
]);

function droppedWarning(rule: QualityRule, at: string): string[] {
  const dropped = Object.entries(rule)
    .filter(
      ([k, v]) => !KEPT.has(k) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0),
    )
    .map(([k]) => k);
  if (dropped.length === 0) return [];
  return [
    `${at}: ${dropped.join(", ")} ignored: the mesh checks every rule on every run, and any breach fails the run`,
  ];
}

/**
 * `field`: the mesh name of the property, which its metric checks measure; `tables`: the names its
 * table goes by in SQL rules (`SqlRuleContext`).
 */
export function readFieldQuality(
  rules: readonly QualityRule[],
  base: string,
  field: string,
  tables: readonly string[],
): QualityReading<FieldQualityReading> {
  const read: FieldQualityReading = {};
  const problems: OdcsProblem[] = [];
  const warnings: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const at = `${child(child(base, "quality"), i)} (${label(rule)})`;
    const notes: string[] = [];
    const problem = readFieldRule(rule, read, { field, tables, index: i }, notes);
    if (problem === "text") warnings.push(`${at}: ${TEXT_IGNORED}`);
    else if (problem) problems.push({ path: at, message: problem });
    else warnings.push(...notes.map((n) => `${at}: ${n}`), ...droppedWarning(rule, at));
  }
  return { read, problems, warnings };
}

export interface TableQualityReading extends HistoryChecksInput {
  rowCount?: { min?: number; max?: number };
  metrics?: MetricInput[];
  sql?: SqlCheckInput[];
}

/** Reads one table rule into `read`; returns why it cannot import, or "text". */
function readTableRule(
  rule: QualityRule,
  read: TableQualityReading,
  context: SqlRuleContext,
  warnings: string[],
): string | undefined {
  const kind = kindOf(rule);
  if (kind === "text") return "text";
  if (kind === "custom") {
    const history = readHistoryRule(rule);
    if ("problem" in history) return history.problem;
    Object.assign(read, history.read);
    return undefined;
  }
  if (kind === "sql") return readSqlRule(rule, read, context, warnings);
  if (kind !== "library")
    return `${kind} quality rules have no place in the mesh model: it checks row counts on a table`;
  const metric = metricOf(rule);
  if (metric === "duplicateValues") {
    return "uniqueness of a combination of properties has no place in the mesh model: it checks unique per field";
  }
  if (metric !== "rowCount") return `metric ${metric} applies to a property, not to a table`;
  const op = operatorOf(rule);
  const rows = rule.unit === undefined || rule.unit === "rows";
  const range =
    rows && severityOf(rule) === "error" ? rowCountRange(op, op ? rule[op] : undefined) : undefined;
  if (range && (range.min ?? 0) >= 0 && (range.max ?? 0) >= 0) {
    read.rowCount = { ...read.rowCount, ...range };
    return undefined;
  }
  // Not a whole-number range that stops the table: a metric check with its threshold.
  const reading = readMetric(rule, undefined);
  if ("problem" in reading) return `rowCount: ${reading.problem}`;
  read.metrics = [...(read.metrics ?? []), reading.metric];
  return undefined;
}

/** `tables`: the names the table goes by in SQL rules (`SqlRuleContext`). */
export function readTableQuality(
  rules: readonly QualityRule[],
  base: string,
  tables: readonly string[],
): QualityReading<TableQualityReading> {
  const problems: OdcsProblem[] = [];
  const warnings: string[] = [];
  const read: TableQualityReading = {};
  for (const [i, rule] of rules.entries()) {
    const at = `${child(child(base, "quality"), i)} (${label(rule)})`;
    const notes: string[] = [];
    const problem = readTableRule(rule, read, { tables, index: i }, notes);
    if (problem === "text") warnings.push(`${at}: ${TEXT_IGNORED}`);
    else if (problem) problems.push({ path: at, message: problem });
    else warnings.push(...notes.map((n) => `${at}: ${n}`), ...droppedWarning(rule, at));
  }
  return { read, problems, warnings };
}
