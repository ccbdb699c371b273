/**
 * A product's primary key in the declaration: one field is required and unique on its own; several
 * fields marked primaryKey are one key together, each required, the combination unique (enforced
 * by the runner). A Spark transform, which does not check a combination, is refused one.
 */
import { describe, expect, it } from "vitest";
import { DeclarationError, type DomainInput, validateDomain } from "../../components/declaration/index.js";

const domainWith = (schema: Record<string, unknown>, engine?: string): DomainInput =>
  ({
    name: "orders",
    owner: { team: "checkout", email: "checkout-team@example.com" },
    description: "Orders placed in the web shop.",
    dataProducts: [
      {
        name: "order-lines",
        version: "1.0.0",
        description: "One row per order line.",
        classification: "internal",
        schema,
        transform: {
          sql: "SELECT * EXCLUDE (ingest_date) FROM staging",
          schedule: "*/15 * * * *",
          ...(engine ? { engine } : {}),
        },
        slos: { freshness: "1h" },
      },
    ],
  }) as DomainInput;

function problemsOf(schema: Record<string, unknown>, engine?: string) {
  try {
    validateDomain(domainWith(schema, engine), {});
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    return e.problems.map(({ path, message }) => ({ path, message }));
  }
  return [];
}

const f = (extra: Record<string, unknown> = {}) => ({ type: "string", description: "x", ...extra });

describe("a primary key in the declaration", () => {
  it("accepts a key of several fields, each required, none unique on its own", () => {
    expect(
      problemsOf({
        order_id: f({ primaryKey: true, required: true }),
        line: f({ primaryKey: true, required: true }),
        sku: f(),
      }),
    ).toEqual([]);
  });

  it("refuses a field of a composite key that is not required", () => {
    expect(
      problemsOf({ order_id: f({ primaryKey: true, required: true }), line: f({ primaryKey: true }) }),
    ).toEqual([
      {
        path: "dataProducts[0].schema.line.primaryKey",
        message:
          "a field of the composite primary key (order_id, line) must also be required: true; the combination is what is unique",
      },
    ]);
  });

  it("still refuses a key of one field that is not unique", () => {
    expect(problemsOf({ order_id: f({ primaryKey: true, required: true }) })).toEqual([
      {
        path: "dataProducts[0].schema.order_id.primaryKey",
        message: "a primary key field must also be required: true and unique: true",
      },
    ]);
    expect(problemsOf({ order_id: f({ primaryKey: true, required: true, unique: true }) })).toEqual([]);
  });

  it("refuses a composite key on a Spark transform, which does not check it", () => {
    const key = {
      order_id: f({ primaryKey: true, required: true }),
      line: f({ primaryKey: true, required: true }),
    };
    expect(problemsOf(key, "spark")).toContainEqual({
      path: "dataProducts[0].schema.order_id.primaryKey",
      message:
        "a composite primary key (order_id, line) is checked by the duckdb runner only; a Spark transform does not check it yet",
    });
  });
});
