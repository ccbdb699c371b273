/**
 * The history and metric checks in ODCS: metric checks as `library` entries with their threshold
 * operator, unit and value lists; volume change and freshness as `custom` entries of engine `mesh`;
 * and back, unchanged.
 */
import { describe, expect, it } from "vitest";
import { contractOf } from "../../components/contract/contract.js";
import { toOdcs } from "../../components/contract/odcs/exportOdcs.js";
import { fromOdcs } from "../../components/contract/odcs/importOdcs.js";
import { DataProductSchema, type DomainDeclaration } from "../../components/declaration/schema.js";

const domain = {
  name: "orders",
  owner: { team: "checkout", email: "checkout@example.com" },
} as DomainDeclaration;

const QUALITY = {
  rowCount: { min: 1 },
  volumeChange: { maxPercent: 30, lastRuns: 7 },
  freshness: { field: "ordered_at", severity: "warning" },
  // In field order, the table's last: the order an import reads them in.
  metrics: [
    { metric: "duplicateValues", field: "order_id", mustBe: 0, severity: "warning" },
    { metric: "nullValues", field: "email", mustBeLessThan: 1, unit: "percent" },
    { metric: "missingValues", field: "email", missingValues: ["", "n/a"], mustBeLessOrEqualTo: 10 },
    { metric: "invalidValues", field: "status", validValues: ["paid", "open"], mustBeBetween: [0, 5] },
    { metric: "rowCount", mustNotBeBetween: [1000, 2000] },
  ],
};

const product = (quality: unknown) =>
  DataProductSchema.parse({
    name: "orders",
    version: "1.2.0",
    description: "One row per order.",
    classification: "internal",
    schema: {
      order_id: { type: "string", required: true, description: "Order id." },
      email: { type: "string", description: "Who ordered." },
      status: { type: "string", description: "Order status." },
      ordered_at: { type: "timestamp", description: "When." },
    },
    transform: { sql: "SELECT * FROM staging", schedule: "*/15 * * * *" },
    slos: { freshness: "1h" },
    quality,
  });

const exported = (quality: unknown) => toOdcs(contractOf(domain, product(quality))) as any;

describe("ODCS export of the history and metric checks", () => {
  it("writes metric checks as library entries on the property they measure, rowCount on the table", () => {
    const doc = exported(QUALITY);
    const email = doc.schema[0].properties.find((p: any) => p.name === "email");
    expect(email.quality).toEqual([
      {
        type: "library",
        metric: "nullValues",
        mustBeLessThan: 1,
        unit: "percent",
        dimension: "completeness",
        description: "Null values.",
      },
      expect.objectContaining({
        metric: "missingValues",
        mustBeLessOrEqualTo: 10,
        unit: "rows",
        arguments: { missingValues: [null, "", "n/a"] },
      }),
    ]);
    const id = doc.schema[0].properties.find((p: any) => p.name === "order_id");
    expect(id.quality).toContainEqual(
      expect.objectContaining({ metric: "duplicateValues", mustBe: 0, severity: "warning" }),
    );
    expect(doc.schema[0].quality).toEqual([
      expect.objectContaining({ metric: "rowCount", mustBeGreaterOrEqualTo: 1 }),
      expect.objectContaining({ metric: "rowCount", mustNotBeBetween: [1000, 2000], unit: "rows" }),
      expect.objectContaining({
        type: "custom",
        engine: "mesh",
        implementation: { volumeChange: { maxPercent: 30, lastRuns: 7, severity: "error" } },
      }),
      expect.objectContaining({
        type: "custom",
        engine: "mesh",
        implementation: { freshness: { field: "ordered_at", severity: "warning" } },
      }),
    ]);
  });

  it("imports them back unchanged", () => {
    const again = fromOdcs(exported(QUALITY));
    expect(DataProductSchema.parse(again.product).quality).toEqual(product(QUALITY).quality);
  });
});

describe("ODCS import of thresholds and severities", () => {
  const withRule = (rule: object) => {
    const doc = exported({});
    doc.schema[0].properties.find((p: any) => p.name === "email").quality = [rule];
    return doc;
  };

  it("reads a non-zero threshold as a metric check, and a warning as one that does not stop the table", () => {
    const threshold = fromOdcs(withRule({ metric: "nullValues", mustBeLessThan: 5, unit: "percent" }));
    expect(threshold.product.quality?.metrics).toEqual([
      { metric: "nullValues", field: "email", unit: "percent", mustBeLessThan: 5, severity: "error" },
    ]);
    expect(threshold.product.schema.email!.required).toBeUndefined();
    const warning = fromOdcs(withRule({ metric: "nullValues", mustBe: 0, severity: "info" }));
    expect(warning.product.quality?.metrics).toEqual([
      { metric: "nullValues", field: "email", mustBe: 0, severity: "warning" },
    ]);
  });

  it("still reads a zero threshold that stops the table as the field rule", () => {
    const zero = fromOdcs(withRule({ metric: "nullValues", mustBe: 0, severity: "error" }));
    expect(zero.product.schema.email!.required).toBe(true);
    expect(zero.product.quality?.metrics).toBeUndefined();
  });

  it("refuses a custom rule of another engine, and a mesh rule the declaration refuses", () => {
    const doc = exported({});
    doc.schema[0].quality = [
      { type: "custom", engine: "soda", implementation: "row_count > 0" },
      { type: "custom", engine: "mesh", implementation: { volumeChange: { maxPercent: -1 } } },
    ];
    expect(() => fromOdcs(doc)).toThrow(
      [
        "schema[0].quality[0] (custom): custom (engine-specific) quality rules have no place in the mesh model",
        "  schema[0].quality[1] (custom): mesh implementation: volumeChange.maxPercent: volumeChange.maxPercent must be more than 0",
      ].join("\n"),
    );
  });
});

describe("SQL checks in ODCS", () => {
  const SQL = {
    sql: [
      {
        name: "no_empty_email",
        description: "No email is empty text.",
        field: "email",
        query: "SELECT count(*) FROM {object} WHERE email = ''",
        mustBe: 0,
      },
      {
        name: "enough_orders",
        query: "SELECT count(*) FROM {object}",
        mustBeGreaterThan: 10,
        severity: "warning",
      },
    ],
  };

  it("writes each as a sql entry with its name, query and threshold, on its property or the table", () => {
    const doc = exported(SQL);
    const email = doc.schema[0].properties.find((p: any) => p.name === "email");
    expect(email.quality).toEqual([
      {
        type: "sql",
        name: "no_empty_email",
        description: "No email is empty text.",
        query: "SELECT count(*) FROM {object} WHERE email = ''",
        mustBe: 0,
      },
    ]);
    expect(doc.schema[0].quality).toEqual([
      {
        type: "sql",
        name: "enough_orders",
        query: "SELECT count(*) FROM {object}",
        mustBeGreaterThan: 10,
        severity: "warning",
      },
    ]);
  });

  it("imports them back unchanged", () => {
    const again = fromOdcs(exported(SQL));
    expect(DataProductSchema.parse(again.product).quality).toEqual(product(SQL).quality);
  });

  it("reads another tool's query over the table's name or a placeholder as one over {object}, and names it", async () => {
    const doc = exported({});
    doc.schema[0].name = "Orders";
    doc.schema[0].properties.find((p: any) => p.name === "email").quality = [
      {
        type: "sql",
        query: "SELECT count(*) FROM orders WHERE {property} = ''",
        mustBe: 0,
        severity: "warn",
      },
    ];
    doc.schema[0].quality = [{ type: "sql", query: "SELECT count(*) FROM {model}", mustBeGreaterThan: 0 }];
    const imported = fromOdcs(doc);
    expect(imported.product.quality?.sql).toEqual([
      {
        name: "email_sql_1",
        field: "email",
        query: "SELECT count(*) FROM {object} WHERE email = ''",
        mustBe: 0,
        severity: "warning",
      },
      {
        name: "table_sql_1",
        query: "SELECT count(*) FROM {object}",
        mustBeGreaterThan: 0,
        severity: "error",
      },
    ]);
    expect(imported.warnings).toContain(
      "schema[0].properties[1].quality[0] (sql): no name; named email_sql_1",
    );
    // What the rewrite made binds against the product's own contract at plan time.
    const { sqlCheckProblems } = await import("../../components/declaration/qualitySql.js");
    const schema = DataProductSchema.parse(imported.product).schema;
    for (const check of imported.product.quality!.sql!)
      expect(await sqlCheckProblems(check, schema)).toEqual([]);
  });

  it("refuses a query that reads no table it knows", () => {
    const doc = exported({});
    doc.schema[0].quality = [{ type: "sql", query: "SELECT count(*) FROM other_table", mustBe: 0 }];
    expect(() => fromOdcs(doc)).toThrow(
      [
        "schema[0].quality[0] (sql): its query reads no table the mesh knows: write the table as {object} (or orders or orders_v1)",
      ].join("\n"),
    );
  });
});
