/**
 * Every transform is bound by DuckDB's binder against empty tables typed from its inputs'
 * contracts and its raw records, before anything deploys: SQL that reads a column its inputs do
 * not have, computes with mismatched types, or outputs columns its own contract does not declare,
 * is refused at its line and column, naming the contract.
 */
import { describe, expect, it } from "vitest";
import type { Lock } from "../../components/contract/lock.js";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { productOf, validateMesh } from "../../components/declaration/mesh.js";
import { meshSqlProblems } from "../../components/declaration/meshSql.js";
import { DataProductSchema } from "../../components/declaration/schema.js";
import { bindTransform } from "../../components/declaration/sqlBinding.js";
import { loadMesh } from "../../program/loadMesh.js";

const owner = (team: string) => ({ team, email: `${team}@example.com` });

/** Orders (raw records as `ingestion.schema` says) and customers (email is PII, nobody admitted). */
const producers = (edit: (orders: any) => void = () => {}): any[] => {
  const orders: any = {
    name: "orders",
    version: "1.0.0",
    description: "One row per order.",
    classification: "internal",
    schema: {
      order_id: { type: "string", required: true, description: "Order." },
      customer_id: { type: "string", required: true, description: "Customer." },
      ordered_on: { type: "date", required: true, description: "Day." },
      amount: { type: "decimal(12,2)", required: true, description: "Total." },
    },
    ingestion: {
      schema: {
        order_id: { type: "string", required: true, description: "Order." },
        customer_id: { type: "string", required: true, description: "Customer." },
        ordered_on: { type: "date", required: true, description: "Day." },
        amount_cents: { type: "bigint", required: true, description: "Total in cents." },
      },
    },
    transform: {
      sql: "SELECT order_id, customer_id, ordered_on, CAST(amount_cents / 100 AS DECIMAL(12,2)) AS amount FROM staging",
      schedule: "*/15 * * * *",
    },
    slos: { freshness: "1h" },
  };
  edit(orders);
  return [
    { name: "orders", owner: owner("checkout"), description: "Orders.", dataProducts: [orders] },
    {
      name: "customers",
      owner: owner("crm"),
      description: "Customers.",
      dataProducts: [
        {
          name: "customers",
          version: "1.0.0",
          description: "One row per customer.",
          classification: "confidential",
          schema: {
            customer_id: { type: "string", required: true, description: "Customer." },
            email: { type: "string", required: true, pii: true, description: "Email." },
            segment: { type: "string", required: true, description: "Segment." },
          },
          transform: { sql: "SELECT customer_id, email, segment FROM staging", schedule: "0 * * * *" },
          slos: { freshness: "1d" },
          access: { consumers: ["reports"], pii: [] },
        },
      ],
    },
  ];
};

/** A derived product of `reports` with columns `schema`, reading orders and customers with `sql`. */
const reports = (sql: string, schema: Record<string, unknown>): any => ({
  name: "reports",
  owner: owner("insights"),
  description: "Reports.",
  consumes: [
    { domain: "orders", product: "orders", major: 1 },
    { domain: "customers", product: "customers", major: 1 },
  ],
  dataProducts: [
    {
      name: "revenue",
      version: "1.0.0",
      description: "Revenue per segment and day.",
      classification: "internal",
      schema,
      ingestion: false,
      transform: { sql, schedule: "5 * * * *" },
      slos: { freshness: "2h" },
    },
  ],
});

const REVENUE = {
  day: { type: "date", required: true, description: "Day." },
  segment: { type: "string", required: true, description: "Segment." },
  revenue: { type: "decimal(18,2)", required: true, description: "Revenue." },
};
const GOOD_SQL = `SELECT o.ordered_on AS day, c.segment, CAST(sum(o.amount) AS DECIMAL(18,2)) AS revenue
FROM orders__orders AS o JOIN customers__customers AS c USING (customer_id)
GROUP BY ALL`;

const defs = (domains: any[]): DomainDefinition[] =>
  domains.map((input) => ({ input, source: `domains/${input.name}/index.ts:3` }));

/** The messages of the mesh's SQL problems. */
async function problems(domains: any[], lock?: Lock): Promise<string[]> {
  const d = defs(domains);
  return (await meshSqlProblems(validateMesh(d, {}, lock), d)).map((p) => `${p.source}: ${p.message}`);
}

const revenueProblems = (sql: string, schema: Record<string, unknown> = REVENUE) =>
  problems([...producers(), reports(sql, schema)]);

describe("binding a transform against its inputs' contracts", () => {
  it("binds SQL that reads what its inputs' contracts declare, and gives its output columns", async () => {
    expect(await revenueProblems(GOOD_SQL)).toEqual([]);
    const mesh = validateMesh(defs([...producers(), reports(GOOD_SQL, REVENUE)]));
    const bound = await bindTransform(productOf(mesh, { domain: "reports", product: "revenue", major: 1 })!);
    expect(bound.columns.map((c) => [c.name, c.type, c.line, c.column])).toEqual([
      ["day", "DATE", 1, 8],
      ["segment", "VARCHAR", 1, 29],
      ["revenue", "DECIMAL(18,2)", 1, 40],
    ]);
  });

  it("refuses a column no input has, at its line and column, naming each view's contract", async () => {
    const found = await revenueProblems(GOOD_SQL.replace("sum(o.amount)", "sum(o.amont)"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^domains\/reports\/index\.ts:3: the transform SQL \(SQL line 1, column 49\) does not bind against its inputs' contracts: Binder Error: Table "o" does not have a column named "amont".*\(orders__orders is orders\.orders\.v1; customers__customers is customers\.customers\.v1 without its PII/,
    );
  });

  it("refuses a type error: the sum of text", async () => {
    const found = await revenueProblems(GOOD_SQL.replace("sum(o.amount)", "sum(c.segment)"));
    expect(found.join("\n")).toMatch(
      /\(SQL line 1, column 45\) does not bind against its inputs' contracts: Binder Error: No function matches the given name and argument types 'sum\(VARCHAR\)'/,
    );
  });

  it("refuses an output column whose type is not its contract's", async () => {
    const found = await revenueProblems(
      GOOD_SQL.replace("CAST(sum(o.amount) AS DECIMAL(18,2))", "sum(o.amount)"),
    );
    expect(found).toEqual([
      "domains/reports/index.ts:3: the transform SQL (SQL line 1, column 40) outputs column revenue as DECIMAL(38,2), but its contract reports.revenue.v1 says DECIMAL(18,2) (cast it: CAST(… AS DECIMAL(18,2)))",
    ]);
  });

  it("refuses an output column the contract does not declare, and a declared one missing", async () => {
    const extra = await revenueProblems(GOOD_SQL.replace("c.segment,", "c.segment, o.order_id,"));
    expect(extra.join("\n")).toContain(
      "outputs a column order_id (VARCHAR) that its contract reports.revenue.v1 does not declare",
    );
    const missing = await revenueProblems(GOOD_SQL.replace("c.segment,", ""));
    expect(missing.join("\n")).toContain(
      "has no output column segment, which its contract reports.revenue.v1 declares (VARCHAR)",
    );
  });

  it("refuses NULL in every row for a required column, not for an optional one", async () => {
    const sql = GOOD_SQL.replace("c.segment,", "CAST(NULL AS VARCHAR) AS segment,");
    expect((await revenueProblems(sql)).join("\n")).toContain(
      "(SQL line 1, column 29) outputs segment as NULL in every row, but its contract reports.revenue.v1 says segment is required",
    );
    const optional = { ...REVENUE, segment: { type: "string", description: "Segment." } };
    expect(await revenueProblems(sql, optional)).toEqual([]);
  });

  it("binds a domain not admitted to an input's PII against the input without it", async () => {
    const sql = GOOD_SQL.replace("c.segment,", "c.email AS segment,");
    expect((await revenueProblems(sql)).join("\n")).toMatch(
      /\(SQL line 1, column 29\) .*Table "c" does not have a column named "email".*customers__customers is customers\.customers\.v1 without its PII/,
    );
    const admitted = producers();
    admitted[1].dataProducts[0].access.pii = ["reports"];
    expect(await problems([...admitted, reports(sql, REVENUE)])).toEqual([]);
  });

  it("refuses a parameter, which nothing would give a value", async () => {
    expect(
      await revenueProblems(GOOD_SQL.replace("GROUP BY ALL", "WHERE o.amount > $1 GROUP BY ALL")),
    ).toEqual([
      "domains/reports/index.ts:3: the transform SQL does not bind against its inputs' contracts: it has a parameter ($1 or ?), which nothing gives a value: write the value in the SQL (orders__orders is orders.orders.v1; customers__customers is customers.customers.v1 without its PII (the domain is not admitted to it))",
    ]);
  });

  it("refuses reading an input all of whose columns are PII the domain is not admitted to", async () => {
    const domains = producers();
    const customers = domains[1].dataProducts[0];
    customers.schema = { email: { type: "string", required: true, pii: true, description: "Email." } };
    customers.transform.sql = "SELECT email FROM staging";
    const sql =
      "SELECT DATE '2026-01-01' AS day, 'x' AS segment, CAST(1 AS DECIMAL(18,2)) AS revenue FROM customers__customers";
    expect(await problems([...domains, reports(sql, REVENUE)])).toEqual([
      "domains/reports/index.ts:3: the transform SQL does not bind against its inputs' contracts: its input customers__customers has no column this domain may read (all are PII) (orders__orders is orders.orders.v1; customers__customers is customers.customers.v1 without its PII (the domain is not admitted to it))",
    ]);
  });

  it("refuses an output column named twice", async () => {
    const found = await revenueProblems(GOOD_SQL.replace("c.segment,", "c.segment, c.segment,"));
    expect(found.join("\n")).toContain(
      "outputs column segment more than once; its contract reports.revenue.v1 declares each column once",
    );
  });

  it("names only the NULL for a required column written as a bare NULL, not its type too", async () => {
    expect(await revenueProblems(GOOD_SQL.replace("c.segment,", "NULL AS segment,"))).toEqual([
      "domains/reports/index.ts:3: the transform SQL (SQL line 1, column 29) outputs segment as NULL in every row, but its contract reports.revenue.v1 says segment is required",
    ]);
  });

  it("places a column by its name when * stands for others before it", async () => {
    const sql = `SELECT *, NULL::DECIMAL(18,2) AS revenue
FROM (SELECT o.ordered_on AS day, c.segment FROM orders__orders AS o JOIN customers__customers AS c USING (customer_id))`;
    expect(await revenueProblems(sql)).toEqual([
      "domains/reports/index.ts:3: the transform SQL (SQL line 1, column 11) outputs revenue as NULL in every row, but its contract reports.revenue.v1 says revenue is required",
    ]);
  });

  it("binds list and struct columns from staging to its contract, and through to a consumer", async () => {
    const nested = (address: string) => (o: any) => {
      const lines = { type: "list<struct<sku:string,qty:int>>", description: "Order lines." };
      o.ingestion.schema.lines = lines;
      o.schema.lines = lines;
      o.schema.address = { type: "struct<order:int,city:string>", description: "Where it goes." };
      o.transform.sql = `SELECT order_id, customer_id, ordered_on, CAST(amount_cents / 100 AS DECIMAL(12,2)) AS amount, lines, ${address} AS address FROM staging`;
    };
    const good = nested("{'order': lines[1].qty, 'city': 'Berlin'}");
    // The consumer's input table has the nested columns: it reads a struct field of a list element.
    const sql = GOOD_SQL.replace(
      "GROUP BY ALL",
      "WHERE o.lines[1].sku <> '' AND o.address.city <> '' GROUP BY ALL",
    );
    expect(await problems([...producers(good), reports(sql, REVENUE)])).toEqual([]);
    // An output column computed from a struct field of an input.
    const fromStruct = GOOD_SQL.replace("c.segment,", "o.address.city AS segment,");
    expect(await problems([...producers(good), reports(fromStruct, REVENUE)])).toEqual([]);
    const widened = await problems([
      ...producers(nested("{'order': 1::BIGINT, 'city': 'Berlin'}")),
      reports(sql, REVENUE),
    ]);
    expect(widened).toEqual([
      `domains/orders/index.ts:3: the transform SQL (SQL line 1, column 104) outputs column address as STRUCT("order" BIGINT, "city" VARCHAR), but its contract orders.orders.v1 says STRUCT("order" INTEGER, "city" VARCHAR) (cast it: CAST(… AS STRUCT("order" INTEGER, "city" VARCHAR)))`,
    ]);
  });

  it("binds json columns, top-level and inside a struct, and refuses text not cast to JSON", async () => {
    const withJson = (payload: string, meta: string) => (o: any) => {
      const payloadField = { type: "json", description: "What the shop sent." };
      o.ingestion.schema.payload = payloadField;
      o.schema.payload = payloadField;
      o.schema.extra = { type: "struct<meta:json>", description: "More." };
      o.transform.sql = `SELECT order_id, customer_id, ordered_on, CAST(amount_cents / 100 AS DECIMAL(12,2)) AS amount, ${payload} AS payload, {'meta': ${meta}} AS extra FROM staging`;
    };
    // The consumer reads a json column with DuckDB's json functions.
    const sql = GOOD_SQL.replace("GROUP BY ALL", "WHERE o.payload->>'$.channel' <> '' GROUP BY ALL");
    const good = withJson("payload", "json_object('k', 1)");
    expect(await problems([...producers(good), reports(sql, REVENUE)])).toEqual([]);
    // An input's json is text in the warehouse (Iceberg has no JSON type): a consumer casts it.
    const passed = (expression: string) =>
      reports(GOOD_SQL.replace("c.segment,", `c.segment, ${expression} AS payload,`), {
        ...REVENUE,
        payload: { type: "json", description: "The order's payload." },
      });
    expect(await problems([...producers(good), passed("any_value(o.payload)::JSON")])).toEqual([]);
    expect((await problems([...producers(good), passed("any_value(o.payload)")])).join("\n")).toContain(
      "outputs column payload as VARCHAR, but its contract reports.revenue.v1 says JSON (cast it: CAST(… AS JSON))",
    );
    const text = await problems([
      ...producers(withJson("payload::VARCHAR", "'x'")),
      reports(GOOD_SQL, REVENUE),
    ]);
    expect(text).toEqual([
      "domains/orders/index.ts:3: the transform SQL (SQL line 1, column 96) outputs column payload as VARCHAR, but its contract orders.orders.v1 says JSON (cast it: CAST(… AS JSON))",
      `domains/orders/index.ts:3: the transform SQL (SQL line 1, column 126) outputs column extra as STRUCT("meta" VARCHAR), but its contract orders.orders.v1 says STRUCT("meta" JSON) (cast it: CAST(… AS STRUCT("meta" JSON)))`,
    ]);
  });

  it("types staging from the raw records (ingestion.schema), not from the product's schema", async () => {
    const readsProductColumn = await problems([
      ...producers((o) => {
        o.transform.sql = "SELECT order_id, customer_id, ordered_on, amount FROM staging";
      }),
      reports(GOOD_SQL, REVENUE),
    ]);
    expect(readsProductColumn.join("\n")).toMatch(
      /Referenced column "amount" not found in FROM clause!.*Candidate bindings: "amount_cents".*staging is its raw records/,
    );
    // The partition column is a DATE, as the runner reads it: date arithmetic binds.
    const partition = await problems([
      ...producers((o) => {
        o.transform.sql = o.transform.sql.replace("ordered_on,", "ingest_date - 1 AS ordered_on,");
      }),
      reports(GOOD_SQL, REVENUE),
    ]);
    expect(partition).toEqual([]);
  });

  it("binds a retained major against its inputs as they are now", async () => {
    const copy = (version: string) =>
      DataProductSchema.parse({
        name: "copy",
        version,
        description: "Orders as they are.",
        classification: "internal",
        schema: (producers()[0].dataProducts[0] as any).schema,
        ingestion: false,
        transform: { sql: "SELECT * FROM orders__orders", schedule: "5 * * * *" },
        slos: { freshness: "2h" },
      });
    const lock: Lock = {
      lockfileVersion: 1,
      products: {
        "reports.copy.v1": { domain: "reports", owner: owner("insights"), product: copy("1.0.0") },
      },
    };
    const current = {
      name: "reports",
      owner: owner("insights"),
      description: "Reports.",
      consumes: [{ domain: "orders", product: "orders", major: 1 }],
      dataProducts: [
        {
          ...copy("2.0.0"),
          transform: { sql: "SELECT order_id FROM orders__orders", schedule: "5 * * * *" },
        },
      ],
    };
    current.dataProducts[0]!.schema = {
      order_id: { type: "string", required: true, description: "Order." },
    } as any;
    const dash = {
      name: "dash",
      owner: owner("dash"),
      description: "Dashboards.",
      consumes: [{ domain: "reports", product: "copy", major: 1 }],
      dataProducts: [
        {
          name: "order-ids",
          version: "1.0.0",
          description: "Order ids.",
          classification: "internal",
          schema: { order_id: { type: "string", required: true, description: "Order." } },
          ingestion: false,
          transform: { sql: "SELECT order_id FROM reports__copy", schedule: "5 * * * *" },
          slos: { freshness: "2h" },
        },
      ],
    };
    const withNote = producers((o) => {
      o.schema.note = { type: "string", description: "A compatible, optional addition." };
      o.transform.sql = o.transform.sql.replace(" FROM staging", ", NULL::VARCHAR AS note FROM staging");
    });
    expect(await problems([...producers(), current, dash], lock)).toEqual([]);
    expect(await problems([...withNote, current, dash], lock)).toEqual([
      "contracts.lock.json (copy v1: transform.sql): the transform SQL of reports.copy.v1, still running for its consumers, outputs a column note (VARCHAR) that its contract reports.copy.v1 does not declare",
    ]);
  });

  it("binds the shipped domains' SQL to exactly their contracts", async () => {
    const mesh = await loadMesh();
    for (const model of mesh.products) {
      const bound = await bindTransform(model);
      expect(bound.problems, model.id).toEqual([]);
      expect(bound.columns.map((c) => c.name)).toEqual(Object.keys(model.contract.schema));
    }
  });
});
