import { describe, expect, it } from "vitest";
import { isTableRef } from "../../components/declaration/sqlAllowlist.js";
import { transformSqlProblems } from "../../components/declaration/transformSql.js";

const messages = async (sql: string) => (await transformSqlProblems(sql, [])).map((p) => p.message);

describe("qualified function names in a transform's SQL", () => {
  it("accepts list, struct and map literals (DuckDB's parser writes them as main.list_value and main.struct_pack)", async () => {
    expect(
      await messages("SELECT [1, 2] AS l, {'a': 1} AS s, map([1], [2]) AS m, lower('X') AS x FROM staging"),
    ).toEqual([]);
  });

  it.each([
    ["another catalog", "SELECT system.main.lower('x') AS x FROM staging", "calls system.main.lower()"],
    ["the temp catalog", "SELECT temp.main.f(1) AS x FROM staging", "calls temp.main.f()"],
    ["another schema", "SELECT information_schema.f(1) AS x FROM staging", "calls information_schema.f()"],
  ])("refuses a function of %s", async (_, sql, called) => {
    expect(await messages(sql)).toEqual([`${called}: qualified function names are not allowed`]);
  });
});

describe("the FROM-clause relations a transform may use", () => {
  it.each([
    ["a VALUES list", "SELECT * FROM (VALUES (1, 'x')) AS t(a, b)"],
    ["a PIVOT", "SELECT * FROM staging PIVOT (sum(a) FOR b IN ('x', 'y'))"],
    ["an UNPIVOT", "SELECT * FROM staging UNPIVOT (v FOR k IN (a, b))"],
    ["no relation", "SELECT 1 AS a"],
  ])("include %s", async (_, sql) => {
    expect(await messages(sql)).toEqual([]);
  });

  it("are told from query nodes and expressions in the parse tree by their sample, class and type", () => {
    expect(isTableRef({ type: "BASE_TABLE", sample: null })).toBe(true);
    expect(isTableRef({ type: "SOME_FUTURE_REF", sample: null })).toBe(true);
    expect(isTableRef({ type: "BASE_TABLE" })).toBe(false);
    expect(isTableRef({ type: "SELECT_NODE", sample: null })).toBe(false);
    expect(isTableRef({ type: "FUNCTION", class: "FUNCTION", sample: null })).toBe(false);
    expect(isTableRef({ type: 3, sample: null })).toBe(false);
  });
});
