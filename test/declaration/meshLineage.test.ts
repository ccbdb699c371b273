/**
 * Column lineage over a whole mesh (`components/declaration/meshLineage.ts`): derived once for each
 * declared product from the SQL DuckDB binds, never again for a superseded major kept running from
 * contracts.lock.json (it keeps what it was published with), and the classification that must follow
 * the data, refused at the declaring file and path.
 */
import { describe, expect, it } from "vitest";
import { validateMesh } from "../../components/declaration/index.js";
import { meshLineage } from "../../components/declaration/meshLineage.js";
import { eventsDomain, lockOf } from "./meshFixtures.js";

const def = eventsDomain;
const stockV1 = { domain: "stock", product: "stock-events", major: 1 };

describe("the lineage of a mesh", () => {
  it("is derived for each declared product, naming its inputs by product version", async () => {
    const stock = def("stock", { version: "2.0.0" });
    const sales = def("sales", {
      sql: "SELECT id FROM stock__stock_events",
      consumes: [{ domain: "stock", product: "stock-events", major: 2 }],
    });
    const mesh = validateMesh([stock, sales], {});
    const { products, problems } = await meshLineage(mesh, [stock, sales]);
    expect(problems).toEqual([]);
    expect(products.map((p) => [p.id, p.lineage?.map((c) => [c.column, c.sources])])).toEqual([
      ["stock.stock-events.v2", [["id", [{ input: "staging", column: "id", kind: "direct" }]]]],
      ["sales.sales-events.v1", [["id", [{ input: "stock.stock-events.v2", column: "id", kind: "direct" }]]]],
    ]);
  });

  it("is not derived again for a superseded major kept running: its model comes back as it was", async () => {
    const v2 = def("stock", { version: "2.0.0" });
    const sales = def("sales", { sql: "SELECT id FROM stock__stock_events", consumes: [stockV1] });
    const mesh = validateMesh([v2, sales], {}, lockOf(def("stock")));
    const retained = mesh.products.find((p) => p.retained)!;
    expect(retained.id).toBe("stock.stock-events.v1");
    const { products } = await meshLineage(mesh, [v2, sales]);
    expect(products.find((p) => p.id === retained.id)).toBe(retained);
    expect(retained.lineage).toBeUndefined();
    expect(products.find((p) => p.id === "sales.sales-events.v1")?.lineage?.[0]?.sources).toEqual([
      { input: "stock.stock-events.v1", column: "id", kind: "direct" },
    ]);
  });

  it("refuses a product less restrictive than an input it exposes columns of, at its classification", async () => {
    const stock = def("stock", { classification: "confidential", access: { consumers: ["sales"] } });
    const sales = def("sales", { sql: "SELECT id FROM stock__stock_events", consumes: [stockV1] });
    const { problems } = await meshLineage(validateMesh([stock, sales], {}), [stock, sales]);
    expect(problems).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "dataProducts[0].classification",
        message: expect.stringContaining("confidential"),
      },
    ]);
  });
});
