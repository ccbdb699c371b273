/**
 * The table-level quality checks a product declares (`quality.volumeChange`, `quality.freshness`,
 * `quality.metrics`): each rule of the declaration schema, refusing and accepting.
 */
import { describe, expect, it } from "vitest";
import {
  DeclarationError,
  type DeclarationProblem,
  type DomainInput,
  validateDomain,
} from "../../components/declaration/index.js";

const domainWith = (quality: unknown): DomainInput =>
  ({
    name: "orders",
    owner: { team: "checkout", email: "checkout-team@example.com" },
    description: "Orders placed in the web shop.",
    dataProducts: [
      {
        name: "orders",
        version: "1.2.0",
        description: "One row per order, at its latest status.",
        classification: "internal",
        schema: {
          order_id: { type: "string", required: true, description: "Order identifier." },
          status: { type: "string", description: "Order status." },
          ordered_at: { type: "timestamp", description: "When the order was placed." },
        },
        transform: { sql: "SELECT order_id, status, ordered_at FROM staging", schedule: "*/15 * * * *" },
        slos: { freshness: "1h" },
        quality,
      },
    ],
  }) as DomainInput;

function problemsOf(quality: unknown): Pick<DeclarationProblem, "path" | "message">[] {
  try {
    validateDomain(domainWith(quality), {});
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    return e.problems.map(({ path, message }) => ({ path, message }));
  }
  return [];
}

const at = (...path: (string | number)[]) =>
  `dataProducts[0].quality${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;

describe("quality checks in the declaration", () => {
  it("accepts every kind of check, with severity error by default", () => {
    const quality = {
      volumeChange: { maxPercent: 30 },
      freshness: { field: "ordered_at", severity: "warning" },
      metrics: [
        { metric: "nullValues", field: "status", mustBeLessThan: 1, unit: "percent" },
        { metric: "missingValues", field: "status", missingValues: ["", "n/a"], mustBe: 0 },
        { metric: "invalidValues", field: "status", validValues: ["paid", "open"], mustBeLessOrEqualTo: 5 },
        { metric: "duplicateValues", field: "order_id", mustBe: 0, severity: "warning" },
        { metric: "rowCount", mustNotBeBetween: [1, 10] },
      ],
    };
    expect(problemsOf(quality)).toEqual([]);
    const product = validateDomain(domainWith(quality), {}).dataProducts[0]!;
    expect(product.quality.volumeChange).toEqual({ maxPercent: 30, lastRuns: 7, severity: "error" });
    expect(product.quality.metrics![0]).toMatchObject({ severity: "error", unit: "percent" });
    expect(product.quality.metrics![3]).toMatchObject({ unit: "rows" });
  });

  it.each([
    [
      { volumeChange: { maxPercent: 0 } },
      at("volumeChange", "maxPercent"),
      "volumeChange.maxPercent must be more than 0",
    ],
    [
      { volumeChange: { maxPercent: 30, lastRuns: 0 } },
      at("volumeChange", "lastRuns"),
      "volumeChange.lastRuns must be at least 1",
    ],
    [{ volumeChange: { maxPercent: 30, window: 7 } }, at("volumeChange"), 'Unrecognized key: "window"'],
    [
      { freshness: { field: "nope" } },
      at("freshness", "field"),
      'no field "nope" in the schema (it has: order_id, status, ordered_at)',
    ],
    [
      { freshness: { field: "status" } },
      at("freshness", "field"),
      "freshness is measured on a timestamp or date field; status is string",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "status" }] },
      at("metrics", 0, "metric"),
      "nullValues needs a threshold: one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "status", mustBe: 0, mustBeLessThan: 1 }] },
      at("metrics", 0, "mustBeLessThan"),
      "give one threshold, not mustBe and mustBeLessThan",
    ],
    [
      { metrics: [{ metric: "nullValue", field: "status", mustBe: 0 }] },
      at("metrics", 0, "metric"),
      "metric must be one of rowCount, nullValues, missingValues, invalidValues, duplicateValues",
    ],
    [
      { metrics: [{ metric: "nullValues", mustBe: 0 }] },
      at("metrics", 0, "field"),
      "nullValues measures a field: name it in field",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "nope", mustBe: 0 }] },
      at("metrics", 0, "field"),
      'no field "nope" in the schema (it has: order_id, status, ordered_at)',
    ],
    [
      { metrics: [{ metric: "rowCount", field: "status", mustBe: 0 }] },
      at("metrics", 0, "field"),
      "rowCount measures the table: it takes no field",
    ],
    [
      { metrics: [{ metric: "rowCount", mustBe: 5, unit: "percent" }] },
      at("metrics", 0, "unit"),
      "rowCount is counted in rows, not percent",
    ],
    [
      { metrics: [{ metric: "invalidValues", field: "status", mustBe: 0 }] },
      at("metrics", 0, "validValues"),
      "invalidValues needs validValues: the values that are valid",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "status", validValues: ["a"], mustBe: 0 }] },
      at("metrics", 0, "validValues"),
      "validValues applies to invalidValues only",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "status", mustBeLessThan: 101, unit: "percent" }] },
      at("metrics", 0, "mustBeLessThan"),
      "a percentage is between 0 and 100",
    ],
    [
      { metrics: [{ metric: "rowCount", mustBeBetween: [10, 1] }] },
      at("metrics", 0, "mustBeBetween"),
      "the range's low end is greater than its high end",
    ],
    [
      {
        metrics: [
          { metric: "nullValues", field: "status", mustBe: 0 },
          { metric: "nullValues", field: "status", mustBeLessThan: 3 },
        ],
      },
      at("metrics", 1),
      "nullValues of status is checked twice: give one threshold",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "status", mustBe: 0, severity: "fatal" }] },
      at("metrics", 0, "severity"),
      "severity must be one of error, warning",
    ],
    [
      { metrics: [{ metric: "nullValues", field: "status", mustBe: 0 }] },
      at("metrics", 0, "mustBe"),
      "nullValues mustBe 0 is required: true on status: declare that instead",
    ],
    [
      { metrics: [{ metric: "duplicateValues", field: "status", mustBeLessThan: 1 }] },
      at("metrics", 0, "mustBeLessThan"),
      "duplicateValues mustBeLessThan 1 is unique: true on status: declare that instead",
    ],
    [
      { metrics: [{ metric: "rowCount", mustBeGreaterThan: 0 }] },
      at("metrics", 0, "mustBeGreaterThan"),
      'rowCount mustBeGreaterThan 0 is quality.rowCount {"min":1}: declare that instead',
    ],
  ])("refuses %j: %s: %s", (quality, path, message) => {
    expect(problemsOf(quality)).toContainEqual({ path, message });
  });

  it("refuses them on a Spark transform, which does not run them", () => {
    const domain = domainWith({ volumeChange: { maxPercent: 30 } }) as any;
    domain.dataProducts[0].transform.engine = "spark";
    expect(() => validateDomain(domain, {})).toThrow(
      "volumeChange is checked by the duckdb runner only; a Spark transform does not run it yet",
    );
    domain.dataProducts[0].quality = { rowCount: { min: 1 } };
    expect(() => validateDomain(domain, {})).not.toThrow();
  });
});

describe("quality checks on fields whose values have parts", () => {
  /** The orders domain with a list field and a json field, and `quality`. */
  function partsProblems(quality: unknown): Pick<DeclarationProblem, "path" | "message">[] {
    const domain = domainWith(quality) as any;
    Object.assign(domain.dataProducts[0].schema, {
      tags: { type: "list<string>", description: "Tags." },
      payload: { type: "json", description: "What the shop sent." },
    });
    try {
      validateDomain(domain, {});
    } catch (e) {
      if (!(e instanceof DeclarationError)) throw e;
      return e.problems.map(({ path, message }) => ({ path, message }));
    }
    return [];
  }

  it.each([
    [
      { metric: "invalidValues", field: "tags", validValues: ["a"], mustBeLessThan: 5 },
      "invalidValues compares tags's values with validValues, which applies to fields of one value, not list<string>",
    ],
    [
      { metric: "missingValues", field: "payload", missingValues: ["", "n/a"], mustBeLessThan: 5 },
      "missingValues compares payload's values with missingValues, which applies to fields of one value, not json",
    ],
  ])("refuses a metric comparing whole values with a list: %j", (metric, message) => {
    expect(partsProblems({ metrics: [metric] })).toEqual([{ path: at("metrics", 0, "field"), message }]);
  });

  it("refuses a json field as the freshness field", () => {
    expect(partsProblems({ freshness: { field: "payload" } })).toEqual([
      {
        path: at("freshness", "field"),
        message: "freshness is measured on a timestamp or date field; payload is json",
      },
    ]);
  });

  it("accepts the metrics that count nulls and repeats of whole values", () => {
    expect(
      partsProblems({
        metrics: [
          { metric: "nullValues", field: "tags", mustBeLessThan: 5 },
          { metric: "missingValues", field: "payload", mustBeLessThan: 5 },
          { metric: "duplicateValues", field: "payload", mustBeLessThan: 5 },
          { metric: "invalidValues", field: "status", validValues: ["open"], mustBeLessThan: 5 },
        ],
      }),
    ).toEqual([]);
  });
});
