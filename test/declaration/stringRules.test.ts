/**
 * A string field's length and pattern rules in the declaration: each rule refusing and accepting,
 * and the pattern compiled by DuckDB's own RE2 before anything deploys.
 */
import { describe, expect, it } from "vitest";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import {
  DeclarationError,
  type DeclarationProblem,
  type DomainInput,
  validateDomain,
} from "../../components/declaration/index.js";
import { validateMesh } from "../../components/declaration/mesh.js";
import { meshSqlProblems } from "../../components/declaration/meshSql.js";
import { re2PatternProblems } from "../../components/declaration/patternBinding.js";

const domainWith = (field: Record<string, unknown>, engine?: string): DomainInput =>
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
          code: { description: "A code.", type: "string", ...field },
        },
        transform: {
          sql: "SELECT order_id, code FROM staging",
          schedule: "*/15 * * * *",
          ...(engine ? { engine } : {}),
        },
        slos: { freshness: "1h" },
      },
    ],
  }) as DomainInput;

function problemsOf(
  field: Record<string, unknown>,
  engine?: string,
): Pick<DeclarationProblem, "path" | "message">[] {
  try {
    validateDomain(domainWith(field, engine), {});
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    return e.problems.map(({ path, message }) => ({ path, message }));
  }
  return [];
}

const at = (rule: string) => `dataProducts[0].schema.code.${rule}`;

describe("string length and pattern rules in the declaration", () => {
  it("accepts lengths and an RE2 pattern on a string field", () => {
    expect(problemsOf({ minLength: 0, maxLength: 8, pattern: "^[A-Z]{3}-\\d+$" })).toEqual([]);
    expect(problemsOf({ minLength: 3, maxLength: 3 })).toEqual([]);
    expect(problemsOf({ pattern: "a".repeat(500) })).toEqual([]);
    // An escaped parenthesis starts no group: `\(?<a` is an optional `(`, then `<a`.
    expect(problemsOf({ pattern: "^\\(?<a" })).toEqual([]);
  });

  it.each([
    ["minLength", "minLength must be 0 or more", { minLength: -1 }],
    ["maxLength", "maxLength must be a whole number", { maxLength: 2.5 }],
    ["minLength", "minLength 5 is greater than maxLength 4", { minLength: 5, maxLength: 4 }],
    ["maxLength", "maxLength applies to string fields, not int", { type: "int", maxLength: 4 }],
    ["pattern", "pattern applies to string fields, not date", { type: "date", pattern: "^2" }],
    [
      "pattern",
      /^pattern is not a valid regular expression for JSON Schema validators: /,
      { pattern: "[a-z" },
    ],
    [
      "pattern",
      "pattern uses backreferences, which DuckDB's regular expressions (RE2) do not have",
      { pattern: "(a+)\\1" },
    ],
    [
      "pattern",
      "pattern uses lookaround, which DuckDB's regular expressions (RE2) do not have",
      { pattern: "^(?!admin)" },
    ],
    [
      "pattern",
      "pattern uses named groups, which DuckDB's regular expressions (RE2) do not have",
      { pattern: "^(?<year>\\d{4})-" },
    ],
    [
      "pattern",
      "pattern uses \\u and \\c escapes (write the character itself), which DuckDB's regular expressions (RE2) do not have",
      { pattern: "^\\u00e9" },
    ],
    // A lone `]` is a literal in RE2 and in JavaScript's legacy syntax, but JSON Schema reads
    // patterns as Unicode regular expressions, which refuse it.
    ["pattern", /^pattern is not a valid regular expression for JSON Schema validators: /, { pattern: "a]" }],
    ["pattern", "pattern is 501 characters, over the limit of 500", { pattern: "a".repeat(501) }],
    ["pattern", "pattern must not be empty", { pattern: "" }],
  ])("refuses at %s: %s", (rule, message, field) => {
    expect(problemsOf(field)).toEqual([
      { path: at(rule), message: typeof message === "string" ? message : expect.stringMatching(message) },
    ]);
  });

  it("refuses a pattern on a Spark transform, whose regular expressions backtrack; lengths are fine", () => {
    expect(problemsOf({ pattern: "^[a-z]+$" }, "spark")).toEqual([
      {
        path: at("pattern"),
        message:
          "pattern is checked by the duckdb runner only: Spark's regular expressions backtrack; remove it or run on duckdb",
      },
    ]);
    expect(problemsOf({ minLength: 1, maxLength: 3 }, "spark")).toEqual([]);
  });

  it("accepts a pattern on a Spark product's raw records: the DuckDB extract stage checks them", () => {
    const domain = domainWith({}, "spark") as any;
    const product = domain.dataProducts[0];
    product.ingestion = {
      schema: {
        order_id: { type: "string", required: true, description: "Order identifier.", pattern: "^o-" },
        code: { type: "string", description: "A code." },
      },
    };
    expect(() => validateDomain(domain, {})).not.toThrow();
    product.schema.code.pattern = "^o-";
    expect(() => validateDomain(domain, {})).toThrow("Spark's regular expressions backtrack");
  });
});

describe("patterns compiled by DuckDB's RE2 when the mesh's SQL is checked", () => {
  const definitions = (field: Record<string, unknown>): DomainDefinition[] => [
    { input: domainWith(field), source: "domains/orders/index.ts:3" },
  ];
  const sqlProblems = async (field: Record<string, unknown>) => {
    const defs = definitions(field);
    return meshSqlProblems(validateMesh(defs), defs);
  };

  it("refuses what JavaScript compiles but RE2 does not, at the field's path", async () => {
    // RE2 caps a repetition at 1000; ECMA-262 does not.
    expect(await sqlProblems({ pattern: "^a{1001}$" })).toEqual([
      {
        source: "domains/orders/index.ts:3",
        path: "dataProducts[0].schema.code.pattern",
        message: "pattern is not a regular expression DuckDB (RE2) compiles: invalid repetition size: {1001}",
      },
    ]);
  });

  it("accepts what RE2 compiles", async () => {
    expect(await sqlProblems({ pattern: "^a{1000}$" })).toEqual([]);
  });

  it("compiles the raw records' patterns too, each at its own path, and names the domain's file", async () => {
    const domain = domainWith({ pattern: "^b{1001}$" }) as any;
    domain.dataProducts[0].ingestion = {
      schema: {
        order_id: { type: "string", required: true, description: "Order identifier.", pattern: "^a{1001}$" },
        code: { type: "string", description: "A code.", pattern: "^ok$" },
      },
    };
    const other = { ...(domainWith({}) as any), name: "billing" };
    const defs: DomainDefinition[] = [
      { input: other, source: "domains/billing/index.ts:1" },
      { input: domain, source: "domains/orders/index.ts:3" },
    ];
    expect(await re2PatternProblems(validateMesh(defs), defs)).toEqual([
      {
        source: "domains/orders/index.ts:3",
        path: "dataProducts[0].schema.code.pattern",
        message: "pattern is not a regular expression DuckDB (RE2) compiles: invalid repetition size: {1001}",
      },
      {
        source: "domains/orders/index.ts:3",
        path: "dataProducts[0].ingestion.schema.order_id.pattern",
        message: "pattern is not a regular expression DuckDB (RE2) compiles: invalid repetition size: {1001}",
      },
    ]);
  });

  it("does not recheck a retained major: it was checked when declared", async () => {
    const [definition] = definitions({ pattern: "^a{1001}$" });
    const mesh = validateMesh([definition!]);
    const retained = { ...mesh, products: mesh.products.map((p) => ({ ...p, retained: true })) };
    expect(await re2PatternProblems(retained, [definition!])).toEqual([]);
  });
});
