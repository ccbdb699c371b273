/**
 * A product's table-level quality checks, part of the one declaration schema (`schema.ts`): the
 * row-count bounds, and the checks that need the run history or thresholds — volume change against
 * the last runs, freshness at load against the SLO, and the ODCS library metrics (`docs/quality.md`).
 * Every run evaluates them on the new table (`runner/qualityChecks.ts`); one that fails with
 * severity `error` refuses the table like any contract rule, one with severity `warning` is
 * reported and recorded only.
 */
import { z } from "zod";
import { type FieldSchema, text } from "./fieldSchema.js";
import { hasParts } from "./typeGrammar.js";

type Field = z.output<typeof FieldSchema>;

export const SEVERITIES = ["error", "warning"] as const;
const severity = z
  .enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(", ")}` })
  .default("error")
  .meta({ description: "error (default): a failing check refuses the table; warning: it is only reported." });

/** The ODCS v3.1 library metrics the mesh measures. */
export const METRICS = [
  "rowCount",
  "nullValues",
  "missingValues",
  "invalidValues",
  "duplicateValues",
] as const;
export type Metric = (typeof METRICS)[number];

/** ODCS's threshold operators: exactly one per metric check. */
export const THRESHOLD_OPERATORS = [
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
  "mustBeBetween",
  "mustNotBeBetween",
] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

const range = z
  .tuple([z.number(), z.number()], { error: "expected [low, high]" })
  .refine(([low, high]) => low <= high, { error: "the range's low end is greater than its high end" });

const values = (what: string) =>
  z
    .array(z.union([z.string(), z.number()]))
    .min(1, { error: `${what} must list at least one value` })
    .optional();

/**
 * Whether a threshold says "no row may fail": `mustBe 0`, `mustBeLessOrEqualTo 0` (rows or
 * percent), or `mustBeLessThan 1` row — what the field rules (required, unique, accepted) say.
 */
export function isEveryRowThreshold(
  op: string | undefined,
  value: unknown,
  unit: string | undefined,
): boolean {
  if ((op === "mustBe" || op === "mustBeLessOrEqualTo") && value === 0) return true;
  return op === "mustBeLessThan" && value === 1 && (unit === undefined || unit === "rows");
}

const whole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

/** The row-count range a rowCount threshold allows, when it is a whole-number range (`quality.rowCount`). */
export function rowCountRange(
  op: string | undefined,
  value: unknown,
): { min?: number; max?: number } | undefined {
  if (op === "mustBeBetween") {
    return Array.isArray(value) && value.every(whole) ? { min: value[0], max: value[1] } : undefined;
  }
  if (!whole(value)) return undefined;
  switch (op) {
    case "mustBe":
      return { min: value, max: value };
    case "mustBeGreaterThan":
      return { min: value + 1 };
    case "mustBeGreaterOrEqualTo":
      return { min: value };
    case "mustBeLessThan":
      return { max: value - 1 };
    case "mustBeLessOrEqualTo":
      return { max: value };
    default:
      return undefined;
  }
}

/**
 * The rule a metric check of severity error says again, if any: one thing is said one way, so
 * that the contract, its diff and its ODCS export have one form of it.
 */
function sameAs(m: {
  metric: Metric;
  field?: string | undefined;
  unit: string;
  missingValues?: unknown[] | undefined;
  severity: string;
  [op: string]: unknown;
}): string | undefined {
  if (m.severity !== "error") return undefined;
  const op = THRESHOLD_OPERATORS.find((o) => m[o] !== undefined);
  if (m.metric === "rowCount") {
    const range = rowCountRange(op, m[op ?? ""]);
    const valid = range && (range.min ?? 0) >= 0 && (range.max ?? 0) >= 0;
    return valid ? `quality.rowCount ${JSON.stringify(range)}` : undefined;
  }
  if (!isEveryRowThreshold(op, m[op ?? ""], m.unit)) return undefined;
  if (m.metric === "nullValues" || (m.metric === "missingValues" && !m.missingValues))
    return `required: true on ${m.field}`;
  if (m.metric === "duplicateValues") return `unique: true on ${m.field}`;
  if (m.metric === "invalidValues") return `accepted: [its validValues] on ${m.field}`;
  return undefined;
}

/** The threshold operators as declaration keys: a check takes exactly one ({@link oneThreshold}). */
const thresholds = {
  mustBe: z.number().optional(),
  mustNotBe: z.number().optional(),
  mustBeGreaterThan: z.number().optional(),
  mustBeGreaterOrEqualTo: z.number().optional(),
  mustBeLessThan: z.number().optional(),
  mustBeLessOrEqualTo: z.number().optional(),
  mustBeBetween: range.optional(),
  mustNotBeBetween: range.optional(),
};

/** A check's one threshold: its operators given, an issue at `path` unless there is exactly one. */
function oneThreshold(
  check: Partial<Record<ThresholdOperator, unknown>>,
  what: string,
  path: string,
  ctx: z.RefinementCtx,
): ThresholdOperator[] {
  const operators = THRESHOLD_OPERATORS.filter((op) => check[op] !== undefined);
  if (operators.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: [operators[1] ?? path],
      message:
        operators.length === 0
          ? `${what} needs a threshold: one of ${THRESHOLD_OPERATORS.join(", ")}`
          : `give one threshold, not ${operators.join(" and ")}`,
    });
  }
  return operators;
}

/** What a SQL check's query names to read the product's new table; the platform binds it. */
export const OBJECT_PLACEHOLDER = "{object}";

/**
 * A check written as SQL (ODCS `type: sql`): one SELECT over the product's new table, written
 * `{object}`, returning one row with one number, compared with the threshold. Only the SQL's shape
 * is checked here; `qualitySql.ts` parses and binds it at plan time, the runner runs it sandboxed.
 */
export const SqlCheckSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, {
        error: "a check's name is snake_case: lowercase letters, digits and _, starting with a letter",
      })
      .meta({ description: "The check's name: in run records (sql:<name>), diffs and the catalog." }),
    description: text("description").optional().meta({ description: "What the check makes sure of." }),
    field: z.string().optional().meta({
      description:
        "The field the check is about, if one (ODCS: a rule of that property); the query names it.",
    }),
    query: z
      .string()
      .trim()
      .min(1, { error: "query must not be empty" })
      .refine((q) => q.includes(OBJECT_PLACEHOLDER), {
        error: `query reads the product's new table as ${OBJECT_PLACEHOLDER}, e.g. SELECT count(*) FROM ${OBJECT_PLACEHOLDER} WHERE amount <= 0`,
      })
      .meta({
        description: `One SELECT over ${OBJECT_PLACEHOLDER} (the product's new table, nothing else) returning one row with one number.`,
      }),
    ...thresholds,
    severity,
  })
  .strict()
  .superRefine((c, ctx) => {
    oneThreshold(c, `SQL check ${c.name}`, "query", ctx);
  });
export type SqlCheck = z.output<typeof SqlCheckSchema>;

export const MetricCheckSchema = z
  .object({
    metric: z.enum(METRICS, { error: `metric must be one of ${METRICS.join(", ")}` }),
    field: z.string().optional().meta({ description: "The field measured; none for rowCount." }),
    unit: z
      .enum(["rows", "percent"], { error: "unit must be rows or percent" })
      .default("rows")
      .meta({ description: "rows (default), or percent of the table's rows." }),
    validValues: values("validValues").meta({
      description: "invalidValues: the values that are valid; any other non-null value is invalid.",
    }),
    missingValues: values("missingValues").meta({
      description: "missingValues: the values that count as missing besides null, e.g. empty text.",
    }),
    ...thresholds,
    severity,
  })
  .strict()
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const operators = oneThreshold(m, m.metric, "metric", ctx);
    if (m.metric === "rowCount") {
      if (m.field !== undefined) issue("field", "rowCount measures the table: it takes no field");
      if (m.unit === "percent") issue("unit", "rowCount is counted in rows, not percent");
    } else if (m.field === undefined) issue("field", `${m.metric} measures a field: name it in field`);
    if (m.metric === "invalidValues" && m.validValues === undefined)
      issue("validValues", "invalidValues needs validValues: the values that are valid");
    if (m.metric !== "invalidValues" && m.validValues !== undefined)
      issue("validValues", "validValues applies to invalidValues only");
    if (m.metric !== "missingValues" && m.missingValues !== undefined)
      issue("missingValues", "missingValues (the list) applies to the missingValues metric only");
    const same = operators.length === 1 ? sameAs(m) : undefined;
    if (same)
      issue(
        operators[0]!,
        `${m.metric} ${operators[0]} ${JSON.stringify(m[operators[0]!])} is ${same}: declare that instead`,
      );
    if (m.unit === "percent") {
      for (const op of operators) {
        const bounds = [m[op]].flat() as number[];
        if (bounds.some((b) => b < 0 || b > 100)) issue(op, "a percentage is between 0 and 100");
      }
    }
  });
export type MetricCheck = z.output<typeof MetricCheckSchema>;

export const QualitySchema = z
  .object({
    rowCount: z
      .object({
        min: z.int().min(0).optional().meta({ description: "Fewest rows a good table has." }),
        max: z.int().min(0).optional().meta({ description: "Most rows a good table has." }),
      })
      .strict()
      .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
        error: "rowCount.min is greater than rowCount.max",
      })
      .optional(),
    volumeChange: z
      .object({
        maxPercent: z.number().gt(0, { error: "volumeChange.maxPercent must be more than 0" }).meta({
          description: "How far, in percent, the row count may move from the median of the last runs.",
        }),
        lastRuns: z
          .int()
          .min(1, { error: "volumeChange.lastRuns must be at least 1" })
          .max(100, { error: "volumeChange.lastRuns must be at most 100" })
          .default(7)
          .meta({
            description: "How many of the last successful runs the median is taken over (default 7).",
          }),
        severity,
      })
      .strict()
      .optional()
      .meta({
        description: "The row count stays within maxPercent of the median of the last runs' row counts.",
      }),
    freshness: z
      .object({
        field: z
          .string()
          .meta({ description: "The timestamp or date field that says when a row's data happened." }),
        severity,
      })
      .strict()
      .optional()
      .meta({ description: "At load, the newest value of field is no older than slos.freshness." }),
    metrics: z
      .array(MetricCheckSchema)
      .superRefine((metrics, ctx) => {
        const seen = new Set<string>();
        metrics.forEach((m, i) => {
          const key = `${m.metric}${m.field === undefined ? "" : ` of ${m.field}`}`;
          if (seen.has(key))
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `${key} is checked twice: give one threshold`,
            });
          seen.add(key);
        });
      })
      .optional()
      .meta({
        description:
          "ODCS library metrics with thresholds: rowCount, nullValues, missingValues, invalidValues, duplicateValues.",
      }),
    sql: z
      .array(SqlCheckSchema)
      .superRefine((checks, ctx) => {
        checks.forEach((c, i) => {
          if (checks.findIndex((d) => d.name === c.name) < i)
            ctx.addIssue({
              code: "custom",
              path: [i, "name"],
              message: `two SQL checks are named ${c.name}`,
            });
        });
      })
      .optional()
      .meta({
        description: "ODCS SQL checks: a query over the new table, its one number against a threshold.",
      }),
  })
  .strict();
export type Quality = z.output<typeof QualitySchema>;

/**
 * Problems of the quality checks that need the product's schema: the fields they name exist and
 * suit the check. Paths are relative to the product.
 */
export function qualityFieldProblems(
  quality: Quality,
  schema: Readonly<Record<string, Field>>,
  engine: string,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (engine === "spark") {
    // Refused rather than silently unchecked: the Spark driver enforces the field rules and rowCount only.
    for (const key of ["volumeChange", "freshness", "metrics", "sql"] as const) {
      if (quality[key] !== undefined) {
        problems.push({
          path: ["quality", key],
          message: `${key} is checked by the duckdb runner only; a Spark transform does not run it yet`,
        });
      }
    }
  }
  const known = Object.keys(schema).join(", ");
  const freshness = quality.freshness;
  if (freshness) {
    const field = schema[freshness.field];
    if (!field) {
      problems.push({
        path: ["quality", "freshness", "field"],
        message: `no field "${freshness.field}" in the schema (it has: ${known})`,
      });
    } else if (field.type !== "timestamp" && field.type !== "date") {
      problems.push({
        path: ["quality", "freshness", "field"],
        message: `freshness is measured on a timestamp or date field; ${freshness.field} is ${field.type}`,
      });
    }
  }
  for (const key of ["metrics", "sql"] as const) {
    (quality[key] ?? []).forEach((m, i) => {
      if (m.field !== undefined && !schema[m.field]) {
        problems.push({
          path: ["quality", key, i, "field"],
          message: `no field "${m.field}" in the schema (it has: ${known})`,
        });
      }
    });
  }
  // A list of values compares with one value: a list's, struct's or json's would be compared as
  // its text, which counts nothing a consumer means (as `accepted` is refused on such a field).
  (quality.metrics ?? []).forEach((m, i) => {
    const field = m.field === undefined ? undefined : schema[m.field];
    const listed =
      m.metric === "invalidValues" ? "validValues" : m.missingValues ? "missingValues" : undefined;
    if (field && listed && hasParts(field.type)) {
      problems.push({
        path: ["quality", "metrics", i, "field"],
        message: `${m.metric} compares ${m.field}'s values with ${listed}, which applies to fields of one value, not ${field.type}`,
      });
    }
  });
  return problems;
}
