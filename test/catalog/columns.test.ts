import { describe, expect, it } from "vitest";
import { columnIndex } from "../../cli/catalog/columns.js";
import { fieldHtml } from "../../cli/catalog/fieldPage.js";
import { buildCatalog } from "../../cli/catalog/model.js";
import { productHtml } from "../../cli/catalog/pages.js";
import type { ColumnSource } from "../../components/declaration/lineage.js";
import type { Mesh } from "../../components/declaration/mesh.js";
import { loadMesh } from "../../program/loadMesh.js";

const shipped = await loadMesh();
const catalog = buildCatalog(shipped);
const product = (id: string) => catalog.products.find((p) => p.id === id)!;
const field = (id: string, name: string) => product(id).fields.find((f) => f.name === name)!;

describe("column lineage in the catalog: the shipped mesh", () => {
  it("shows each analytics column's sources across domains, with how", () => {
    const revenue = field("analytics.revenue-by-segment.v2", "revenue").lineage!;
    expect(revenue.sources!.filter((s) => s.kind !== "filtered")).toEqual([
      {
        input: "orders.orders.v1",
        column: "amount",
        kind: "aggregated",
        deidentified: false,
        page: "fields/orders.orders.v1.amount.html",
      },
    ]);
    const segment = field("analytics.revenue-by-segment.v2", "segment").lineage!;
    expect(
      segment.sources!.filter((s) => s.kind !== "filtered").map((s) => [s.input, s.column, s.kind]),
    ).toEqual([["customers.customers.v2", "segment", "direct"]]);
    // The join key decides which rows appear, for every column.
    expect(revenue.sources).toContainEqual(
      expect.objectContaining({ input: "customers.customers.v2", column: "customer_id", kind: "filtered" }),
    );
    const page = productHtml(product("analytics.revenue-by-segment.v2"), catalog);
    expect(page).toContain("<th>Comes from</th>");
    expect(page).toContain(
      '<a href="../fields/orders.orders.v1.amount.html">orders.orders.v1 · <code>amount</code></a> <span class="hint">(aggregated)</span>',
    );
    expect(page).toContain(
      '<a href="../fields/analytics.revenue-by-segment.v2.revenue.html"><code>revenue</code></a>',
    );
  });

  it("lists a field's downstream uses on its page, and none for PII the consumer never sees", () => {
    const amount = field("orders.orders.v1", "amount");
    expect(amount.lineage!.uses).toEqual([
      {
        product: "analytics.revenue-by-segment.v2",
        column: "revenue",
        kind: "aggregated",
        deidentified: false,
        depth: 1,
        page: "fields/analytics.revenue-by-segment.v2.revenue.html",
      },
    ]);
    const page = fieldHtml(product("orders.orders.v1"), amount);
    expect(page).toContain("<h2>Used downstream</h2>");
    expect(page).toContain(
      '<a href="../fields/analytics.revenue-by-segment.v2.revenue.html">analytics.revenue-by-segment.v2 · <code>revenue</code></a></td><td>aggregated</td>',
    );
    // analytics reads customers' PII-free projection: email reaches nobody.
    const email = field("customers.customers.v2", "email");
    expect(email.lineage!.uses).toEqual([]);
    expect(fieldHtml(product("customers.customers.v2"), email)).toContain(
      "No product of the mesh reads this field yet.",
    );
  });
});

/** A mesh of product models carrying only ids and lineage: what the index reads. */
function meshOfLineage(
  products: Record<string, Record<string, ColumnSource[]>>,
  retained: Mesh["retained"] = [],
) {
  return {
    domains: [],
    retained,
    products: Object.entries(products).map(([id, columns]) => ({
      id,
      lineage: Object.entries(columns).map(([column, sources]) => ({ column, sources })),
    })),
  } as unknown as Mesh;
}

describe("columnIndex", () => {
  const src = (input: string, column: string, kind: ColumnSource["kind"] = "direct"): ColumnSource => ({
    input,
    column,
    kind,
  });

  it("follows a field downstream through any number of products, nearest first, each once", () => {
    const index = columnIndex(
      meshOfLineage({
        "a.raw.v1": { id: [src("staging", "id")] },
        "b.mid.v1": { id: [src("a.raw.v1", "id")], n: [src("a.raw.v1", "id", "aggregated")] },
        "c.top.v1": { total: [src("b.mid.v1", "n", "transformed")], again: [src("a.raw.v1", "id")] },
      }),
    );
    expect(index.field("a.raw.v1", "id").uses.map((u) => [u.product, u.column, u.depth, u.via])).toEqual([
      ["b.mid.v1", "id", 1, undefined],
      ["b.mid.v1", "n", 1, undefined],
      ["c.top.v1", "again", 1, undefined],
      ["c.top.v1", "total", 2, "b.mid.v1.n"],
    ]);
    expect(index.field("a.raw.v1", "id").sources).toEqual([
      { input: "staging", column: "id", kind: "direct", deidentified: false },
    ]);
  });

  it("stops at a cycle instead of looping", () => {
    const index = columnIndex(
      meshOfLineage({ "a.x.v1": { v: [src("b.y.v1", "v")] }, "b.y.v1": { v: [src("a.x.v1", "v")] } }),
    );
    expect(index.field("a.x.v1", "v").uses.map((u) => `${u.product}.${u.column}@${u.depth}`)).toEqual([
      "b.y.v1.v@1",
    ]);
  });

  it("reads a retained major's lineage from its lock entry, and says when none was recorded", () => {
    const retained = [
      {
        domain: "a",
        owner: { team: "t", email: "t@example.com" },
        product: { name: "old", version: "1.4.0" },
        lineage: [{ column: "v", sources: [src("staging", "v")] }],
      },
      {
        domain: "a",
        owner: { team: "t", email: "t@example.com" },
        product: { name: "older", version: "2.0.0" },
      },
    ] as unknown as Mesh["retained"];
    const index = columnIndex(
      meshOfLineage({ "b.reader.v1": { w: [src("a.old.v1", "v", "transformed")] } }, retained),
    );
    expect(index.field("a.old.v1", "v").sources).toEqual([
      { input: "staging", column: "v", kind: "direct", deidentified: false },
    ]);
    expect(index.field("a.old.v1", "v").uses.map((u) => u.product)).toEqual(["b.reader.v1"]);
    expect(index.field("a.older.v2", "v").sources).toBeUndefined();
  });
});
