/**
 * The gate every transform's SQL passes before it deploys or runs (transformSql.ts): one SELECT
 * over `staging` and the declared inputs, nothing else; each refusal says why and where. The
 * runner's end-to-end attacks (test/runner/sandbox.test.ts) go through this same function.
 */
import { describe, expect, it } from "vitest";
import {
  formatSqlProblems,
  outputExpressions,
  parsedSelect,
  parserConnection,
  positionOf,
  relationsRead,
  type SqlRole,
  transformSqlProblems,
} from "../../components/declaration/transformSql.js";

const INPUTS = ["orders__orders"];
const READS = "a transform reads only its staging and the products its domain declares in consumes";

describe("one SELECT, nothing else", () => {
  it.each([
    ["DELETE FROM t", "DELETE"],
    ["INSERT INTO t SELECT 1", "INSERT"],
    ["COPY (SELECT 1) TO '/tmp/x.csv'", "COPY"],
    ["ATTACH '/tmp/x.duckdb' AS x", "ATTACH"],
    ["INSTALL httpfs", "INSTALL"],
    ["SET memory_limit = '64GB'", "SET"],
    ["PRAGMA version", "PRAGMA"],
    ["-- a comment first\n/* and another */ DROP TABLE t", "DROP"],
  ])("refuses %j as not a SELECT but %s", async (sql, keyword) => {
    expect(await transformSqlProblems(sql, INPUTS)).toEqual([
      {
        message: `is not a SELECT but ${keyword}; a transform is exactly one SELECT, whose result the platform loads`,
      },
    ]);
  });

  it("counts the statements of a script whatever query keyword it starts with", async () => {
    for (const first of [
      "WITH a AS (SELECT 1) SELECT * FROM a",
      "FROM staging",
      "VALUES (1)",
      "TABLE staging",
    ]) {
      expect(await transformSqlProblems(`${first}; DELETE FROM t`, INPUTS)).toEqual([
        { message: "has 2 statements; a transform is exactly one SELECT" },
      ]);
    }
  });

  it("names the statement after comments, however they are laid out", async () => {
    for (const sql of [
      "-- a comment\n   DELETE FROM t",
      "/* a comment */DELETE FROM t",
      "/* a */ -- b\n\tDELETE FROM t",
    ]) {
      expect((await transformSqlProblems(sql, INPUTS))[0]!.message).toMatch(/^is not a SELECT but DELETE;/);
    }
  });

  it("names a statement with no keyword as another statement", async () => {
    expect(await transformSqlProblems("(SELECT 1); DELETE FROM t", INPUTS)).toEqual([
      {
        message:
          "is not a SELECT but another statement; a transform is exactly one SELECT, whose result the platform loads",
      },
    ]);
  });

  it("counts the statements of several queries, and of none", async () => {
    expect(await transformSqlProblems("SELECT 1 AS a; SELECT 2 AS a", INPUTS)).toEqual([
      { message: "has 2 statements; a transform is exactly one SELECT" },
    ]);
    expect(await transformSqlProblems("SELECT 1 AS a; DELETE FROM t; DELETE FROM u", INPUTS)).toEqual([
      { message: "has 3 statements; a transform is exactly one SELECT" },
    ]);
    expect(await transformSqlProblems("", INPUTS)).toEqual([
      { message: "has 0 statements; a transform is exactly one SELECT" },
    ]);
  });

  it("places a syntax error at its line and column", async () => {
    expect(await transformSqlProblems("SELECT a\nFROM staging\nWHER a > 1", INPUTS)).toEqual([
      { message: 'does not parse: syntax error at or near "a"', line: 3, column: 6 },
    ]);
  });

  it("accepts one SELECT over staging and its inputs, in any case, with CTEs and generated rows", async () => {
    const sql = [
      "WITH recent AS (SELECT * FROM Staging WHERE ts > now() - INTERVAL 1 DAY)",
      "SELECT r.a, o.b, g.range AS n, [1, 2] AS l, {'k': 1} AS s, main.lower('A') AS m",
      "FROM recent r JOIN ORDERS__ORDERS o USING (a), range(3) g, unnest([1]) u, generate_series(1, 2) s",
    ].join("\n");
    expect(await transformSqlProblems(sql, INPUTS)).toEqual([]);
  });
});

describe("reads only its inputs", () => {
  it("refuses a relation that is not an input, placed where it is read", async () => {
    expect(
      await transformSqlProblems("SELECT a\nFROM staging JOIN customers__customers USING (a)", INPUTS),
    ).toEqual([
      {
        message: `reads "customers__customers", which is not one of its inputs (staging, orders__orders); ${READS}`,
        line: 2,
        column: 19,
      },
    ]);
  });

  it("suggests the input a misspelt relation was meant to be, and a CTE too", async () => {
    const [misspelt] = await transformSqlProblems("SELECT a FROM orders__order", INPUTS);
    expect(misspelt!.message).toBe(
      `reads "orders__order", which is not one of its inputs (staging, orders__orders): did you mean orders__orders? A transform reads only its staging and the products its domain declares in consumes`,
    );
    const [cte] = await transformSqlProblems("WITH totals AS (SELECT 1 AS a) SELECT a FROM total", INPUTS);
    expect(cte!.message).toContain("did you mean totals? ");
  });

  it("refuses qualified relations and file paths, even when they end in an input's name", async () => {
    for (const [sql, name] of [
      ["SELECT * FROM warehouse.orders.orders__orders", "warehouse.orders.orders__orders"],
      ["SELECT * FROM main.staging", "main.staging"],
      ["SELECT * FROM '/etc/passwd'", "/etc/passwd"],
    ] as const) {
      const problems = await transformSqlProblems(sql, INPUTS);
      expect(problems).toEqual([
        {
          message: `reads "${name}", which is not one of its inputs (staging, orders__orders); ${READS}`,
          line: 1,
          column: 15,
        },
      ]);
    }
  });

  it("without raw records (ingestion: false) refuses staging, saying why, unless a CTE is named so", async () => {
    expect(await transformSqlProblems("SELECT a FROM staging", INPUTS, { staging: false })).toEqual([
      {
        message:
          'reads "staging", but the product ingests no raw records (ingestion: false): it has no staging; a derived product reads only the products its domain declares in consumes (orders__orders)',
        line: 1,
        column: 15,
      },
    ]);
    expect(await transformSqlProblems("SELECT a FROM orders__orders", INPUTS, { staging: false })).toEqual(
      [],
    );
    expect(
      await transformSqlProblems(
        "WITH staging AS (SELECT a FROM orders__orders) SELECT a FROM staging",
        INPUTS,
        {
          staging: false,
        },
      ),
    ).toEqual([]);
    const [none] = await transformSqlProblems("SELECT a FROM t", [], { staging: false });
    expect(none!.message).toBe(`reads "t", which is not one of its inputs (none); ${READS}`);
  });
});

describe("no files, no catalog, no session", () => {
  it.each([
    "SHOW TABLES",
    "SHOW ALL TABLES",
    "SHOW DATABASES",
    "SHOW TABLES FROM warehouse",
    "SELECT * FROM (SHOW ALL TABLES)",
  ])("refuses %j, which lists the catalog", async (sql) => {
    expect(await transformSqlProblems(sql, INPUTS)).toEqual([
      {
        message:
          "lists the catalog (SHOW TABLES, SHOW DATABASES, …): a transform reads only its inputs (staging, orders__orders), not the catalog",
      },
    ]);
  });

  it("judges DESCRIBE and SUMMARIZE by the relation they read", async () => {
    expect(await transformSqlProblems("DESCRIBE staging", INPUTS)).toEqual([]);
    expect(await transformSqlProblems("SUMMARIZE orders__orders", INPUTS)).toEqual([]);
    expect(await transformSqlProblems("SUMMARIZE warehouse.customers.customers_v2", INPUTS)).toEqual([
      {
        message: `reads "warehouse.customers.customers_v2", which is not one of its inputs (staging, orders__orders); ${READS}`,
        line: 1,
        column: 11,
      },
    ]);
  });

  it.each([
    ["SELECT * FROM read_text('/etc/passwd')", "read_text"],
    ["SELECT * FROM read_parquet('s3://other/*.parquet')", "read_parquet"],
    ["SELECT * FROM glob('/work/**')", "glob"],
    ["SELECT * FROM query('DELETE FROM x')", "query"],
    ["SELECT * FROM duckdb_settings()", "duckdb_settings"],
    ["SELECT * FROM main.range(3)", "range"],
  ])("refuses %j, a table function", async (sql, name) => {
    expect(await transformSqlProblems(sql, INPUTS)).toEqual([
      {
        message: `calls the table function ${name}(): a transform reads only its inputs (staging, orders__orders), not files, the catalog or other queries`,
        line: 1,
        column: 15,
      },
    ]);
  });

  it.each([
    "current_setting('allowed_directories')",
    "getvariable('x')",
    "which_secret('s3://b/k', 's3')",
    "getenv('HOME')",
    "current_database()",
    "current_catalog()",
    "current_schema()",
    "current_schemas(true)",
    "txid_current()",
  ])("refuses %s, which reads the session", async (call) => {
    const name = call.slice(0, call.indexOf("("));
    expect(await transformSqlProblems(`SELECT a,\n  ${call} AS b FROM staging`, INPUTS)).toEqual([
      {
        message: `calls ${name}(), which reads the session's configuration; a transform computes from its inputs only`,
        line: 2,
        column: 3,
      },
    ]);
  });

  it.each([
    "current_query()",
    "current_user()",
    "session_user()",
    "current_role()",
    "pg_get_viewdef('staging')",
    "col_description(0, 1)",
    "nextval('s')",
    "currval('s')",
    "has_table_privilege('staging', 'select')",
    "pg_table_is_visible(0)",
    "current_query_id()",
    "current_connection_id()",
    "current_transaction_id()",
    "user()",
    "obj_description(0, 'x')",
    "shobj_description(0, 'x')",
    "pg_get_constraintdef(0)",
    "pg_get_expr('x', 0)",
    "pg_has_role('x', 'member')",
    "pg_my_temp_schema()",
    "pg_is_other_temp_schema(0)",
    "pg_conf_load_time()",
    "pg_postmaster_start_time()",
    "has_any_column_privilege('staging', 'select')",
    "pg_type_is_visible(0)",
  ])("refuses %s, which reads the catalog or the database's state", async (call) => {
    const name = call.slice(0, call.indexOf("("));
    expect(await transformSqlProblems(`SELECT a, ${call} AS b FROM staging`, INPUTS)).toEqual([
      {
        message: `calls ${name}(), which reads the database's catalog or state; a transform computes from its inputs only`,
        line: 1,
        column: 11,
      },
    ]);
  });

  it("leaves a macro of the user's own alone when its name only contains a catalog pattern", async () => {
    // The patterns match whole names: has_…_privilege and pg_…_is_visible, nothing around them.
    for (const name of [
      "xhas_table_privilege",
      "has_table_privileges",
      "xpg_table_is_visible",
      "pg_table_is_visible2",
    ]) {
      expect(await transformSqlProblems(`SELECT ${name}(a) AS b FROM staging`, INPUTS)).not.toContainEqual(
        expect.objectContaining({ message: expect.stringContaining("reads the database's catalog") }),
      );
    }
  });

  it("leaves functions of time, hashing and types alone", async () => {
    const sql =
      "SELECT now() AS t, current_date AS d, hash(a) AS h, pg_typeof(a) AS y, version() AS v FROM staging";
    expect(await transformSqlProblems(sql, INPUTS)).toEqual([]);
  });

  it("refuses a function qualified by any schema but main, or by a catalog", async () => {
    expect(await transformSqlProblems("SELECT pg_catalog.lower(a) AS a FROM staging", INPUTS)).toEqual([
      { message: "calls pg_catalog.lower(): qualified function names are not allowed", line: 1, column: 8 },
    ]);
    expect(await transformSqlProblems("SELECT system.main.lower(a) AS a FROM staging", INPUTS)).toEqual([
      { message: "calls system.main.lower(): qualified function names are not allowed", line: 1, column: 8 },
    ]);
    expect(await transformSqlProblems("SELECT MAIN.lower(a) AS a FROM staging", INPUTS)).toEqual([]);
  });

  it("reports every problem of a query, not only the first", async () => {
    const problems = await transformSqlProblems(
      "SELECT getenv('A') AS a FROM read_text('/x') JOIN other USING (a)",
      INPUTS,
    );
    expect(problems.map((p) => p.message.split(/[,:(]/)[0]).sort()).toEqual([
      "calls getenv",
      "calls the table function read_text",
      'reads "other"',
    ]);
  });
});

describe("a quality check is held to the same rules, named as such", () => {
  const role: SqlRole = {
    noun: "a quality check",
    reads: "a quality check reads only the candidate table",
    known: "candidate",
  };

  it("names itself and what it may read in each message", async () => {
    expect(await transformSqlProblems("DELETE FROM t", [], { role })).toEqual([
      { message: "is not a SELECT but DELETE; a quality check is exactly one SELECT" },
    ]);
    expect(await transformSqlProblems("SELECT 1 AS a; SELECT 2 AS a", [], { role })).toEqual([
      { message: "has 2 statements; a quality check is exactly one SELECT" },
    ]);
    expect(
      await transformSqlProblems("SELECT count(*) FROM t", ["candidate"], { role, staging: false }),
    ).toEqual([
      {
        message:
          'reads "t", which is not one of its inputs (candidate); a quality check reads only the candidate table',
        line: 1,
        column: 22,
      },
    ]);
    const [misspelt] = await transformSqlProblems("SELECT count(*) FROM candidat", ["candidate"], {
      role,
      staging: false,
    });
    expect(misspelt!.message).toBe(
      'reads "candidat", which is not one of its inputs (candidate): did you mean candidate? A quality check reads only the candidate table',
    );
    expect(await transformSqlProblems("SELECT getenv('A') AS a", [], { role })).toEqual([
      {
        message:
          "calls getenv(), which reads the session's configuration; a quality check computes from its inputs only",
        line: 1,
        column: 8,
      },
    ]);
  });

  it("reads staging only when told it has one, with no word about ingestion", async () => {
    const [problem] = await transformSqlProblems("SELECT count(*) FROM staging", ["candidate"], {
      role,
      staging: false,
    });
    expect(problem!.message).toBe(
      'reads "staging", which is not one of its inputs (candidate); a quality check reads only the candidate table',
    );
  });
});

describe("the parser's own DuckDB", () => {
  it("has no file system or network, and its configuration cannot be changed", async () => {
    const connection = await parserConnection();
    const setting = async (name: string) =>
      (await connection.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0]![0];
    expect(await setting("enable_external_access")).toBe(false);
    expect(await setting("autoinstall_known_extensions")).toBe(false);
    expect(await setting("autoload_known_extensions")).toBe(false);
    await expect(connection.run("SET enable_external_access = true")).rejects.toThrow(/locked/);
  });
});

describe("verdicts are kept per SQL, inputs and options", () => {
  it("gives a different verdict when only the inputs or the staging option differ", async () => {
    const sql = "SELECT a FROM customers__customers";
    expect(await transformSqlProblems(sql, INPUTS)).toHaveLength(1);
    expect(await transformSqlProblems(sql, ["customers__customers"])).toEqual([]);
    expect(await transformSqlProblems(sql, [...INPUTS, "customers__customers"].reverse())).toEqual([]);
    expect(await transformSqlProblems("SELECT a FROM staging", INPUTS, { staging: true })).toEqual([]);
    expect(await transformSqlProblems("SELECT a FROM staging", INPUTS, { staging: false })).toHaveLength(1);
    expect(await transformSqlProblems("SELECT a FROM staging", INPUTS)).toEqual([]);
  });
});

describe("formatSqlProblems", () => {
  it("prefixes each problem with where the SQL is, and its line and column when known", () => {
    expect(
      formatSqlProblems("domains/orders/orders.sql", [
        { message: "reads x", line: 2, column: 7 },
        { message: "has 2 statements" },
      ]),
    ).toBe(
      "domains/orders/orders.sql:2:7: the transform SQL reads x\ndomains/orders/orders.sql: the transform SQL has 2 statements",
    );
    expect(formatSqlProblems("f.sql", [])).toBe("");
  });
});

describe("positionOf", () => {
  it("gives the 1-based line and column of an offset, clamped to the text", () => {
    expect(positionOf("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf("ab\ncd", 2)).toEqual({ line: 1, column: 3 });
    expect(positionOf("ab\ncd", 3)).toEqual({ line: 2, column: 1 });
    expect(positionOf("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(positionOf("ab\ncd", 99)).toEqual({ line: 2, column: 3 });
    expect(positionOf("ab\ncd", -5)).toEqual({ line: 1, column: 1 });
  });
});

describe("reading an accepted transform", () => {
  it("relationsRead: the unqualified relations named, lower-cased, without the query's CTEs", async () => {
    expect(
      await relationsRead(
        "WITH c AS (SELECT 1 AS a) SELECT * FROM c JOIN Staging USING (a) JOIN x.y USING (a), ORDERS__orders",
      ),
    ).toEqual(new Set(["staging", "orders__orders"]));
    expect(await relationsRead("SELECT 1 AS a; SELECT 2 AS a")).toBeUndefined();
    expect(await relationsRead("DELETE FROM t")).toBeUndefined();
  });

  it("parsedSelect: the one statement's tree, or nothing", async () => {
    expect((await parsedSelect("SELECT 1 AS a"))?.node).toMatchObject({ type: "SELECT_NODE" });
    expect(await parsedSelect("SELECT 1 AS a; SELECT 2 AS a")).toBeUndefined();
    expect(await parsedSelect("SELEC")).toBeUndefined();
  });

  it("outputExpressions: each output's name, star, NULL and where it starts, from the first branch of a UNION", async () => {
    const sql =
      "SELECT a, b AS c, NULL AS d, CAST(NULL AS INT) AS e, 1 + 2, *, t.x FROM t UNION SELECT 1, 2, 3, 4, 5, 6, 7";
    // Strict: an output without a name has no `name` key at all.
    expect(await outputExpressions(sql)).toStrictEqual([
      { name: "a", star: false, nullLiteral: false, offset: 7 },
      { name: "c", star: false, nullLiteral: false, offset: 10 },
      { name: "d", star: false, nullLiteral: true, offset: 18 },
      { name: "e", star: false, nullLiteral: true, offset: 29 },
      { star: false, nullLiteral: false, offset: 53 },
      { star: true, nullLiteral: false, offset: 60 },
      { name: "x", star: false, nullLiteral: false, offset: 63 },
    ]);
    expect(await outputExpressions("SELECT 'x' AS k, CAST(1 AS INT) AS f, NULL::INT[] AS n")).toEqual([
      { name: "k", star: false, nullLiteral: false, offset: 7 },
      { name: "f", star: false, nullLiteral: false, offset: 17 },
      { name: "n", star: false, nullLiteral: true, offset: 38 },
    ]);
    expect(await outputExpressions("SELECT 1 AS a; SELECT 2 AS a")).toBeUndefined();
    expect(await outputExpressions("SELEC")).toBeUndefined();
  });
});
