import { beforeAll, describe, expect, it } from "vitest";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { type Mesh, validateMesh } from "../../components/declaration/mesh.js";
import { importDomains } from "../../program/loadMesh.js";
import { CycleError, dependencies, runOrder } from "../../runner/order.js";

let definitions: DomainDefinition[];
beforeAll(async () => {
  definitions = await importDomains();
});

describe("runOrder: each product after the products its transform reads", () => {
  it("runs orders and customers before analytics", async () => {
    const mesh = validateMesh(definitions);
    expect(dependencies(mesh).get("analytics.revenue-by-segment.v1")).toEqual([
      "orders.orders.v1",
      "customers.customers.v2",
    ]);
    const order = runOrder(mesh);
    expect(order.indexOf("analytics.revenue-by-segment.v1")).toBeGreaterThan(
      order.indexOf("orders.orders.v1"),
    );
    expect(order.indexOf("analytics.revenue-by-segment.v1")).toBeGreaterThan(
      order.indexOf("customers.customers.v2"),
    );
  });

  it("rejects a dependency cycle, naming it", () => {
    const edited = definitions.map((d) => ({ ...d, input: structuredClone(d.input) as any }));
    const orders = edited.find((d) => d.input.name === "orders")!.input;
    // orders now also reads analytics' product, which reads orders.
    orders.consumes = [{ domain: "analytics", product: "revenue-by-segment", major: 1 }];
    orders.dataProducts[0].transform = {
      sql: "SELECT * FROM staging JOIN analytics__revenue_by_segment USING (day)",
      schedule: "*/15 * * * *",
    };
    const mesh: Mesh = validateMesh(edited);
    expect(() => runOrder(mesh)).toThrow(CycleError);
    expect(() => runOrder(mesh)).toThrow(
      "dependency cycle: analytics.revenue-by-segment.v1 → orders.orders.v1 → analytics.revenue-by-segment.v1",
    );
  });
});
