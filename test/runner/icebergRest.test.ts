/**
 * The Iceberg REST catalog calls with list and struct columns: every column, list element and
 * struct field gets its own field id, in the create-table and the add-column requests alike.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Field } from "../../components/declaration/schema.js";
import { addIcebergColumns, createIcebergTable } from "../../runner/icebergRest.js";

const catalog = { kind: "rest", uri: "http://catalog.test" } as const;
const table = { database: "orders_dev", table: "orders_v1" };
const field = (type: string): Field =>
  ({ type, description: "", required: false, pii: false, unique: false }) as Field;

/** Stubs fetch: `answer` gives each request's JSON answer; the requests are returned. */
function stubFetch(answer: (url: string, init: RequestInit) => unknown) {
  const requests: { url: string; method: string; body: any }[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    requests.push({
      url,
      method: init.method ?? "GET",
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    return new Response(JSON.stringify(answer(url, init) ?? {}), { status: 200 });
  });
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

describe("Iceberg REST tables with nested columns", () => {
  it("creates the table with a field id for every column, list element and struct field", async () => {
    const requests = stubFetch(() => ({}));
    await createIcebergTable(
      catalog,
      table,
      { id: field("string"), lines: field("list<struct<sku:string,qty:int>>"), day: field("date") },
      "s3://warehouse/orders/v1/",
      {},
    );
    const create = requests.find((r) => r.url.endsWith("/namespaces/orders_dev/tables"))!;
    expect(create.body.schema.fields).toEqual([
      { id: 1, name: "id", required: false, type: "string" },
      {
        id: 2,
        name: "lines",
        required: false,
        type: {
          type: "list",
          "element-id": 3,
          element: {
            type: "struct",
            fields: [
              { id: 4, name: "sku", required: false, type: "string" },
              { id: 5, name: "qty", required: false, type: "int" },
            ],
          },
          "element-required": false,
        },
      },
      { id: 6, name: "day", required: false, type: "date" },
    ]);
  });

  it("adds columns with ids after the table's last column id, and says the new last id", async () => {
    const current = {
      "schema-id": 3,
      type: "struct",
      fields: [{ id: 1, name: "id", required: false, type: "string" }],
    };
    const requests = stubFetch((_, init) =>
      init.method === undefined
        ? { metadata: { "current-schema-id": 3, schemas: [current], "last-column-id": 7 } }
        : {},
    );
    await addIcebergColumns(catalog, table, [["address", field("struct<city:string,zip:string>")]], {});
    const update = requests.find((r) => r.method === "POST")!.body.updates[0];
    expect(update.schema.fields.at(-1)).toEqual({
      id: 8,
      name: "address",
      required: false,
      type: {
        type: "struct",
        fields: [
          { id: 9, name: "city", required: false, type: "string" },
          { id: 10, name: "zip", required: false, type: "string" },
        ],
      },
    });
    expect(update["last-column-id"]).toBe(10);
  });
});
