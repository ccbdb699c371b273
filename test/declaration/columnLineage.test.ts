/**
 * Column-level lineage from DuckDB's parse tree: for every output column, which input columns it
 * comes from and how. Where the query cannot be resolved, every column of every input it reads,
 * never fewer: the PII checks rely on that.
 */
import { describe, expect, it } from "vitest";
import { columnLineage } from "../../components/declaration/columnLineage.js";
import type { Field } from "../../components/declaration/schema.js";
import { outputColumnNames } from "./outputColumns.js";

const field = (type: string): Field => ({ type, description: "x" }) as Field;

const RELATIONS: { view: string; input: string; schema: Record<string, Field> }[] = [
  {
    view: "customers__customers",
    input: "customers.customers.v2",
    schema: { customer_id: field("string"), email: field("string"), segment: field("string") },
  },
  {
    view: "orders__orders",
    input: "orders.orders.v1",
    schema: { order_id: field("string"), customer_id: field("string"), amount: field("double") },
  },
  { view: "staging", input: "staging", schema: { id: field("string"), note: field("string") } },
];

/** Each output column's sources as `input.column kind`, e.g. `customers.email direct`. */
async function lineageOf(sql: string): Promise<Record<string, string[]>> {
  const outputs = await outputColumnNames(sql, RELATIONS);
  const relations = RELATIONS.map((r) => ({ view: r.view, input: r.input, columns: Object.keys(r.schema) }));
  const lineage = await columnLineage(sql, relations, outputs);
  return Object.fromEntries(
    lineage.map((c) => [
      c.column,
      c.sources.map(
        (s) => `${s.input.split(".")[0]}.${s.column} ${s.kind}${s.deidentified ? " de-identified" : ""}`,
      ),
    ]),
  );
}

describe("column lineage", () => {
  it("a bare column is direct, also renamed", async () => {
    expect(await lineageOf("SELECT email AS contact, segment FROM customers__customers")).toEqual({
      contact: ["customers.email direct"],
      segment: ["customers.segment direct"],
    });
  });

  it("follows columns through CTEs and subqueries, renamed on the way", async () => {
    const sql = `WITH c AS (SELECT email AS e FROM customers__customers)
SELECT x FROM (SELECT e AS x FROM c) AS s`;
    expect(await lineageOf(sql)).toEqual({ x: ["customers.email direct"] });
    const renamedCte = "WITH c(mail) AS (SELECT email FROM customers__customers) SELECT mail FROM c";
    expect(await lineageOf(renamedCte)).toEqual({ mail: ["customers.email direct"] });
  });

  it("a join's USING column comes from both sides; what joins them filters the rows of every column", async () => {
    const sql =
      "SELECT customer_id, amount FROM orders__orders JOIN customers__customers USING (customer_id)";
    expect(await lineageOf(sql)).toEqual({
      customer_id: ["customers.customer_id direct", "orders.customer_id direct"],
      amount: ["customers.customer_id filtered", "orders.amount direct", "orders.customer_id filtered"],
    });
    const on =
      "SELECT o.amount FROM orders__orders o JOIN customers__customers c ON c.customer_id = o.customer_id";
    expect((await lineageOf(on)).amount).toEqual([
      "customers.customer_id filtered",
      "orders.amount direct",
      "orders.customer_id filtered",
    ]);
  });

  it("expands * and t.* with EXCLUDE, REPLACE and RENAME", async () => {
    const sql =
      "SELECT * EXCLUDE (customer_id) REPLACE (upper(segment) AS segment) FROM customers__customers";
    expect(await lineageOf(sql)).toEqual({
      email: ["customers.email direct"],
      segment: ["customers.segment transformed"],
    });
    const qualified = "SELECT c.* RENAME (email AS contact) FROM orders__orders o, customers__customers c";
    expect(Object.keys(await lineageOf(qualified))).toEqual(["customer_id", "contact", "segment"]);
    expect((await lineageOf(qualified)).contact).toEqual(["customers.email direct"]);
  });

  it("an expression, a CAST or a CASE transforms every column it reads, conditions included", async () => {
    const sql = `SELECT lower(email) AS m, CAST(amount AS INT) AS a,
  CASE WHEN segment = 'vip' THEN order_id ELSE 'none' END AS k
FROM orders__orders JOIN customers__customers USING (customer_id)`;
    const lineage = await lineageOf(sql);
    expect(lineage.m).toContain("customers.email transformed");
    expect(lineage.a).toContain("orders.amount transformed");
    expect(lineage.k).toEqual(
      expect.arrayContaining(["customers.segment transformed", "orders.order_id transformed"]),
    );
  });

  it("an aggregate's argument is aggregated; the group key stays what it is", async () => {
    const sql =
      "SELECT segment, count(email) AS n, count(*) AS rows FROM customers__customers GROUP BY segment";
    expect(await lineageOf(sql)).toEqual({
      segment: ["customers.segment direct"],
      n: ["customers.email aggregated", "customers.segment filtered"],
      rows: ["customers.segment filtered"],
    });
  });

  it("GROUP BY ALL groups by the output columns", async () => {
    const sql = "SELECT segment, count(*) AS n FROM customers__customers GROUP BY ALL";
    expect(await lineageOf(sql)).toEqual({ segment: ["customers.segment direct"], n: [] });
  });

  it("a window function aggregates every column it reads, and keeps a row per input row", async () => {
    const sql =
      "SELECT first_value(email) OVER (PARTITION BY segment ORDER BY customer_id) AS first FROM customers__customers";
    expect(await lineageOf(sql)).toEqual({
      first: [
        "customers.customer_id aggregated",
        "customers.email aggregated",
        "customers.segment aggregated",
      ],
    });
  });

  it("a column read only by WHERE, QUALIFY or ORDER BY is filtered, in every output column", async () => {
    const sql = `SELECT segment FROM customers__customers WHERE email LIKE '%@example.com'
QUALIFY row_number() OVER (PARTITION BY segment ORDER BY customer_id) = 1`;
    expect(await lineageOf(sql)).toEqual({
      segment: ["customers.customer_id filtered", "customers.email filtered", "customers.segment direct"],
    });
    const sorted = "SELECT segment FROM customers__customers ORDER BY email LIMIT 1";
    expect(await lineageOf(sorted)).toEqual({
      segment: ["customers.email filtered", "customers.segment direct"],
    });
  });

  it("UNION merges the columns by position (BY NAME: by name); EXCEPT's right side only filters", async () => {
    const union = "SELECT email AS v FROM customers__customers UNION ALL SELECT order_id FROM orders__orders";
    expect(await lineageOf(union)).toEqual({ v: ["customers.email direct", "orders.order_id direct"] });
    const byName =
      "SELECT email AS v, segment AS w FROM customers__customers UNION BY NAME SELECT order_id AS w FROM orders__orders";
    expect(await lineageOf(byName)).toEqual({
      v: ["customers.email direct"],
      w: ["customers.segment direct", "orders.order_id direct"],
    });
    const except =
      "SELECT customer_id FROM orders__orders EXCEPT SELECT customer_id FROM customers__customers";
    expect(await lineageOf(except)).toEqual({
      customer_id: ["customers.customer_id filtered", "orders.customer_id direct"],
    });
  });

  it("a scalar subquery's value depends on everything it reads, its filter included", async () => {
    const sql = `SELECT order_id,
  (SELECT max(segment) FROM customers__customers c WHERE c.customer_id = o.customer_id) AS segment
FROM orders__orders o`;
    expect((await lineageOf(sql)).segment).toEqual([
      "customers.customer_id transformed",
      "customers.segment aggregated",
      "orders.customer_id transformed",
    ]);
  });

  it("a relation's name as a column is its whole row", async () => {
    expect(await lineageOf("SELECT to_json(c) AS j FROM customers__customers c")).toEqual({
      j: [
        "customers.customer_id transformed",
        "customers.email transformed",
        "customers.segment transformed",
      ],
    });
  });

  it("reads staging as the product's raw records", async () => {
    expect(await lineageOf("SELECT id, upper(note) AS note FROM staging")).toEqual({
      id: ["staging.id direct"],
      note: ["staging.note transformed"],
    });
  });

  it("over-approximates what it cannot resolve: every column of every input the query reads", async () => {
    const everything = [
      "customers.customer_id transformed",
      "customers.email transformed",
      "customers.segment transformed",
    ];
    // COLUMNS(regex) selects columns by their names' pattern: no way to know which here.
    expect(await lineageOf("SELECT COLUMNS('^e') FROM customers__customers")).toEqual({ email: everything });
    const recursive = `WITH RECURSIVE r(x) AS (SELECT email FROM customers__customers UNION ALL SELECT x FROM r WHERE false)
SELECT x FROM r`;
    expect(await lineageOf(recursive)).toEqual({ x: everything });
    // Not orders: the query does not read it.
    expect(JSON.stringify(await lineageOf(recursive))).not.toContain("orders");
  });

  it("de-identifies an aggregate of one input's column over groups of at least 10 rows", async () => {
    const sql =
      "SELECT segment, count(email) AS n FROM customers__customers GROUP BY segment HAVING count(*) >= 10";
    expect((await lineageOf(sql)).n).toContain("customers.email aggregated de-identified");
    const small = sql.replace(">= 10", ">= 9");
    expect((await lineageOf(small)).n).toContain("customers.email aggregated");
  });

  it.each([
    "count",
    "sum",
    "avg",
    "mean",
    "stddev",
    "stddev_samp",
    "stddev_pop",
    "variance",
    "var_samp",
    "var_pop",
  ])("%s over groups of at least 10 rows de-identifies", async (aggregate) => {
    const sql = `SELECT customer_id, ${aggregate}(amount) AS a FROM orders__orders GROUP BY customer_id HAVING count(*) >= 10`;
    expect((await lineageOf(sql)).a).toContain("orders.amount aggregated de-identified");
  });

  it.each([
    "sum",
    "avg",
    "stddev",
    "var_pop",
  ])("%s(DISTINCT …) does not de-identify: it reads fewer values than the rows HAVING counts", async (aggregate) => {
    const sql = `SELECT customer_id, ${aggregate}(DISTINCT amount) AS a FROM orders__orders GROUP BY customer_id HAVING count(*) >= 10`;
    const a = (await lineageOf(sql)).a;
    expect(a).toContain("orders.amount aggregated");
    expect(a).not.toContain("de-identified");
  });

  it("count(DISTINCT …) still de-identifies: it gives a number of values away, not a value", async () => {
    const sql =
      "SELECT customer_id, count(DISTINCT amount) AS a FROM orders__orders GROUP BY customer_id HAVING count(*) >= 10";
    expect((await lineageOf(sql)).a).toContain("orders.amount aggregated de-identified");
  });

  const GROUPED = "SELECT customer_id, sum(amount) AS a FROM orders__orders GROUP BY customer_id";

  it.each([
    "count(*) > 9",
    "10 <= count(*)",
    "9 < count(*)",
    "count(*) >= '10'",
    "count(*) >= 10.0",
    "count(*) >= 1e1",
    "count(*) > 9.0",
    "count(*) >= 10 AND sum(amount) > 0",
    "sum(amount) > 0 AND count(*) >= 10",
  ])("HAVING %s requires groups of at least 10 rows", async (having) => {
    expect((await lineageOf(`${GROUPED} HAVING ${having}`)).a).toContain(
      "orders.amount aggregated de-identified",
    );
  });

  it.each([
    ["a group of 9", "9 <= count(*)"],
    ["a constant, not a count", "10 >= 10"],
    ["a constant, not a count, on the right", "10 > 9"],
    ["a function of no argument that is not count(*)", "txid_current() >= 10"],
    ["a bound that is no constant", "count(*) >= max(amount)"],
    ["a count of one column's values", "count(amount) >= 10"],
    // DuckDB serializes a DECIMAL scaled: 1.0 is 10 at scale 1, and 0.9 is 9.
    ["a decimal bound of 1", "count(*) >= 1.0"],
    ["a decimal bound below 1", "count(*) > 0.9"],
    ["a bound that is not a whole number (read only when it is one)", "count(*) >= 9.5"],
    ["a bound written as text that is not digits (read only when it is)", "count(*) >= '1e1'"],
    ["a cast bound", "count(*) >= CAST(10 AS BIGINT)"],
    ["a NULL bound", "count(*) >= NULL"],
  ])("HAVING with %s (%s) does not de-identify", async (_, having) => {
    expect((await lineageOf(`${GROUPED} HAVING ${having}`)).a).toContain("orders.amount aggregated");
  });

  it("an aggregate of a whole row does not de-identify: only of one column as it is", async () => {
    const sql = "SELECT count(orders__orders) AS a FROM orders__orders HAVING count(*) >= 10";
    expect((await lineageOf(sql)).a).toContain("orders.amount aggregated");
  });

  it("an aggregate over a subquery does not de-identify: the subquery can repeat rows", async () => {
    const sql =
      "SELECT sum(amount) AS a FROM (SELECT amount FROM orders__orders, range(10)) HAVING count(*) >= 10";
    expect((await lineageOf(sql)).a).toContain("orders.amount aggregated");
  });

  it("says where each output column is computed", async () => {
    const relations = RELATIONS.map((r) => ({
      view: r.view,
      input: r.input,
      columns: Object.keys(r.schema),
    }));
    const lineage = await columnLineage(
      "SELECT\n  segment,\n  upper(email) AS e\nFROM customers__customers",
      relations,
      ["segment", "e"],
    );
    expect(lineage.map((c) => c.at)).toEqual([
      { line: 2, column: 3 },
      { line: 3, column: 3 },
    ]);
  });
});

describe("column lineage: how names resolve", () => {
  const JOINED = {
    order_id: ["customers.customer_id filtered", "orders.customer_id filtered", "orders.order_id direct"],
    customer_id: ["customers.customer_id direct", "orders.customer_id direct"],
    amount: ["customers.customer_id filtered", "orders.amount direct", "orders.customer_id filtered"],
    email: ["customers.customer_id filtered", "customers.email direct", "orders.customer_id filtered"],
    segment: ["customers.customer_id filtered", "customers.segment direct", "orders.customer_id filtered"],
  };

  it("* over USING or NATURAL shows the join column once, from both sides", async () => {
    expect(
      await lineageOf("SELECT * FROM orders__orders JOIN customers__customers USING (customer_id)"),
    ).toEqual(JOINED);
    expect(await lineageOf("SELECT * FROM orders__orders NATURAL JOIN customers__customers")).toEqual(JOINED);
  });

  it("t.* is that relation's columns only; EXCLUDE may name the column qualified", async () => {
    expect(await lineageOf("SELECT o.*, c.segment FROM orders__orders o, customers__customers c")).toEqual({
      order_id: ["orders.order_id direct"],
      customer_id: ["orders.customer_id direct"],
      amount: ["orders.amount direct"],
      segment: ["customers.segment direct"],
    });
    expect(await lineageOf("SELECT * EXCLUDE (c.email) FROM customers__customers c")).toEqual({
      customer_id: ["customers.customer_id direct"],
      segment: ["customers.segment direct"],
    });
    expect(
      await lineageOf("SELECT c.* EXCLUDE (email) RENAME (segment AS s) FROM customers__customers c"),
    ).toEqual({ customer_id: ["customers.customer_id direct"], s: ["customers.segment direct"] });
  });

  it("a subquery's column aliases rename its first columns, and the rest keep their names", async () => {
    expect(await lineageOf("SELECT a.* FROM (SELECT email, segment FROM customers__customers) a(e)")).toEqual(
      {
        e: ["customers.email direct"],
        segment: ["customers.segment direct"],
      },
    );
    expect(await lineageOf("SELECT x.* FROM (VALUES (1, 'a')) x(n, s)")).toEqual({ n: [], s: [] });
  });

  it("a lambda's parameter is not the column of the same name", async () => {
    expect(
      await lineageOf(
        "SELECT list_transform([amount], customer_id -> customer_id + 1) AS l FROM orders__orders",
      ),
    ).toEqual({ l: ["orders.amount transformed"] });
  });

  it("a struct's field is part of its column's value, whether the column is qualified or not", async () => {
    const inner = "(SELECT {'x': email} AS email FROM customers__customers) c";
    expect(await lineageOf(`SELECT c.email.x AS e FROM ${inner}`)).toEqual({
      e: ["customers.email transformed"],
    });
    expect(await lineageOf(`SELECT email.x AS e FROM ${inner}`)).toEqual({
      e: ["customers.email transformed"],
    });
  });

  it("a relation's name used as a column, also inside a function, is its whole row", async () => {
    const row = [
      "customers.customer_id transformed",
      "customers.email transformed",
      "customers.segment transformed",
    ];
    expect(await lineageOf("SELECT c FROM customers__customers c")).toEqual({ c: row });
    // Only that relation's row, not every input the query reads.
    expect(await lineageOf("SELECT c FROM customers__customers c, orders__orders o")).toEqual({ c: row });
  });

  it("a subquery's RENAME names the column for the query around it", async () => {
    expect(
      await lineageOf("SELECT contact FROM (SELECT * RENAME (email AS contact) FROM customers__customers)"),
    ).toEqual({ contact: ["customers.email direct"] });
  });

  it("a struct field of an input's own column is part of its value", async () => {
    const lineage = await columnLineage(
      "SELECT t.info.city AS c, info.zip AS z FROM shipments__shipments t",
      [{ view: "shipments__shipments", input: "shipments.shipments.v1", columns: ["info"] }],
      ["c", "z"],
    );
    expect(lineage.map((c) => c.sources)).toEqual([
      [{ input: "shipments.shipments.v1", column: "info", kind: "transformed" }],
      [{ input: "shipments.shipments.v1", column: "info", kind: "transformed" }],
    ]);
  });

  it("a column of a generated relation carries nothing; a known column beside it is still certain", async () => {
    expect(await lineageOf("SELECT range, amount FROM range(3), orders__orders")).toEqual({
      range: [],
      amount: ["orders.amount direct"],
    });
    expect(await lineageOf("SELECT x.range FROM range(3) x")).toEqual({ range: [] });
  });

  it("a name the subquery's own relations may not hold is looked up in the enclosing query too", async () => {
    const sql =
      "SELECT order_id, (SELECT max(range) FROM range(3) WHERE range = amount) AS s FROM orders__orders";
    expect(await lineageOf(sql)).toEqual({
      order_id: ["orders.order_id direct"],
      s: ["orders.amount transformed"],
    });
    // A subquery's columns are known: a name none of them has is the enclosing query's alone.
    const nested =
      "SELECT order_id, (SELECT max(x) FROM (SELECT segment AS x FROM customers__customers) t WHERE x = amount) AS s FROM orders__orders";
    expect((await lineageOf(nested)).s).toEqual([
      "customers.segment aggregated",
      "orders.amount transformed",
    ]);
    // A relation of the subquery named like a column of the enclosing query is that relation.
    const shadowed =
      "SELECT order_id, (SELECT count(*) FROM customers__customers amount WHERE amount IS NOT NULL) AS n FROM orders__orders";
    expect((await lineageOf(shadowed)).n).toEqual([
      "customers.customer_id transformed",
      "customers.email transformed",
      "customers.segment transformed",
    ]);
    const known =
      "SELECT order_id, (SELECT max(segment) FROM customers__customers WHERE customer_id = amount) AS s FROM orders__orders";
    expect((await lineageOf(known)).s).toEqual([
      "customers.customer_id transformed",
      "customers.segment aggregated",
      "orders.amount transformed",
    ]);
  });

  it("a LATERAL subquery reads the relations to its left", async () => {
    expect((await lineageOf("SELECT * FROM orders__orders o, LATERAL (SELECT o.amount * 2 AS d)")).d).toEqual(
      ["orders.amount transformed"],
    );
  });

  it("an EXISTS filter's columns filter the rows; a SEMI JOIN's whole right side does", async () => {
    const exists =
      "SELECT order_id FROM orders__orders o WHERE EXISTS (SELECT 1 FROM customers__customers c WHERE c.customer_id = o.customer_id)";
    expect(await lineageOf(exists)).toEqual({
      order_id: ["customers.customer_id filtered", "orders.customer_id filtered", "orders.order_id direct"],
    });
    const semi = "SELECT customer_id FROM orders__orders SEMI JOIN customers__customers USING (customer_id)";
    expect(await lineageOf(semi)).toEqual({
      customer_id: [
        "customers.customer_id filtered",
        "customers.email filtered",
        "customers.segment filtered",
        "orders.customer_id direct",
      ],
    });
  });

  it("a column of FROM comes before a select-list alias of the same name, which a later expression may use", async () => {
    expect(await lineageOf("SELECT amount AS customer_id, customer_id AS c FROM orders__orders")).toEqual({
      customer_id: ["orders.amount direct"],
      c: ["orders.customer_id direct"],
    });
    expect(await lineageOf("SELECT email AS e, e || 'x' AS f FROM customers__customers")).toEqual({
      e: ["customers.email direct"],
      f: ["customers.email transformed"],
    });
  });

  it("places the columns * stands for at the *", async () => {
    const relations = RELATIONS.map((r) => ({
      view: r.view,
      input: r.input,
      columns: Object.keys(r.schema),
    }));
    const lineage = await columnLineage("SELECT\n  c.*\nFROM customers__customers c", relations, [
      "customer_id",
      "email",
      "segment",
    ]);
    expect(lineage.map((c) => c.at)).toEqual([
      { line: 2, column: 3 },
      { line: 2, column: 3 },
      { line: 2, column: 3 },
    ]);
  });
});

describe("column lineage: each kind of expression, exactly", () => {
  const JOIN = "FROM orders__orders JOIN customers__customers USING (customer_id)";
  const KEYS = ["customers.customer_id filtered", "orders.customer_id filtered"];

  it("CAST, CASE, AND, BETWEEN, COLLATE and NOT transform exactly the columns they read", async () => {
    const sql = `SELECT CAST(amount AS INT) AS a, CASE WHEN segment = 'x' THEN 1 END AS b,
  amount > 1 AND segment = 'y' AS c, amount BETWEEN 1 AND 2 AS d, segment COLLATE nocase AS e,
  NOT (amount IS NULL) AS f, lower(email) AS g ${JOIN}`;
    const sorted = (...s: string[]) => [...s, ...KEYS].sort();
    expect(await lineageOf(sql)).toEqual({
      a: sorted("orders.amount transformed"),
      b: sorted("customers.segment transformed"),
      c: sorted("orders.amount transformed", "customers.segment transformed"),
      d: sorted("orders.amount transformed"),
      e: sorted("customers.segment transformed"),
      f: sorted("orders.amount transformed"),
      g: sorted("customers.email transformed"),
    });
  });

  it("an expression it does not know (a positional reference) stands for every column the query reads", async () => {
    expect(await lineageOf("SELECT #2 AS c FROM customers__customers")).toEqual({
      c: [
        "customers.customer_id transformed",
        "customers.email transformed",
        "customers.segment transformed",
      ],
    });
  });

  it("an aggregate's FILTER and ORDER BY columns are aggregated into its value", async () => {
    const sql =
      "SELECT sum(amount) FILTER (WHERE customer_id = 'x') AS s, string_agg(order_id ORDER BY customer_id) AS o FROM orders__orders";
    expect(await lineageOf(sql)).toEqual({
      s: ["orders.amount aggregated", "orders.customer_id aggregated"],
      o: ["orders.customer_id aggregated", "orders.order_id aggregated"],
    });
  });

  it("x IN (subquery): x is transformed too, not only what the subquery reads", async () => {
    expect(
      await lineageOf(
        "SELECT order_id IN (SELECT customer_id FROM customers__customers) AS b FROM orders__orders",
      ),
    ).toEqual({ b: ["customers.customer_id transformed", "orders.order_id transformed"] });
  });

  it("a VALUES list beside an input carries nothing, its columns named col0, col1, …", async () => {
    expect(await lineageOf("SELECT v.col0 AS n, amount FROM orders__orders, (VALUES (1)) v")).toEqual({
      n: [],
      amount: ["orders.amount direct"],
    });
    expect(await lineageOf("SELECT * FROM orders__orders, (VALUES (1)) v(n)")).toEqual({
      order_id: ["orders.order_id direct"],
      customer_id: ["orders.customer_id direct"],
      amount: ["orders.amount direct"],
      n: [],
    });
  });

  it("a CTE is referred to by its own name, and a subquery's bare columns by theirs", async () => {
    expect(
      await lineageOf(
        "WITH c AS (SELECT email FROM customers__customers) SELECT c.email FROM c, orders__orders",
      ),
    ).toEqual({ email: ["customers.email direct"] });
    expect(
      await lineageOf("SELECT email FROM (SELECT c.email FROM customers__customers c, orders__orders o)"),
    ).toEqual({ email: ["customers.email direct"] });
  });

  it("an ANTI JOIN filters by its whole right side, as a SEMI JOIN does", async () => {
    const sql = "SELECT customer_id FROM orders__orders ANTI JOIN customers__customers USING (customer_id)";
    expect(await lineageOf(sql)).toEqual({
      customer_id: [
        "customers.customer_id filtered",
        "customers.email filtered",
        "customers.segment filtered",
        "orders.customer_id direct",
      ],
    });
  });

  it("a UNION's ORDER BY reads its own columns; INTERSECT's right side only filters", async () => {
    const ordered =
      "SELECT email AS v FROM customers__customers UNION ALL SELECT order_id FROM orders__orders ORDER BY v LIMIT 1";
    expect(await lineageOf(ordered)).toEqual({ v: ["customers.email direct", "orders.order_id direct"] });
    const intersect =
      "SELECT customer_id FROM orders__orders INTERSECT SELECT customer_id FROM customers__customers";
    expect(await lineageOf(intersect)).toEqual({
      customer_id: ["customers.customer_id filtered", "orders.customer_id direct"],
    });
  });
});
