/**
 * A product derived only from other products (`ingestion: false`): it has no raw records, so no
 * `staging` for its SQL to read, and nothing for a Spark driver to stage.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import type { DeclarationProblem } from "../../components/declaration/errors.js";
import { productOf, validateMesh } from "../../components/declaration/mesh.js";
import { meshSqlProblems } from "../../components/declaration/meshSql.js";
import { meshProblems } from "./meshProblems.js";

const producer = (): any => ({
  name: "orders",
  owner: { team: "checkout", email: "checkout-team@example.com" },
  description: "Orders placed in the web shop.",
  dataProducts: [
    {
      name: "orders",
      version: "1.0.0",
      description: "One row per order.",
      classification: "internal",
      schema: { order_id: { type: "string", required: true, description: "Order identifier." } },
      transform: { sql: "SELECT order_id FROM staging", schedule: "*/15 * * * *" },
      slos: { freshness: "1h" },
    },
  ],
});

/** A domain whose one product is derived from orders; `sql` and `edit` vary it. */
const derived = (sql: string, edit: (product: any) => void = () => {}): any => {
  const product: any = {
    name: "order-count",
    version: "1.0.0",
    description: "One row per day.",
    classification: "internal",
    schema: { n: { type: "bigint", required: true, description: "Orders." } },
    ingestion: false,
    transform: { sql, schedule: "*/15 * * * *" },
    slos: { freshness: "1h" },
  };
  edit(product);
  return {
    name: "reports",
    owner: { team: "insights", email: "insights-team@example.com" },
    description: "Reports.",
    consumes: [{ domain: "orders", product: "orders", major: 1 }],
    dataProducts: [product],
  };
};

const definitions = (reports: any, extra: Partial<DomainDefinition> = {}): DomainDefinition[] => [
  { input: producer(), source: "domains/orders/index.ts:3" },
  { input: reports, source: "domains/reports/index.ts:3", ...extra },
];

async function sqlProblems(defs: DomainDefinition[]): Promise<DeclarationProblem[]> {
  return meshSqlProblems(validateMesh(defs), defs);
}

describe("a product with ingestion: false", () => {
  it("has no raw records in the product model; its inputs are the products it consumes", () => {
    const mesh = validateMesh(definitions(derived("SELECT count(*) AS n FROM orders__orders")));
    const model = productOf(mesh, { domain: "reports", product: "order-count", major: 1 })!;
    expect(model.raw).toBeUndefined();
    expect(model.inputs.map((i) => i.view)).toEqual(["orders__orders"]);
    expect(productOf(mesh, { domain: "orders", product: "orders", major: 1 })!.raw).toBeDefined();
  });

  it("may read its inputs, and a CTE it names staging itself", async () => {
    expect(await sqlProblems(definitions(derived("SELECT count(*) AS n FROM orders__orders")))).toEqual([]);
    const cte = "WITH staging AS (SELECT * FROM orders__orders) SELECT count(*) AS n FROM staging";
    expect(await sqlProblems(definitions(derived(cte)))).toEqual([]);
  });

  it("refuses SQL that reads staging, naming where (inline SQL)", async () => {
    const problems = await sqlProblems(definitions(derived("SELECT count(*) AS n\nFROM staging")));
    expect(problems).toEqual([
      {
        source: "domains/reports/index.ts:3",
        path: "dataProducts[0].transform.sql",
        message:
          'the transform SQL (SQL line 2, column 6) reads "staging", but the product ingests no raw records (ingestion: false): it has no staging; a derived product reads only the products its domain declares in consumes (orders__orders)',
      },
    ]);
  });

  it("refuses SQL that reads staging, naming the SQL file, line and column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-derived-"));
    writeFileSync(
      join(dir, "count.sql"),
      "SELECT count(*) AS n\nFROM orders__orders\nJOIN staging USING (order_id)",
    );
    const reports = derived("", (p) => {
      delete p.transform.sql;
      p.transform.sqlFile = "count.sql";
    });
    const problems = await sqlProblems(definitions(reports, { baseDir: dir }));
    expect(problems.map((p) => [p.source, p.path])).toEqual([
      [`${relative(process.cwd(), join(dir, "count.sql"))}:3:6`, "dataProducts[0].transform.sqlFile"],
    ]);
    expect(problems[0]!.message).toMatch(
      /^the transform SQL reads "staging", but the product ingests no raw records/,
    );
  });

  it("the same SQL is fine for a product that ingests (the default)", async () => {
    const reports = derived("SELECT count(*) AS n FROM staging", (p) => {
      delete p.ingestion;
    });
    expect(await sqlProblems(definitions(reports))).toEqual([]);
  });

  it("cannot run on Spark, whose driver stages raw records first", () => {
    const reports = derived("SELECT count(*) AS n FROM orders__orders", (p) => {
      p.transform.engine = "spark";
    });
    expect(meshProblems(definitions(reports)).map((p) => [p.path, p.message])).toEqual([
      [
        "dataProducts[0].transform.engine",
        "a Spark transform stages raw records before it runs: a product without ingestion runs on duckdb",
      ],
    ]);
  });

  it("cannot be incremental: there are no new raw records to fold in", () => {
    const reports = derived("SELECT count(*) AS n FROM orders__orders", (p) => {
      p.transform.incremental = true;
    });
    expect(meshProblems(definitions(reports)).map((p) => [p.path, p.message])).toEqual([
      [
        "dataProducts[0].transform.incremental",
        "an incremental transform folds new raw records into its table: it needs ingestion",
      ],
    ]);
  });
});
