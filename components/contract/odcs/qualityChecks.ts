/**
 * The mesh's table-level quality checks as ODCS v3.1 quality entries, and back:
 *
 * - a metric check (`quality.metrics`) is a `library` entry with its `metric`, its one threshold
 *   operator, its `unit` and its value lists in `arguments` (`validValues`, `missingValues`), on
 *   the property it measures (`rowCount`: on the table); severity `warning` is ODCS `severity:
 *   warning` (`info` imports as warning too; any other severity as error);
 * - an SQL check (`quality.sql`) is a `sql` entry with its `name`, `query` (the table written
 *   `{object}`), threshold and description, on the property it is about (`field`) or the table;
 *   import takes the table's name after FROM/JOIN and the placeholders other tools write
 *   (`{model}`, `{table}`, `${table}`) for `{object}`, and `{property}` for the property's field.
 *   That rewrite is a convenience, not a check: `mesh plan` parses and binds the result;
 * - the standard has no metric for a volume change or for freshness at load, so
 *   `quality.volumeChange` and `quality.freshness` are `custom` entries of engine `mesh`, with the
 *   declaration's own keys as `implementation`.
 *
 * A zero threshold of severity error is a field rule (required, unique, accepted: `quality.ts`),
 * and a whole-number rowCount range is `quality.rowCount`: the declaration refuses a metric that
 * says either again, so each entry imports back to the check it was exported from.
 */
import type { z } from "zod";
import {
  METRICS,
  type Metric,
  type MetricCheck,
  MetricCheckSchema,
  OBJECT_PLACEHOLDER,
  QualitySchema,
  type SqlCheck,
  SqlCheckSchema,
  THRESHOLD_OPERATORS,
} from "../../declaration/qualitySchema.js";
import type { DataProduct } from "../../declaration/schema.js";
import { toSnakeCase } from "./names.js";

type QualityRule = Record<string, unknown>;
type Quality = DataProduct["quality"];

const DIMENSION: Record<Metric, string> = {
  rowCount: "completeness",
  nullValues: "completeness",
  missingValues: "completeness",
  invalidValues: "conformity",
  duplicateValues: "uniqueness",
};

const DESCRIPTION: Record<Metric, string> = {
  rowCount: "Rows in the table.",
  nullValues: "Null values.",
  missingValues: "Missing values: null, or one of the listed values.",
  invalidValues: "Values outside the valid ones (nulls are not counted).",
  duplicateValues: "Values that repeat another row's.",
};

/** The ODCS entry of a metric check. */
export function metricRule(m: MetricCheck): QualityRule {
  const op = THRESHOLD_OPERATORS.find((o) => m[o] !== undefined)!;
  const args = m.validValues
    ? { validValues: m.validValues }
    : m.missingValues
      ? { missingValues: [null, ...m.missingValues] }
      : undefined;
  return {
    type: "library",
    metric: m.metric,
    [op]: m[op],
    unit: m.unit,
    ...(args ? { arguments: args } : {}),
    dimension: DIMENSION[m.metric],
    description: DESCRIPTION[m.metric],
    ...(m.severity === "warning" ? { severity: "warning" } : {}),
  };
}

/** The ODCS entry of an SQL check. */
export function sqlRule(c: SqlCheck): QualityRule {
  const op = THRESHOLD_OPERATORS.find((o) => c[o] !== undefined)!;
  return {
    type: "sql",
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    query: c.query,
    [op]: c[op],
    ...(c.severity === "warning" ? { severity: "warning" } : {}),
  };
}

/** The `custom` entries of the checks ODCS has no metric for. */
export function historyRules(quality: Quality): QualityRule[] {
  const rules: QualityRule[] = [];
  if (quality.volumeChange) {
    rules.push({
      type: "custom",
      engine: "mesh",
      implementation: { volumeChange: quality.volumeChange },
      dimension: "consistency",
      description: `The row count stays within ${quality.volumeChange.maxPercent} % of the median of the last ${quality.volumeChange.lastRuns} successful runs.`,
    });
  }
  if (quality.freshness) {
    rules.push({
      type: "custom",
      engine: "mesh",
      implementation: { freshness: quality.freshness },
      dimension: "timeliness",
      description: `At load, the newest ${quality.freshness.field} is within the latency SLA.`,
    });
  }
  return rules;
}

/** The first problem zod found, readably. */
const zodProblem = (issues: readonly { path: PropertyKey[]; message: string }[]) => {
  const issue = issues[0]!;
  return issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
};

/** `warning` for ODCS's non-blocking severities; anything else stops the table. */
export const severityOf = (rule: QualityRule) =>
  rule.severity === "warning" || rule.severity === "warn" || rule.severity === "info" ? "warning" : "error";

/** A library entry as a metric check on `field` (none: the table), or why it cannot be one. */
export function readMetric(
  rule: QualityRule,
  field: string | undefined,
): { metric: MetricInput } | { problem: string } {
  const metric = (rule.metric ?? rule.rule) as string | undefined;
  if (!(METRICS as readonly string[]).includes(metric ?? "")) {
    return { problem: `metric ${metric} has no place in the mesh model` };
  }
  const args = (rule.arguments ?? {}) as Record<string, unknown>;
  if (args.pattern !== undefined)
    return { problem: "pattern (regular expression) checks have no place in the mesh model" };
  // Null is always missing and never invalid in the mesh (nullValues counts it): lists leave it out.
  const listed = (v: unknown) => (Array.isArray(v) ? v.filter((x) => x !== null) : v);
  const missing = listed(args.missingValues) as unknown[] | undefined;
  const valid = listed(args.validValues) as unknown[] | undefined;
  for (const [name, list] of [
    ["validValues", valid],
    ["missingValues", missing],
  ] as const) {
    if (Array.isArray(list) && list.some((v) => typeof v !== "string" && typeof v !== "number")) {
      return { problem: `${name} ${JSON.stringify(list)}: the mesh accepts only string and number values` };
    }
  }
  const input = {
    metric,
    ...(field !== undefined ? { field } : {}),
    ...(rule.unit !== undefined ? { unit: rule.unit } : {}),
    ...(metric === "invalidValues" && valid !== undefined ? { validValues: valid } : {}),
    ...(metric === "missingValues" && missing && missing.length > 0 ? { missingValues: missing } : {}),
    ...Object.fromEntries(
      THRESHOLD_OPERATORS.filter((op) => rule[op] !== undefined).map((op) => [op, rule[op]]),
    ),
    severity: severityOf(rule),
  };
  const parsed = MetricCheckSchema.safeParse(input);
  if (!parsed.success) return { problem: zodProblem(parsed.error.issues) };
  return { metric: input as MetricInput };
}

const HistoryChecks = QualitySchema.pick({ volumeChange: true, freshness: true });
export type MetricInput = z.input<typeof MetricCheckSchema>;
export type HistoryChecksInput = z.input<typeof HistoryChecks>;

/** A `custom` entry of engine `mesh` as the history checks it holds, or why it cannot import. */
export function readHistoryRule(rule: QualityRule): { read: HistoryChecksInput } | { problem: string } {
  if (rule.engine !== "mesh") {
    return { problem: "custom (engine-specific) quality rules have no place in the mesh model" };
  }
  const parsed = HistoryChecks.safeParse(rule.implementation);
  if (!parsed.success) return { problem: `mesh implementation: ${zodProblem(parsed.error.issues)}` };
  return { read: rule.implementation as HistoryChecksInput };
}

/** Where an SQL entry is, for reading it: its table's names, the property's field, its place. */
export interface SqlRuleContext {
  /** The schema object's `name` and `physicalName`: what other tools' queries read it as. */
  readonly tables: readonly string[];
  /** The field of the property it is on; none on the table. */
  readonly field?: string;
  /** Its position in its quality list, for a name when it has none. */
  readonly index: number;
}

const PLACEHOLDERS = /\$?\{(object|model|table)\}/g;
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `query` reading its table as `{object}`: the placeholders of other tools, and the table's names after FROM/JOIN. */
function meshQuery(query: string, context: SqlRuleContext): string {
  let q = query.trim().replace(PLACEHOLDERS, OBJECT_PLACEHOLDER);
  if (context.field !== undefined) q = q.replace(/\$?\{(property|column)\}/g, context.field);
  for (const name of context.tables) {
    const table = new RegExp(`\\b(FROM|JOIN)(\\s+)("?)${escaped(name)}\\3(?=[\\s,;)]|$)`, "gi");
    q = q.replace(table, `$1$2${OBJECT_PLACEHOLDER}`);
  }
  return q;
}

export type SqlCheckInput = z.input<typeof SqlCheckSchema>;

/** A `sql` entry as an SQL check, or why it cannot be one. */
export function readSqlCheck(
  rule: QualityRule,
  context: SqlRuleContext,
): { check: SqlCheckInput; named: boolean } | { problem: string } {
  const query = meshQuery(String(rule.query ?? ""), context);
  if (!query.includes(OBJECT_PLACEHOLDER)) {
    return {
      problem: `its query reads no table the mesh knows: write the table as ${OBJECT_PLACEHOLDER} (or ${context.tables.join(" or ")})`,
    };
  }
  const given = typeof rule.name === "string" ? toSnakeCase(rule.name) : "";
  const named = /^[a-z][a-z0-9_]{0,62}$/.test(given);
  const input = {
    name: named ? given : `${context.field ?? "table"}_sql_${context.index + 1}`,
    ...(typeof rule.description === "string" && rule.description.trim()
      ? { description: rule.description.trim() }
      : {}),
    ...(context.field !== undefined ? { field: context.field } : {}),
    query,
    ...Object.fromEntries(
      THRESHOLD_OPERATORS.filter((op) => rule[op] !== undefined).map((op) => [op, rule[op]]),
    ),
    severity: severityOf(rule),
  };
  const parsed = SqlCheckSchema.safeParse(input);
  if (!parsed.success) return { problem: zodProblem(parsed.error.issues) };
  return { check: input as SqlCheckInput, named };
}
