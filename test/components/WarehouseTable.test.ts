import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, ordersProduct, type Registration, resolveOutput, settle, single } from "./fixtures.js";

const TABLE = "aws:glue/catalogTable:CatalogTable";
const LOCATION = "s3://acme-mesh-dev-warehouse/orders/orders/v1/";

let captured: Registration[];
let mod: typeof import("../../components/warehouse/WarehouseTable.js");

beforeAll(async () => {
  captured = await installMocks();
  mod = await import("../../components/warehouse/WarehouseTable.js");
});

describe("WarehouseTable", () => {
  let table: InstanceType<typeof mod.WarehouseTable>;
  let inputs: Record<string, any>;

  beforeAll(async () => {
    table = new mod.WarehouseTable("orders-table", {
      databaseName: "orders_dev",
      tableName: "orders_v1",
      accountId: "111111111111",
      location: LOCATION,
      product: ordersProduct,
      owner: "checkout",
    });
    await settle();
    inputs = single(captured, TABLE, "orders-table").inputs;
  });

  it("is an external Iceberg table in the domain's database and account", () => {
    expect(inputs).toMatchObject({
      name: "orders_v1",
      databaseName: "orders_dev",
      catalogId: "111111111111",
      tableType: "EXTERNAL_TABLE",
      description: ordersProduct.description,
    });
    expect(inputs.openTableFormatInput).toEqual({
      icebergInput: { metadataOperation: "CREATE", version: "2" },
    });
  });

  it("stores its data at the product version's warehouse location", async () => {
    expect(inputs.storageDescriptor.location).toBe(LOCATION);
    expect(await resolveOutput(table.location)).toBe(LOCATION);
    expect(await resolveOutput(table.qualifiedName)).toBe("orders_dev.orders_v1");
  });

  it("compiles one column per schema field, in order, with the Glue type map", () => {
    const columns = inputs.storageDescriptor.columns;
    expect(columns.map((c: any) => [c.name, c.type])).toEqual([
      ["order_id", "string"],
      ["customer_email", "string"],
      ["ordered_at", "timestamp"],
      ["amount", "decimal(12,2)"],
      ["line_count", "bigint"],
      ["is_gift", "boolean"],
    ]);
  });

  it("comments each column with its contract description", () => {
    for (const c of inputs.storageDescriptor.columns) {
      expect(c.comment).toBe(ordersProduct.schema[c.name]!.description);
    }
  });

  it("marks PII and required fields in column parameters", () => {
    const params = Object.fromEntries(
      inputs.storageDescriptor.columns.map((c: any) => [c.name, c.parameters]),
    );
    expect(params.customer_email).toEqual({ "mesh:pii": "true", "mesh:required": "false" });
    expect(params.order_id).toEqual({ "mesh:pii": "false", "mesh:required": "true" });
    const pii = inputs.storageDescriptor.columns.filter((c: any) => c.parameters["mesh:pii"] === "true");
    expect(pii.map((c: any) => c.name)).toEqual(["customer_email"]);
  });

  it("carries owner, classification and contract version in table parameters", () => {
    expect(inputs.parameters).toMatchObject({
      "mesh:owner": "checkout",
      "mesh:classification": "internal",
      "mesh:contract-version": "1.2.0",
    });
  });
});

describe("compileColumns", () => {
  it("normalises decimal spacing and maps every type", () => {
    const field = (type: string) => ({ type, description: `a ${type}`, required: false, pii: false }) as any;
    const columns = mod.compileColumns({
      a: field("decimal( 18 , 4 )"),
      b: field("int"),
      c: field("double"),
      d: field("date"),
    });
    expect(columns.map((c) => c.type)).toEqual(["decimal(18,4)", "int", "double", "date"]);
  });

  it("gives list and struct fields Glue's array and struct types, recursively", () => {
    const field = (type: string) => ({ type, description: `a ${type}`, required: false, pii: false }) as any;
    const columns = mod.compileColumns({
      lines: field("list<struct<sku:string,qty:int,price:decimal(12,2)>>"),
      tags: field("list<string>"),
    });
    expect(columns.map((c) => c.type)).toEqual([
      "array<struct<sku:string,qty:int,price:decimal(12,2)>>",
      "array<string>",
    ]);
  });
});

describe("WarehouseTable validation", () => {
  const args = {
    databaseName: "orders_dev",
    tableName: "orders_v1",
    accountId: "111111111111",
    location: LOCATION,
    product: ordersProduct,
    owner: "checkout",
  };

  it.each(["Orders_v1", "orders-v1", "1orders", "x".repeat(256)])("rejects table name %j", (tableName) => {
    expect(() => mod.validateWarehouseTableArgs({ ...args, tableName })).toThrow(
      `\`tableName\` "${tableName}" must be lowercase snake_case, at most 255`,
    );
  });

  it.each([
    "acme-mesh-dev-warehouse/orders/",
    "s3://acme-mesh-dev-warehouse/orders/orders/v1",
    "s3://acme-mesh-dev-warehouse/",
  ])("rejects location %j", (location) => {
    expect(() => mod.validateWarehouseTableArgs({ ...args, location })).toThrow(
      `\`location\` must be "s3://bucket/prefix/", got "${location}"`,
    );
  });

  it("registers no table when the arguments are invalid", async () => {
    expect(() => new mod.WarehouseTable("bad-table", { ...args, tableName: "Bad" })).toThrow(/tableName/);
    await settle();
    expect(captured.filter((c) => c.type === TABLE && c.name === "bad-table")).toEqual([]);
  });
});
