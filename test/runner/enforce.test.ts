/**
 * The output contract enforced on a transformed table, rule by rule: each rule has a table that
 * honours it and one that breaks it, and a broken rule says which column and how many rows.
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Contract } from "../../components/contract/contract.js";
import { enforceContract } from "../../runner/enforce.js";

const field = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  description: `A ${type}.`,
  required: false,
  pii: false,
  unique: false,
  ...extra,
});

const contract = (schema: Record<string, unknown>, quality: Record<string, unknown> = {}) =>
  ({ id: "sales.orders.v1", schema, quality }) as unknown as Contract;

let db: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(":memory:");
  connection = await db.connect();
});
afterAll(() => {
  connection.closeSync();
  db.closeSync();
});

let tables = 0;
/** A fresh table from a query. */
async function table(select: string): Promise<string> {
  const name = `t${++tables}`;
  await connection.run(`CREATE TABLE ${name} AS ${select}`);
  return name;
}

describe("enforceContract: the columns", () => {
  const schema = { order_id: field("string"), amount: field("decimal(12,2)") };

  it("accepts a table with exactly the contract's columns and types", async () => {
    const t = await table("SELECT 'o-1' AS order_id, 1.50::DECIMAL(12,2) AS amount");
    expect(await enforceContract(connection, t, contract(schema))).toMatchObject({ failures: [], rows: 1 });
  });

  it("refuses an output column the contract does not declare", async () => {
    const t = await table("SELECT 'o-1' AS order_id, 1.50::DECIMAL(12,2) AS amount, 'x' AS email");
    expect(await enforceContract(connection, t, contract(schema))).toMatchObject({
      failures: [
        { rule: "column", column: "email", rows: 0, message: "column email is not in the contract" },
      ],
      rows: 1,
    });
  });

  it("refuses a missing column and a column of another type, and still counts the rows", async () => {
    const t = await table("SELECT 1.5::DOUBLE AS amount FROM range(3)");
    expect(await enforceContract(connection, t, contract(schema))).toMatchObject({
      failures: [
        { rule: "column", column: "order_id", rows: 0, message: "column order_id is missing" },
        {
          rule: "type",
          column: "amount",
          rows: 0,
          message: "column amount is DOUBLE, the contract says DECIMAL(12,2)",
        },
      ],
      rows: 3,
    });
  });
});

describe("enforceContract: the columns before the values", () => {
  it("reports a missing column once, without checking the rules of a column that is not there", async () => {
    const t = await table("SELECT 1 AS qty");
    const schema = { qty: field("int"), order_id: field("string", { required: true, unique: true }) };
    expect((await enforceContract(connection, t, contract(schema))).failures).toEqual([
      { rule: "column", column: "order_id", rows: 0, message: "column order_id is missing" },
    ]);
  });
});

describe("enforceContract: the value rules, each with the rows that break it", () => {
  const failuresOf = async (extra: Record<string, unknown>, values: string, type = "int") => {
    const t = await table(
      `SELECT v::${type === "int" ? "INTEGER" : "VARCHAR"} AS v FROM (VALUES ${values}) AS x(v)`,
    );
    return (await enforceContract(connection, t, contract({ v: field(type, extra) }))).failures;
  };

  it.each([
    ["required", { required: true }, "(1), (NULL), (NULL)", "v is null in 2 row(s)"],
    ["unique", { unique: true }, "(1), (1), (1), (2)", "v repeats a value in 2 row(s)"],
    ["min", { min: 0 }, "(-1), (0), (5)", "v is below 0 in 1 row(s)"],
    ["max", { max: 10 }, "(10), (11), (12)", "v is above 10 in 2 row(s)"],
  ])("%s", async (rule, extra, values, message) => {
    expect(await failuresOf(extra, values)).toEqual([
      { rule, column: "v", rows: Number(/in (\d+) row/.exec(message)![1]), message },
    ]);
  });

  it("accepted", async () => {
    expect(
      await failuresOf({ accepted: ["open", "it's"] }, "('open'), ('it''s'), ('closed')", "string"),
    ).toEqual([
      {
        rule: "accepted",
        column: "v",
        rows: 1,
        message: "v has a value outside the accepted ones in 1 row(s)",
      },
    ]);
  });

  it("passes values on the bounds, NULLs where not required, and a repeated NULL where unique", async () => {
    expect(await failuresOf({ min: 0, max: 10, unique: true }, "(0), (10), (NULL), (NULL)")).toEqual([]);
  });
});

describe("enforceContract: the row count", () => {
  const rows = (n: number) => table(`SELECT i::INTEGER AS v FROM range(${n}) AS r(i)`);
  const check = async (n: number, rowCount: Record<string, number>) =>
    enforceContract(connection, await rows(n), contract({ v: field("int") }, { rowCount }));

  it("refuses fewer rows than the minimum and more than the maximum", async () => {
    expect(await check(2, { min: 3 })).toEqual({
      failures: [{ rule: "rowCount", rows: 2, message: "2 row(s), fewer than the minimum 3" }],
      rows: 2,
      // Each rule's result, for the run's record.
      checks: [
        { rule: "columns", passed: true, expected: "the contract's columns and types" },
        { rule: "rowCount", passed: false, observed: 2, expected: ">= 3" },
      ],
    });
    expect(await check(4, { max: 3 })).toMatchObject({
      failures: [{ rule: "rowCount", rows: 4, message: "4 row(s), more than the maximum 3" }],
      rows: 4,
    });
  });

  it("accepts a count on either bound", async () => {
    expect((await check(3, { min: 3, max: 3 })).failures).toEqual([]);
  });

  it("records each rule's result for the run's record: passed or not, what it saw, what it asks", async () => {
    const t = await table("SELECT * FROM (VALUES (1), (1), (NULL)) AS v(v)");
    const { checks } = await enforceContract(
      connection,
      t,
      contract(
        { v: field("int", { required: true, unique: true, min: 0 }) },
        { rowCount: { min: 1, max: 2 } },
      ),
    );
    expect(checks).toEqual([
      { rule: "columns", passed: true, expected: "the contract's columns and types" },
      { rule: "required:v", passed: false, observed: 1, expected: "0 rows" },
      // The second 1 repeats the first: one row breaks uniqueness.
      { rule: "unique:v", passed: false, observed: 1, expected: "0 rows" },
      { rule: "min:v", passed: true, observed: 0, expected: "0 rows" },
      { rule: "rowCount", passed: false, observed: 3, expected: ">= 1 and <= 2" },
    ]);
    // Within the bounds, the row count passes; without bounds, it is not a rule at all.
    expect((await check(2, { max: 2 })).checks.at(-1)).toEqual({
      rule: "rowCount",
      passed: true,
      observed: 2,
      expected: "<= 2",
    });
    expect((await check(2, {})).checks.map((c) => c.rule)).toEqual(["columns"]);
  });

  it("records a wrong shape as the columns rule failed, and runs no value rule", async () => {
    const t = await table("SELECT 'x' AS v, 1 AS w, 2 AS w2");
    const { checks, failures } = await enforceContract(connection, t, contract({ v: field("int") }));
    expect(checks).toEqual([
      { rule: "columns", passed: false, expected: "the contract's columns and types" },
    ]);
    expect(failures.map((f) => f.rule).sort()).toEqual(["column", "column", "type"]);
  });
});

describe("enforceContract: string length and pattern", () => {
  const schema = {
    email: field("string", { minLength: 6, maxLength: 12, pattern: "^[^@]+@[^@]+$" }),
  };

  it("accepts values within the lengths that match the pattern, and nulls", async () => {
    const t = await table("SELECT * FROM (VALUES ('a@b.io'), ('abc@def.org'), (NULL)) AS v(email)");
    expect(await enforceContract(connection, t, contract(schema))).toMatchObject({ failures: [], rows: 3 });
  });

  it("refuses the table naming each rule broken and on how many rows", async () => {
    const t = await table(
      "SELECT * FROM (VALUES ('a@b.i'), ('someone@example.org'), ('no-at-sign'), ('x@y@z.io')) AS v(email)",
    );
    const { failures, checks } = await enforceContract(connection, t, contract(schema));
    expect(failures).toEqual([
      {
        rule: "minLength",
        column: "email",
        rows: 1,
        message: "email is shorter than 6 characters in 1 row(s)",
      },
      {
        rule: "maxLength",
        column: "email",
        rows: 1,
        message: "email is longer than 12 characters in 1 row(s)",
      },
      {
        rule: "pattern",
        column: "email",
        rows: 2,
        message: "email does not match the pattern ^[^@]+@[^@]+$ in 2 row(s)",
      },
    ]);
    expect(checks.map((c) => c.rule)).toContain("maxLength:email");
  });
});

describe("enforceContract: a composite primary key", () => {
  const keyed = contract({
    order_id: field("string", { required: true, primaryKey: true }),
    line: field("int", { required: true, primaryKey: true }),
    qty: field("int"),
  });

  it("accepts a table whose key fields repeat one by one but never together", async () => {
    const t = await table(
      "SELECT * FROM (VALUES ('o1', 1, 5), ('o1', 2, 5), ('o2', 1, 5)) v(order_id, line, qty)",
    );
    const result = await enforceContract(connection, t, keyed);
    expect(result.failures).toEqual([]);
    expect(result.checks).toContainEqual({
      rule: "primaryKey:order_id,line",
      passed: true,
      observed: 0,
      expected: "0 rows",
    });
  });

  it("refuses a table that repeats a combination, naming the key and the rows", async () => {
    const t = await table(
      "SELECT * FROM (VALUES ('o1', 1, 5), ('o1', 1, 6), ('o1', 1, 7), ('o2', 1, 5)) v(order_id, line, qty)",
    );
    const result = await enforceContract(connection, t, keyed);
    expect(result.failures).toEqual([
      {
        rule: "primaryKey",
        column: "order_id,line",
        rows: 2,
        message: "the primary key (order_id, line) repeats a combination in 2 row(s)",
      },
    ]);
  });
});
