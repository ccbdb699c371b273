/**
 * The declaration's quality checks on their own (`components/declaration/qualitySchema.ts`): each
 * threshold, value list, unit and name refused with the setting it is at, a check that says what a
 * field rule or `rowCount` already says sent to that one form, and the thresholds the field rules
 * and row counts are read from.
 */
import { describe, expect, it } from "vitest";
import {
  isEveryRowThreshold,
  QualitySchema,
  qualityFieldProblems,
  rowCountRange,
} from "../../components/declaration/qualitySchema.js";
import type { Field } from "../../components/declaration/schema.js";

/** Each issue as [code, path, message]; none when the quality block is valid. */
const issues = (quality: unknown) => {
  const parsed = QualitySchema.safeParse(quality);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.code, i.path.join("."), i.message]);
};
const metric = (m: object) => issues({ metrics: [{ field: "a", ...m }] });

describe("which thresholds say no row may fail", () => {
  it("are mustBe 0 and at most 0 in any unit, and fewer than 1 counted in rows", () => {
    expect(isEveryRowThreshold("mustBe", 0, "percent")).toBe(true);
    expect(isEveryRowThreshold("mustBeLessOrEqualTo", 0, undefined)).toBe(true);
    expect(isEveryRowThreshold("mustBeLessThan", 1, undefined)).toBe(true);
    expect(isEveryRowThreshold("mustBeLessThan", 1, "rows")).toBe(true);
    expect(isEveryRowThreshold("mustBeLessThan", 1, "percent")).toBe(false);
    expect(isEveryRowThreshold("mustBeLessThan", 2, "rows")).toBe(false);
    expect(isEveryRowThreshold("mustBe", 1, "rows")).toBe(false);
    expect(isEveryRowThreshold("mustNotBe", 0, "rows")).toBe(false);
    expect(isEveryRowThreshold("mustBeGreaterOrEqualTo", 0, "rows")).toBe(false);
    expect(isEveryRowThreshold(undefined, 0, "rows")).toBe(false);
  });
});

describe("the row-count range of a threshold", () => {
  it("is the whole-number range each operator allows", () => {
    expect(rowCountRange("mustBe", 5)).toEqual({ min: 5, max: 5 });
    expect(rowCountRange("mustBeGreaterThan", 5)).toEqual({ min: 6 });
    expect(rowCountRange("mustBeGreaterOrEqualTo", 5)).toEqual({ min: 5 });
    expect(rowCountRange("mustBeLessThan", 5)).toEqual({ max: 4 });
    expect(rowCountRange("mustBeLessOrEqualTo", 5)).toEqual({ max: 5 });
    expect(rowCountRange("mustBeBetween", [1, 5])).toEqual({ min: 1, max: 5 });
  });

  it("is none for a fraction, a range with a fraction, or an operator that states no range", () => {
    expect(rowCountRange("mustBe", 1.5)).toBeUndefined();
    expect(rowCountRange("mustBe", "5")).toBeUndefined();
    expect(rowCountRange("mustBeBetween", [1, 5.5])).toBeUndefined();
    expect(rowCountRange("mustBeBetween", [1.5, 5])).toBeUndefined();
    expect(rowCountRange("mustBeBetween", 5)).toBeUndefined();
    expect(rowCountRange("mustNotBe", 5)).toBeUndefined();
    expect(rowCountRange("mustNotBeBetween", [1, 5])).toBeUndefined();
    expect(rowCountRange(undefined, 5)).toBeUndefined();
  });
});

describe("a metric check", () => {
  it("refuses a range that is not [low, high] with low at most high", () => {
    expect(metric({ metric: "nullValues", mustBeBetween: [1] })).toEqual([
      ["too_small", "metrics.0.mustBeBetween", "expected [low, high]"],
    ]);
    expect(metric({ metric: "nullValues", mustBeBetween: [5, 1] })).toEqual([
      ["custom", "metrics.0.mustBeBetween", "the range's low end is greater than its high end"],
    ]);
    expect(metric({ metric: "nullValues", mustBeBetween: [1, 1] })).toEqual([]);
  });

  it("refuses empty value lists, a list on another metric, and units other than rows and percent", () => {
    expect(metric({ metric: "invalidValues", validValues: [], mustBe: 1 })).toEqual([
      ["too_small", "metrics.0.validValues", "validValues must list at least one value"],
    ]);
    expect(metric({ metric: "missingValues", missingValues: [], mustBe: 1 })).toEqual([
      ["too_small", "metrics.0.missingValues", "missingValues must list at least one value"],
    ]);
    expect(metric({ metric: "nullValues", missingValues: ["x"], mustBe: 1 })).toEqual([
      [
        "custom",
        "metrics.0.missingValues",
        "missingValues (the list) applies to the missingValues metric only",
      ],
    ]);
    expect(metric({ metric: "nullValues", unit: "pct", mustBe: 1 })).toEqual([
      ["invalid_value", "metrics.0.unit", "unit must be rows or percent"],
    ]);
  });

  it("refuses a percentage outside 0 to 100, at either end of a range", () => {
    const percent = (op: object) => metric({ metric: "nullValues", unit: "percent", ...op });
    expect(percent({ mustBeLessThan: 101 })).toEqual([
      ["custom", "metrics.0.mustBeLessThan", "a percentage is between 0 and 100"],
    ]);
    expect(percent({ mustBeBetween: [-1, 5] })).toEqual([
      ["custom", "metrics.0.mustBeBetween", "a percentage is between 0 and 100"],
    ]);
    expect(percent({ mustBeBetween: [0, 100] })).toEqual([]);
    expect(metric({ metric: "nullValues", mustBeLessThan: 101 })).toEqual([]);
  });

  it("sends a check that says what a field rule says to that rule", () => {
    const same = (m: object, op: string, message: string) =>
      expect(metric(m)).toEqual([["custom", `metrics.0.${op}`, message]]);
    same(
      { metric: "nullValues", mustBe: 0 },
      "mustBe",
      "nullValues mustBe 0 is required: true on a: declare that instead",
    );
    same(
      { metric: "nullValues", mustBeLessOrEqualTo: 0 },
      "mustBeLessOrEqualTo",
      "nullValues mustBeLessOrEqualTo 0 is required: true on a: declare that instead",
    );
    same(
      { metric: "nullValues", mustBeLessThan: 1 },
      "mustBeLessThan",
      "nullValues mustBeLessThan 1 is required: true on a: declare that instead",
    );
    same(
      { metric: "missingValues", mustBe: 0 },
      "mustBe",
      "missingValues mustBe 0 is required: true on a: declare that instead",
    );
    same(
      { metric: "duplicateValues", mustBe: 0 },
      "mustBe",
      "duplicateValues mustBe 0 is unique: true on a: declare that instead",
    );
    same(
      { metric: "invalidValues", validValues: ["x"], mustBe: 0 },
      "mustBe",
      "invalidValues mustBe 0 is accepted: [its validValues] on a: declare that instead",
    );
  });

  it("keeps a check no field rule says: a fraction of rows, a listed missing value, or a warning", () => {
    expect(metric({ metric: "nullValues", mustBeLessThan: 1, unit: "percent" })).toEqual([]);
    expect(metric({ metric: "missingValues", missingValues: [""], mustBe: 0 })).toEqual([]);
    expect(metric({ metric: "nullValues", mustBe: 0, severity: "warning" })).toEqual([]);
  });

  it("sends a whole-number row count range of 0 or more to quality.rowCount, and keeps any other", () => {
    const rows = (op: object) => issues({ metrics: [{ metric: "rowCount", ...op }] });
    expect(rows({ mustBeGreaterOrEqualTo: 5 })).toEqual([
      [
        "custom",
        "metrics.0.mustBeGreaterOrEqualTo",
        'rowCount mustBeGreaterOrEqualTo 5 is quality.rowCount {"min":5}: declare that instead',
      ],
    ]);
    expect(rows({ mustBeLessThan: 5 })).toEqual([
      [
        "custom",
        "metrics.0.mustBeLessThan",
        'rowCount mustBeLessThan 5 is quality.rowCount {"max":4}: declare that instead',
      ],
    ]);
    expect(rows({ mustBeBetween: [1, 5] })).toEqual([
      [
        "custom",
        "metrics.0.mustBeBetween",
        'rowCount mustBeBetween [1,5] is quality.rowCount {"min":1,"max":5}: declare that instead',
      ],
    ]);
    expect(rows({ mustBeBetween: [1.5, 5] })).toEqual([]);
    expect(rows({ mustBeGreaterThan: -5 })).toEqual([]);
    expect(rows({ mustBeLessThan: 0 })).toEqual([]);
    expect(rows({ mustNotBe: 0 })).toEqual([]);
    expect(rows({ mustBe: 5, mustNotBe: 3 })).toEqual([
      ["custom", "metrics.0.mustNotBe", "give one threshold, not mustBe and mustNotBe"],
    ]);
  });

  it("is one per metric and field", () => {
    expect(
      issues({
        metrics: [
          { metric: "nullValues", field: "a", mustBe: 1 },
          { metric: "nullValues", field: "b", mustBe: 1 },
          { metric: "nullValues", field: "a", mustBe: 2 },
        ],
      }),
    ).toEqual([["custom", "metrics.2", "nullValues of a is checked twice: give one threshold"]]);
    expect(
      issues({
        metrics: [
          { metric: "rowCount", mustNotBe: 1 },
          { metric: "rowCount", mustNotBe: 2 },
        ],
      }),
    ).toEqual([["custom", "metrics.1", "rowCount is checked twice: give one threshold"]]);
  });
});

describe("an SQL check", () => {
  const check = (c: object) => ({ name: "a", query: "SELECT count(*) FROM {object}", mustBe: 0, ...c });

  it("has a snake_case name no other check has, a query over {object}, and no blank description", () => {
    expect(
      issues({ sql: [check({}), check({ name: "b" }), check({ query: "SELECT 2 FROM {object}" })] }),
    ).toEqual([["custom", "sql.2.name", "two SQL checks are named a"]]);
    expect(issues({ sql: [check({ name: "Bad", query: " ", description: "  " })] })).toEqual([
      [
        "invalid_format",
        "sql.0.name",
        "a check's name is snake_case: lowercase letters, digits and _, starting with a letter",
      ],
      ["too_small", "sql.0.description", "description must not be empty"],
      ["too_small", "sql.0.query", "query must not be empty"],
      [
        "custom",
        "sql.0.query",
        "query reads the product's new table as {object}, e.g. SELECT count(*) FROM {object} WHERE amount <= 0",
      ],
    ]);
  });

  it("takes exactly one threshold", () => {
    expect(issues({ sql: [check({ mustBe: undefined })] })).toEqual([
      [
        "custom",
        "sql.0.query",
        "SQL check a needs a threshold: one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween",
      ],
    ]);
  });
});

describe("the table's row count and history checks", () => {
  it("refuse a crossed row count and a volume change over more than 100 runs", () => {
    expect(issues({ rowCount: { min: 5, max: 3 } })).toEqual([
      ["custom", "rowCount", "rowCount.min is greater than rowCount.max"],
    ]);
    expect(issues({ rowCount: { min: 3, max: 3 } })).toEqual([]);
    expect(issues({ rowCount: { max: 3 } })).toEqual([]);
    expect(issues({ volumeChange: { maxPercent: 10, lastRuns: 101 } })).toEqual([
      ["too_big", "volumeChange.lastRuns", "volumeChange.lastRuns must be at most 100"],
    ]);
  });
});

describe("the checks that need the product's schema", () => {
  const field = (type: string) => ({ type, description: "d" }) as Field;
  const schema = {
    at: field("timestamp"),
    day: field("date"),
    tags: field("list<string>"),
    code: field("string"),
  };
  const problems = (quality: object, engine = "duckdb") =>
    qualityFieldProblems(QualitySchema.parse(quality), schema, engine);

  it("measure freshness on a timestamp or date field the schema has", () => {
    expect(problems({ freshness: { field: "at" } })).toEqual([]);
    expect(problems({ freshness: { field: "day" } })).toEqual([]);
    expect(problems({ freshness: { field: "code" } })).toEqual([
      {
        path: ["quality", "freshness", "field"],
        message: "freshness is measured on a timestamp or date field; code is string",
      },
    ]);
  });

  it("name fields the schema has, and compare value lists with fields of one value", () => {
    expect(
      problems({
        metrics: [
          { metric: "invalidValues", field: "tags", validValues: ["a"], mustBe: 1 },
          { metric: "missingValues", field: "tags", missingValues: ["a"], mustBe: 1 },
          { metric: "nullValues", field: "tags", mustBe: 1 },
          { metric: "invalidValues", field: "code", validValues: ["a"], mustBe: 1 },
        ],
        sql: [{ name: "x", field: "nope", query: "SELECT 1 FROM {object}", mustBe: 0 }],
      }),
    ).toEqual([
      {
        path: ["quality", "sql", 0, "field"],
        message: 'no field "nope" in the schema (it has: at, day, tags, code)',
      },
      {
        path: ["quality", "metrics", 0, "field"],
        message:
          "invalidValues compares tags's values with validValues, which applies to fields of one value, not list<string>",
      },
      {
        path: ["quality", "metrics", 1, "field"],
        message:
          "missingValues compares tags's values with missingValues, which applies to fields of one value, not list<string>",
      },
    ]);
  });

  it("refuse on Spark every check but the field rules and the row count", () => {
    expect(
      problems(
        {
          rowCount: { min: 1 },
          volumeChange: { maxPercent: 10 },
          metrics: [{ metric: "rowCount", mustNotBe: 0 }],
        },
        "spark",
      ),
    ).toEqual([
      {
        path: ["quality", "volumeChange"],
        message: "volumeChange is checked by the duckdb runner only; a Spark transform does not run it yet",
      },
      {
        path: ["quality", "metrics"],
        message: "metrics is checked by the duckdb runner only; a Spark transform does not run it yet",
      },
    ]);
  });
});
