import { beforeAll, describe, expect, it } from "vitest";
import { type DomainDefinition, parseDomain } from "../../components/declaration/defineDomain.js";
import { DeclarationError } from "../../components/declaration/errors.js";
import { type Mesh, validateMesh } from "../../components/declaration/mesh.js";
import { buildProductModels } from "../../components/declaration/productModel.js";
import { importDomains } from "../../program/loadMesh.js";
import { CycleError, dependencies, runOrder } from "../../runner/order.js";

let definitions: DomainDefinition[];
beforeAll(async () => {
  definitions = await importDomains();
});

describe("runOrder: each product after the products its transform reads", () => {
  it("runs orders and customers before analytics", async () => {
    const mesh = validateMesh(definitions);
    expect(dependencies(mesh).get("analytics.revenue-by-segment.v2")).toEqual([
      "orders.orders.v1",
      "customers.customers.v2",
    ]);
    const order = runOrder(mesh);
    expect(order.indexOf("analytics.revenue-by-segment.v2")).toBeGreaterThan(
      order.indexOf("orders.orders.v1"),
    );
    expect(order.indexOf("analytics.revenue-by-segment.v2")).toBeGreaterThan(
      order.indexOf("customers.customers.v2"),
    );
  });

  /** The example mesh with orders also reading analytics' product, which reads orders. */
  const cyclic = () => {
    const edited = definitions.map((d) => ({ ...d, input: structuredClone(d.input) as any }));
    const orders = edited.find((d) => d.input.name === "orders")!.input;
    orders.consumes = [{ domain: "analytics", product: "revenue-by-segment", major: 2 }];
    // analytics' product is confidential: its producer consents to orders reading it.
    const analytics = edited.find((d) => d.input.name === "analytics")!.input;
    analytics.dataProducts[0].access = { consumers: ["orders"], pii: [] };
    orders.dataProducts[0].transform = {
      sql: "SELECT * FROM staging JOIN analytics__revenue_by_segment USING (day)",
      schedule: "*/15 * * * *",
    };
    return edited;
  };

  it("rejects a dependency cycle, naming it", () => {
    // validateMesh refuses the cycle first; runOrder still guards a mesh built without it.
    const domains = cyclic().map(parseDomain);
    const mesh: Mesh = { domains, products: buildProductModels(domains, []) };
    expect(() => runOrder(mesh)).toThrow(CycleError);
    expect(() => runOrder(mesh)).toThrow(
      "dependency cycle: analytics.revenue-by-segment.v2 → orders.orders.v1 → analytics.revenue-by-segment.v2",
    );
  });

  it("is refused by validateMesh already, at the consumes entry of the first read", () => {
    const refused = (() => {
      try {
        validateMesh(cyclic());
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(DeclarationError);
    expect((refused as DeclarationError).problems).toEqual([
      {
        source: expect.stringMatching(/domains\/analytics\/index\.ts/),
        path: "consumes[0]",
        message:
          "dependency cycle: analytics.revenue-by-segment.v2 → orders.orders.v1 → analytics.revenue-by-segment.v2 (each reads the next in its transform SQL): no product may read itself through others; drop one of these reads",
      },
    ]);
  });
});
