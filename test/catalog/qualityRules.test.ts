/**
 * The catalog states every check a product's loads must pass: field rules, string length and
 * pattern, row-count bounds, and the quality checks that need the run (metrics, volume change,
 * freshness at load) — a consumer reads there what the producer promises.
 */
import { describe, expect, it } from "vitest";
import { qualityRules } from "../../cli/catalog/qualityRules.js";
import { DataProductSchema } from "../../components/declaration/schema.js";

const product = (extra: { schema?: Record<string, unknown>; quality?: Record<string, unknown> }) =>
  DataProductSchema.parse({
    name: "customers",
    version: "1.0.0",
    description: "Customers.",
    classification: "internal",
    schema: {
      customer_id: { type: "string", required: true, unique: true, description: "Id." },
      ...extra.schema,
    },
    transform: { sql: "SELECT * FROM staging", schedule: "0 * * * *" },
    slos: { freshness: "1h" },
    quality: extra.quality ?? {},
  });

describe("qualityRules", () => {
  it("states string lengths and patterns", () => {
    const rules = qualityRules(
      product({
        schema: {
          code: { type: "string", minLength: 2, maxLength: 3, description: "Code." },
          email: { type: "string", maxLength: 320, pattern: "^[^@]+@[^@]+$", description: "Email." },
          name: { type: "string", minLength: 1, description: "Name." },
        },
      }),
    );
    expect(rules).toEqual(
      expect.arrayContaining([
        "code has 2 to 3 characters.",
        "email has at most 320 characters.",
        "email matches the pattern ^[^@]+@[^@]+$.",
        "name has at least 1 characters.",
      ]),
    );
  });

  it("states the checks that need the run: metrics (and which are warnings), volume change, freshness", () => {
    const rules = qualityRules(
      product({
        schema: { seen_at: { type: "timestamp", description: "Seen." } },
        quality: {
          metrics: [
            { metric: "nullValues", field: "seen_at", mustBeLessThan: 5, unit: "percent" },
            { metric: "rowCount", mustBeGreaterThan: 10, severity: "warning" },
          ],
          volumeChange: { maxPercent: 30, lastRuns: 7 },
          freshness: { field: "seen_at" },
        },
      }),
    );
    expect(rules.slice(2)).toEqual([
      "nullValues of seen_at mustBeLessThan 5 %.",
      "rowCount mustBeGreaterThan 10 rows (a warning: the table still loads).",
      "Row count within 30 % of the median of the last 7 successful runs.",
      "At load, the newest seen_at is at most 1h old.",
    ]);
  });

  it("states each SQL check: its name, what it makes sure of, its query and threshold", () => {
    const rules = qualityRules(
      product({
        quality: {
          sql: [
            {
              name: "no_test_ids",
              description: "No test customer is published.",
              query: "SELECT count(*)\nFROM {object} WHERE customer_id LIKE 'test-%'",
              mustBe: 0,
            },
            {
              name: "enough",
              query: "SELECT count(*) FROM {object}",
              mustBeBetween: [10, 20],
              severity: "warning",
            },
          ],
        },
      }),
    );
    expect(rules.slice(2)).toEqual([
      "no_test_ids — No test customer is published: the query SELECT count(*) FROM {object} WHERE customer_id LIKE 'test-%' returns a number that is mustBe 0.",
      "enough: the query SELECT count(*) FROM {object} returns a number that is mustBeBetween 10 and 20 (a warning: the table still loads).",
    ]);
  });

  it("states a composite primary key as unique together", () => {
    const rules = qualityRules(
      product({
        schema: {
          customer_id: { type: "string", required: true, primaryKey: true, description: "Id." },
          since: { type: "date", required: true, primaryKey: true, description: "Since." },
        },
      }),
    );
    expect(rules).toEqual([
      "Never null: customer_id, since.",
      "Unique together (the primary key): customer_id, since.",
    ]);
  });
});
