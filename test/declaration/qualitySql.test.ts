/**
 * SQL quality checks (`quality.sql`) in the declaration and at plan time: the declaration's rules,
 * the query held to one SELECT over `{object}` and bound against the product's own contract, and
 * `mesh plan` refusing a bad one with exit 2 naming the product, the check and the position.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { DeclarationError, type DomainInput, validateDomain } from "../../components/declaration/index.js";
import { validateMesh } from "../../components/declaration/mesh.js";
import { meshQualitySqlProblems, sqlCheckProblems } from "../../components/declaration/qualitySql.js";
import { capture, workspace } from "../runner/support.js";

const domainWith = (sql: unknown, engine?: string): DomainInput =>
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
          amount: { type: "int", description: "Order total." },
        },
        transform: {
          sql: "SELECT order_id, amount FROM staging",
          schedule: "*/15 * * * *",
          ...(engine ? { engine } : {}),
        },
        slos: { freshness: "1h" },
        quality: { sql },
      },
    ],
  }) as DomainInput;

function problemsOf(sql: unknown, engine?: string): { path: string; message: string }[] {
  try {
    validateDomain(domainWith(sql, engine), {});
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    return e.problems.map(({ path, message }) => ({ path, message }));
  }
  return [];
}

const check = { name: "no_refunds", query: "SELECT count(*) FROM {object} WHERE amount < 0", mustBe: 0 };

describe("SQL checks in the declaration", () => {
  it("accepts a named query over {object} with one threshold, severity error by default", () => {
    expect(
      problemsOf([
        check,
        { ...check, name: "big", field: "amount", mustBe: undefined, mustBeLessThan: 5, severity: "warning" },
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      { ...check, query: "SELECT count(*) FROM orders" },
      "query",
      "query reads the product's new table as {object}, e.g. SELECT count(*) FROM {object} WHERE amount <= 0",
    ],
    [{ ...check, mustBeLessThan: 1 }, "mustBeLessThan", "give one threshold, not mustBe and mustBeLessThan"],
    [
      { ...check, mustBe: undefined },
      "query",
      "SQL check no_refunds needs a threshold: one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween",
    ],
    [
      { ...check, name: "No Refunds" },
      "name",
      "a check's name is snake_case: lowercase letters, digits and _, starting with a letter",
    ],
    [{ ...check, field: "amont" }, "field", 'no field "amont" in the schema (it has: order_id, amount)'],
  ])("refuses %j at %s", (c, key, message) => {
    expect(problemsOf([c])).toContainEqual({ path: `dataProducts[0].quality.sql[0].${key}`, message });
  });

  it("refuses two checks of one name", () => {
    expect(problemsOf([check, check])).toContainEqual({
      path: "dataProducts[0].quality.sql[1].name",
      message: "two SQL checks are named no_refunds",
    });
  });

  it("refuses them on a Spark transform, which does not run them", () => {
    expect(problemsOf([check], "spark")).toContainEqual({
      path: "dataProducts[0].quality.sql",
      message: "sql is checked by the duckdb runner only; a Spark transform does not run it yet",
    });
  });
});

describe("the SQL of a check, parsed and bound against the product's own contract", () => {
  const schema = { order_id: { type: "string" as const }, amount: { type: "int" as const } };
  const problems = (query: string) => sqlCheckProblems({ query }, schema);

  it.each([
    "SELECT quantile_cont(amount, 0.95) AS p95 FROM {object}",
    // A decimal of any precision and scale is a number too.
    "SELECT CAST(sum(amount) AS DECIMAL(18,10)) FROM {object}",
  ])("accepts a query over {object} returning one number: %s", async (query) => {
    expect(await problems(query)).toEqual([]);
  });

  it.each([
    [
      "SELECT count(*) FROM {object} WHERE amont < 0",
      'does not bind against the product\'s own contract: Binder Error: Referenced column "amont" not found in FROM clause! Candidate bindings: "amount"',
      1,
      37,
    ],
    [
      "SELECT count(*) FROM {object} JOIN orders__orders USING (order_id)",
      'reads "orders__orders", which is not one of its inputs ({object}); a quality check reads only {object}, the product\'s own new table',
      1,
      36,
    ],
    ["SELECT count(*) FROM object", 'reads "object": write the product\'s table as {object}', 1, 22],
    // The product's raw records are not its table.
    [
      "SELECT count(*) FROM staging",
      'reads "staging", which is not one of its inputs ({object}); a quality check reads only {object}, the product\'s own new table',
      1,
      22,
    ],
    // Nor is a CTE: every relation read is written {object}.
    [
      "WITH big AS (SELECT * FROM {object} WHERE amount > 100) SELECT count(*) FROM big",
      'reads "big": write the product\'s table as {object}',
      1,
      78,
    ],
    [
      "SELECT min(order_id) FROM {object}",
      "returns min(order_id) as VARCHAR; a quality check returns one number to compare with its threshold",
      1,
      8,
    ],
    [
      "SELECT list(amount) FROM {object}",
      "returns list(amount) as INTEGER[]; a quality check returns one number to compare with its threshold",
      1,
      8,
    ],
  ])("refuses %s", async (query, message, line, column) => {
    expect(await problems(query)).toEqual([{ message, line, column }]);
  });

  it.each([
    ["SELECT count(*), max(amount) FROM {object}", "returns 2 columns; a quality check returns one number"],
    ["SELECT count(*) FROM {object}; SELECT 1", "has 2 statements; a quality check is exactly one SELECT"],
    [
      "WITH object AS (SELECT 1 AS amount) SELECT count(*) FROM {object}",
      "defines object itself: {object} is the product's table",
    ],
    // The column comes from `*`: the SQL writes no select-list entry to point at.
    [
      "SELECT * EXCLUDE (amount) FROM {object}",
      "returns order_id as VARCHAR; a quality check returns one number to compare with its threshold",
    ],
  ])("refuses %s, at no position", async (query, message) => {
    expect(await problems(query)).toStrictEqual([{ message }]);
  });
});

describe("the quality SQL of a mesh", () => {
  const checks = [
    { name: "no_refunds", query: "SELECT count(*) FROM {object} WHERE amont < 0", mustBe: 0 },
    { name: "two_numbers", query: "SELECT count(*), max(amount) FROM {object}", mustBe: 0 },
  ];
  const meshProblems = (source?: string) => {
    const definitions = [{ input: domainWith(checks), ...(source === undefined ? {} : { source }) }];
    return meshQualitySqlProblems(validateMesh(definitions), definitions);
  };
  const path = (j: number) => `dataProducts[0].quality.sql[${j}].query`;
  const unbound =
    'does not bind against the product\'s own contract: Binder Error: Referenced column "amont" not found in FROM clause! Candidate bindings: "amount"';
  const twoColumns = "returns 2 columns; a quality check returns one number";

  it("places a problem at its line and column in the domain file, else at the defineDomain call", async () => {
    // A folder whose name has `:2` in it: only the line number after the file name is dropped.
    const dir = join(mkdtempSync(join(tmpdir(), "quality-sql-")), "release:2");
    mkdirSync(dir);
    const file = join(dir, "index.ts");
    writeFileSync(
      file,
      `${"\n".repeat(11)}export default defineDomain({\n  quality: {\n    sql: [{ name: "no_refunds", query: "SELECT count(*) FROM {object} WHERE amont < 0", mustBe: 0 }],\n  },\n});\n`,
    );
    expect(await meshProblems(`${file}:12`)).toEqual([
      {
        source: `${file}:14:77`,
        path: path(0),
        message: `the SQL of quality check no_refunds of orders.orders.v1 ${unbound}`,
      },
      {
        source: `${file}:12`,
        path: path(1),
        message: `the SQL of quality check two_numbers of orders.orders.v1 ${twoColumns}`,
      },
    ]);
  });

  it("names the line and column in the SQL when the domain file is not known", async () => {
    expect(await meshProblems()).toEqual([
      {
        source: undefined,
        path: path(0),
        message: `the SQL of quality check no_refunds of orders.orders.v1 (SQL line 1, column 37) ${unbound}`,
      },
      {
        source: undefined,
        path: path(1),
        message: `the SQL of quality check two_numbers of orders.orders.v1 ${twoColumns}`,
      },
    ]);
  });
});

describe("mesh plan", () => {
  it("refuses a check whose SQL names a column the contract lacks: exit 2, product, check, position", async () => {
    const dir = workspace();
    const file = join(dir, "domains/orders/index.ts");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "quality: { rowCount: { min: 1 } },",
        `quality: {
        rowCount: { min: 1 },
        sql: [{ name: "no_refunds", query: "SELECT count(*) FROM {object} WHERE amont < 0", mustBe: 0 }],
      },`,
      ),
    );
    const io = capture();
    expect(await main(["plan"], io, dir)).toBe(2);
    const stderr = io.stderr.join("\n");
    expect(stderr).toMatch(
      /domains\/orders\/index\.ts:43:81: dataProducts\[0\]\.quality\.sql\[0\]\.query: the SQL of quality check no_refunds of orders\.orders\.v1 does not bind against the product's own contract: Binder Error: Referenced column "amont" not found/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
