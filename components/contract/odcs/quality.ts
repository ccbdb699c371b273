/**
 * The mesh's quality rules as ODCS v3.1 quality entries, and back. Library metrics where the
 * standard has one: `required` is nullValues = 0, `unique` duplicateValues = 0, `accepted`
 * invalidValues = 0 with `validValues`, and `rowCount` the table's row count. The standard has no
 * range metric, so `min`/`max` become one portable SQL count each (and `logicalTypeOptions`
 * minimum/maximum, see exportOdcs); import recognises exactly that SQL and nothing else.
 *
 * Mesh rules hold for every row, so only zero thresholds import: "at most 5% invalid" has no place.
 */
import type { DataProduct, Field } from "../../declaration/schema.js";
import { child, type OdcsProblem } from "./errors.js";

export type QualityRule = Record<string, unknown>;

const OPERATORS = [
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
  "mustBeBetween",
  "mustNotBeBetween",
] as const;

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

export function fieldQuality(field: Field): QualityRule[] {
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
  return rules;
}

export function tableQuality(quality: DataProduct["quality"]): QualityRule[] {
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

/** Undefined when the rule's threshold says "no row may fail", otherwise why it cannot import. */
function zeroThresholdProblem(rule: QualityRule): string | undefined {
  const op = operatorOf(rule);
  const value = op ? rule[op] : undefined;
  const rows = rule.unit === undefined || rule.unit === "rows";
  if ((op === "mustBe" || op === "mustBeLessOrEqualTo") && value === 0) return undefined;
  if (op === "mustBeLessThan" && value === 1 && rows) return undefined;
  const threshold = op ? `${op} ${JSON.stringify(value)}${rule.unit ? ` ${rule.unit}` : ""}` : "no threshold";
  return `threshold ${threshold} has no place in the mesh model: its quality rules hold for every row (mustBe: 0)`;
}

/** `library` is the ODCS default type. */
const kindOf = (rule: QualityRule): string => (typeof rule.type === "string" ? rule.type : "library");
const metricOf = (rule: QualityRule) => (rule.metric ?? rule.rule) as string | undefined;
const label = (rule: QualityRule) => {
  const kind = kindOf(rule);
  return kind === "library" ? (metricOf(rule) ?? "library") : kind;
};

export function readFieldQuality(
  rules: readonly QualityRule[],
  base: string,
): QualityReading<FieldQualityReading> {
  const read: FieldQualityReading = {};
  const problems: OdcsProblem[] = [];
  const warnings: string[] = [];
  rules.forEach((rule, i) => {
    const at = `${child(child(base, "quality"), i)} (${label(rule)})`;
    const fail = (message: string) => problems.push({ path: at, message });
    const kind = kindOf(rule);
    if (kind === "text") {
      warnings.push(`${at}: text quality rule ignored: the mesh only runs executable rules`);
      return;
    }
    if (kind === "custom")
      return fail("custom (engine-specific) quality rules have no place in the mesh model");
    const threshold = zeroThresholdProblem(rule);
    if (kind === "sql") {
      const m = RANGE_QUERY.exec(
        String(rule.query ?? "")
          .trim()
          .replace(/\s+/g, " "),
      );
      if (!m) {
        return fail(
          "SQL quality rules have no place in the mesh model: it checks required, unique, accepted values, min/max and row counts",
        );
      }
      if (threshold) return fail(threshold);
      if (m[1] === "<") read.min = Number(m[2]);
      else read.max = Number(m[2]);
      return;
    }
    const metric = metricOf(rule);
    if (metric === "rowCount") return fail("rowCount applies to a table, not to a property");
    if (threshold) return fail(threshold);
    const args = (rule.arguments ?? {}) as Record<string, unknown>;
    if (metric === "nullValues") read.required = true;
    else if (metric === "duplicateValues") read.unique = true;
    else if (metric === "missingValues") {
      const missing = args.missingValues as unknown[] | undefined;
      if (missing?.some((v) => v !== null)) {
        return fail(
          `missing values ${JSON.stringify(missing)}: the mesh only knows null as missing (required: true)`,
        );
      }
      read.required = true;
    } else if (metric === "invalidValues") {
      if (args.pattern !== undefined)
        return fail("pattern (regular expression) checks have no place in the mesh model");
      const valid = args.validValues as unknown[] | undefined;
      if (!valid || valid.length === 0)
        return fail("invalidValues without validValues says nothing the mesh can check");
      const values = valid.filter(
        (v): v is string | number => typeof v === "string" || typeof v === "number",
      );
      if (values.length !== valid.length) {
        return fail(`validValues ${JSON.stringify(valid)}: the mesh accepts only string and number values`);
      }
      read.accepted = values;
    } else fail(`metric ${metric} has no place in the mesh model`);
  });
  return { read, problems, warnings };
}

export function readTableQuality(
  rules: readonly QualityRule[],
  base: string,
): QualityReading<{ rowCount?: { min?: number; max?: number } }> {
  const problems: OdcsProblem[] = [];
  const warnings: string[] = [];
  let rowCount: { min?: number; max?: number } | undefined;
  rules.forEach((rule, i) => {
    const at = `${child(child(base, "quality"), i)} (${label(rule)})`;
    const fail = (message: string) => problems.push({ path: at, message });
    const kind = kindOf(rule);
    if (kind === "text") {
      warnings.push(`${at}: text quality rule ignored: the mesh only runs executable rules`);
      return;
    }
    if (kind !== "library") {
      return fail(`${kind} quality rules have no place in the mesh model: it checks row counts on a table`);
    }
    const metric = metricOf(rule);
    if (metric === "duplicateValues") {
      return fail(
        "uniqueness of a combination of properties has no place in the mesh model: it checks unique per field",
      );
    }
    if (metric !== "rowCount") return fail(`metric ${metric} applies to a property, not to a table`);
    const op = operatorOf(rule);
    const value = op ? rule[op] : undefined;
    const whole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);
    const range: { min?: number; max?: number } | undefined =
      op === "mustBe" && whole(value)
        ? { min: value, max: value }
        : op === "mustBeGreaterThan" && whole(value)
          ? { min: value + 1 }
          : op === "mustBeGreaterOrEqualTo" && whole(value)
            ? { min: value }
            : op === "mustBeLessThan" && whole(value)
              ? { max: value - 1 }
              : op === "mustBeLessOrEqualTo" && whole(value)
                ? { max: value }
                : op === "mustBeBetween" && Array.isArray(value) && value.every(whole)
                  ? { min: value[0], max: value[1] }
                  : undefined;
    if (!range) {
      return fail(
        `rowCount ${op ?? "without a threshold"}${op ? ` ${JSON.stringify(value)}` : ""}: the mesh checks a whole-number minimum and maximum`,
      );
    }
    rowCount = { ...rowCount, ...range };
  });
  return { read: rowCount ? { rowCount } : {}, problems, warnings };
}
