import { describe, expect, it } from "vitest";
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
