import { beforeAll, describe, expect, it } from "vitest";
import { classesOf, meshGraph, neighbourhoodGraph, nodeFacts } from "../../cli/catalog/lineage.js";
import { buildCatalog, type CatalogModel, fileSafe, stackTargets } from "../../cli/catalog/model.js";
import { productHtml } from "../../cli/catalog/pages.js";
import { productReads } from "../../cli/catalog/reads.js";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";
import type { Mesh } from "../../components/declaration/mesh.js";
import { buildProductModels } from "../../components/declaration/productModel.js";
import { loadMesh } from "../../program/loadMesh.js";
import { readPlatformFile } from "../../program/platformFile.js";

let model: CatalogModel;
beforeAll(async () => {
  const mesh = await loadMesh();
  model = buildCatalog(
    mesh,
    stackTargets(stackFilePaths("stacks").map(readStackFile), readPlatformFile(".").environments),
    await productReads(mesh),
  );
});
const product = (id: string) => model.products.find((p) => p.id === id)!;

describe("catalog model of the example mesh", () => {
  it("lists every domain with its owner and products, in mesh order", () => {
    expect(model.domains.map((d) => [d.name, d.owner.team, d.owner.email])).toEqual([
      ["analytics", "insights", "insights-team@example.com"],
      ["customers", "crm", "crm-team@example.com"],
      ["orders", "checkout", "checkout-team@example.com"],
    ]);
    expect(model.products.map((p) => [p.id, p.version, p.status, p.classification, p.freshness])).toEqual([
      ["analytics.revenue-by-segment.v2", "2.0.0", "active", "confidential", "2h"],
      ["customers.customers.v2", "2.0.0", "active", "confidential", "1d"],
      ["orders.orders.v1", "1.2.0", "active", "internal", "1h"],
    ]);
  });

  it("has an edge from each product to each product whose SQL reads it, by major", () => {
    expect(model.edges).toEqual([
      { from: "orders.orders.v1", to: "analytics.revenue-by-segment.v2", major: 1 },
      { from: "customers.customers.v2", to: "analytics.revenue-by-segment.v2", major: 2 },
    ]);
  });

  it("knows who consumes a product and why, and what a product is built from", () => {
    expect(product("customers.customers.v2").consumers).toEqual([
      { domain: "analytics", purpose: "Segment attribution" },
    ]);
    expect(product("orders.orders.v1").consumers).toEqual([
      { domain: "analytics", purpose: "Revenue reporting" },
    ]);
    expect(product("analytics.revenue-by-segment.v2").consumers).toEqual([]);
    expect(product("analytics.revenue-by-segment.v2").inputs).toEqual([
      {
        id: "orders.orders.v1",
        domain: "orders",
        product: "orders",
        major: 1,
        purpose: "Revenue reporting",
        page: "products/orders.orders.v1.html",
      },
      {
        id: "customers.customers.v2",
        domain: "customers",
        product: "customers",
        major: 2,
        purpose: "Segment attribution",
        page: "products/customers.customers.v2.html",
        redacted: true, // analytics is not admitted to its PII: it reads the projection
      },
    ]);
    expect(product("orders.orders.v1").readBy).toEqual([
      {
        id: "analytics.revenue-by-segment.v2",
        domain: "analytics",
        product: "revenue-by-segment",
        page: "products/analytics.revenue-by-segment.v2.html",
      },
    ]);
  });

  it("shows per product who may consume it, by the producer's consent, and who does", () => {
    const customers = product("customers.customers.v2");
    expect(customers.allowedConsumers).toEqual({ everyDomain: false, domains: ["analytics"] });
    expect(product("orders.orders.v1").allowedConsumers).toEqual({
      everyDomain: true,
      domains: ["analytics", "customers"],
    });
    const page = productHtml(customers, model);
    expect(page).toContain(
      "<dt>May consume</dt><dd>analytics (listed by the producer in access.consumers; no other domain may consume it)</dd>",
    );
    expect(page).toContain("<dt>Consumed by</dt><dd>analytics</dd>");
    expect(productHtml(product("orders.orders.v1"), model)).toContain(
      "<dt>May consume</dt><dd>every domain of the mesh (internal, no consumer list)</dd>",
    );
  });

  it("marks PII fields and who is admitted to them", () => {
    const customers = product("customers.customers.v2");
    expect(customers.piiFields).toEqual(["email", "full_name"]);
    expect(customers.piiAdmitted).toEqual([]);
    expect(customers.fields.find((f) => f.name === "email")).toMatchObject({ pii: true, required: true });
    expect(product("orders.orders.v1").piiFields).toEqual([]);
  });

  it("carries the contract: schedule, SLOs, terms, schema rules and quality rules", () => {
    const orders = product("orders.orders.v1");
    expect(orders).toMatchObject({
      description: "One row per order, at its latest status.",
      schedule: "*/15 * * * *",
      freshness: "1h",
      availability: 99.5,
      terms: "Internal use. Amounts are final only once status is paid or shipped.",
      page: "products/orders.orders.v1.html",
      schemaFile: "schemas/orders.orders.v1.schema.json",
    });
    expect(orders.fields.find((f) => f.name === "amount")).toMatchObject({
      type: "decimal(12,2)",
      range: "≥ 0",
    });
    expect(orders.fields.find((f) => f.name === "status")?.accepted).toEqual([
      "placed",
      "paid",
      "shipped",
      "cancelled",
    ]);
    expect(orders.quality).toEqual([
      "Never null: order_id, customer_id, ordered_at, status, amount, currency.",
      "Unique: order_id.",
      "status is one of: placed, paid, shipped, cancelled.",
      "amount is ≥ 0.",
      "currency is one of: EUR, GBP, USD.",
      "At least 1 row.",
    ]);
    expect(orders.messageSchema?.$id).toBe("urn:datamesh:orders.orders.v1:1.2.0");
  });

  it("gives a product derived from other products (ingestion: false) no topic and no message schema", () => {
    const revenue = product("analytics.revenue-by-segment.v2");
    expect(revenue.messageSchema).toBeUndefined();
    for (const names of revenue.physical) {
      expect(names.topic).toBeUndefined();
      expect(names.deadLetterTopic).toBeUndefined();
      expect(names.glueTable).toMatch(/^analytics_[a-z]+\.revenue_by_segment_v2$/);
    }
  });

  it("names the physical resources in each environment the domain has a stack for", () => {
    expect(product("orders.orders.v1").physical).toEqual([
      {
        environment: "dev",
        topic: "orders.orders.v1",
        deadLetterTopic: "orders.orders.v1.dlq",
        glueTable: "orders_dev.orders_v1",
        location: expect.stringMatching(/^s3:\/\/[a-z0-9.-]+\/orders\/orders\/v1\/$/),
      },
      {
        environment: "prod",
        topic: "orders.orders.v1",
        deadLetterTopic: "orders.orders.v1.dlq",
        glueTable: "orders_prod.orders_v1",
        location: "s3://acme-mesh-prod-warehouse/orders/orders/v1/",
      },
    ]);
    expect(product("analytics.revenue-by-segment.v2").physical[1]?.glueTable).toBe(
      "analytics_prod.revenue_by_segment_v2",
    );
  });

  it("lists the PII-free projection among the physical names of a product with PII", () => {
    expect(product("customers.customers.v2").physical.map((n) => [n.environment, n.projection])).toEqual([
      [
        "dev",
        {
          glueTable: "customers_dev.customers_v2_redacted",
          location: expect.stringMatching(/^s3:\/\/[a-z0-9.-]+\/customers\/customers\/v2-redacted\/$/),
        },
      ],
      [
        "prod",
        {
          glueTable: "customers_prod.customers_v2_redacted",
          location: "s3://acme-mesh-prod-warehouse/customers/customers/v2-redacted/",
        },
      ],
    ]);
    expect(product("orders.orders.v1").physical.every((n) => n.projection === undefined)).toBe(true);
    expect(productHtml(product("customers.customers.v2"), model)).toContain(
      "PII-free projection: <code>customers_prod.customers_v2_redacted</code>",
    );
  });

  it("shows placeholders where no stack tells the environment", async () => {
    const bare = buildCatalog(await loadMesh());
    expect(bare.products.find((p) => p.id === "orders.orders.v1")!.physical).toEqual([
      {
        environment: "<env>",
        topic: "orders.orders.v1",
        deadLetterTopic: "orders.orders.v1.dlq",
        glueTable: "orders_<env>.orders_v1",
        location: "s3://<warehouse>/orders/orders/v1/",
      },
    ]);
  });

  it("reads deployment targets from stack files, the warehouse from their environment's platform settings", () => {
    expect(
      stackTargets(
        [
          { domain: "a", environment: "prod" },
          { domain: "b", environment: "dev" },
        ],
        { prod: { warehouse: { bucket: "w" } } },
      ),
    ).toEqual([
      { domain: "a", environment: "prod", warehouseBucket: "w" },
      { domain: "b", environment: "dev" },
    ]);
  });
});

describe("lineage graphs", () => {
  it("draw the whole mesh as SVG: a node per product linking to its page, an edge per read", () => {
    const svg = meshGraph(model).value;
    expect(svg.match(/<g class="node[^"]*" data-id=/g)).toHaveLength(3);
    expect(svg).toContain(
      '<a href="products/orders.orders.v1.html"><g class="node" data-id="orders.orders.v1"',
    );
    expect(svg.match(/<path d="M[^"]*" data-from=/g)).toHaveLength(2);
    expect(svg).toContain('data-from="customers.customers.v2" data-to="analytics.revenue-by-segment.v2"');
    // Drawn at 1:1: the SVG's pixel size is its viewBox, whatever the size of the mesh.
    const [, w, h, width, height] = /viewBox="0 0 (\d+) (\d+)" width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect([width, height]).toEqual([w, h]);
  });

  it("mark products holding PII, and deprecated, draft and superseded ones, by class and in the label", () => {
    expect(classesOf(product("customers.customers.v2"))).toEqual(["pii"]);
    expect(nodeFacts(product("customers.customers.v2"))).toBe("customers · v2.0.0 · PII");
    expect(classesOf({ ...product("orders.orders.v1"), status: "deprecated" })).toEqual(["deprecated"]);
    expect(classesOf({ ...product("orders.orders.v1"), status: "draft" })).toEqual(["draft"]);
    expect(nodeFacts({ ...product("orders.orders.v1"), supersededBy: "2.0.0" })).toBe(
      "orders · v1.2.0 · superseded",
    );
    expect(meshGraph(model).value).toContain('<g class="node pii" data-id="customers.customers.v2"');
  });

  it("draw a product's neighbourhood: what it reads on the left, what reads it on the right", () => {
    const svg = neighbourhoodGraph(model, product("orders.orders.v1")).value;
    const x = (id: string) =>
      Number(new RegExp(`data-id="${id.replace(/\./g, "\\.")}"[^>]*translate\\((\\d+)`).exec(svg)![1]);
    expect(svg).toContain('<g class="node focus" data-id="orders.orders.v1"');
    expect(x("orders.orders.v1")).toBeLessThan(x("analytics.revenue-by-segment.v2"));
    // customers is two hops away only through a product downstream: not in orders' neighbourhood.
    expect(svg).not.toContain('data-id="customers.customers.v2"');
    const revenue = neighbourhoodGraph(model, product("analytics.revenue-by-segment.v2")).value;
    expect(revenue.match(/data-id=/g)).toHaveLength(3);
    expect(x("orders.orders.v1")).toBe(x("orders.orders.v1"));
  });

  it("gives hostile names safe file names", () => {
    expect(fileSafe("orders.orders.v1")).toBe("orders.orders.v1");
    expect(fileSafe("../../etc/passwd")).toBe("__.._etc_passwd");
    expect(fileSafe('a/b\\c"<d>')).toBe("a_b_c__d_");
  });
});

describe("lineage from what each product's SQL reads", () => {
  it("draws no edge to a product of the consuming domain whose SQL does not read the input", async () => {
    const mesh = await loadMesh();
    const analytics = mesh.domains.find((d) => d.name === "analytics")!;
    const revenue = analytics.dataProducts[0]!;
    const ordersOnly = {
      ...revenue,
      name: "order-counts",
      version: "1.0.0",
      transform: { ...revenue.transform, sql: "SELECT count(*) AS n FROM orders__orders" },
    };
    const domains = mesh.domains.map((d) =>
      d === analytics ? { ...d, dataProducts: [revenue, ordersOnly] } : d,
    );
    const bigger: Mesh = { ...mesh, domains, products: buildProductModels(domains, []) };
    const catalog = buildCatalog(bigger, [], await productReads(bigger));
    expect(catalog.edges.filter((e) => e.to === "analytics.order-counts.v1")).toEqual([
      { from: "orders.orders.v1", to: "analytics.order-counts.v1", major: 1 },
    ]);
    expect(catalog.products.find((p) => p.id === "customers.customers.v2")!.readBy.map((r) => r.id)).toEqual([
      "analytics.revenue-by-segment.v2",
    ]);
    // A CTE named like an input is not a read of it.
    const shadow = {
      ...ordersOnly,
      transform: {
        ...revenue.transform,
        sql: "WITH customers__customers AS (SELECT 1 AS x) SELECT * FROM orders__orders, customers__customers",
      },
    };
    const shadowed = domains.map((d) => (d.name === "analytics" ? { ...d, dataProducts: [shadow] } : d));
    const reads = await productReads({
      ...mesh,
      domains: shadowed,
      products: buildProductModels(shadowed, []),
    });
    expect(reads.get("analytics.order-counts.v1")).toEqual(["orders.orders.v1"]);
  });
});

describe("superseded versions still running for their consumers", () => {
  it("are catalogued, drawn dashed, linked to the current version, and keep the lineage edge to their consumers", async () => {
    const mesh = await loadMesh();
    const customers = mesh.domains.find((d) => d.name === "customers")!;
    const v2 = customers.dataProducts[0]!;
    // customers moved to v3 while analytics still reads v2, kept running from the lock file.
    const bumped = {
      ...mesh,
      domains: mesh.domains.map((d) =>
        d === customers ? { ...d, dataProducts: [{ ...v2, version: "3.0.0" }] } : d,
      ),
      retained: [{ domain: "customers", owner: customers.owner, product: v2 }],
    };
    const catalog = buildCatalog(bumped);
    expect(catalog.domains.find((d) => d.name === "customers")!.products.map((p) => p.id)).toEqual([
      "customers.customers.v3",
      "customers.customers.v2",
    ]);
    const old = catalog.products.find((p) => p.id === "customers.customers.v2")!;
    expect(old.supersededBy).toBe("3.0.0");
    expect(productHtml(old, catalog)).toContain(
      '<p class="superseded">Superseded by version 3.0.0: this version keeps running while domains still consume it.</p>',
    );
    expect(old.consumers.map((c) => c.domain)).toEqual(["analytics"]);
    expect(catalog.products.find((p) => p.id === "customers.customers.v3")!.consumers).toEqual([]);
    expect(catalog.edges).toContainEqual({
      from: "customers.customers.v2",
      to: "analytics.revenue-by-segment.v2",
      major: 2,
    });
    expect(meshGraph(catalog).value).toContain(
      '<g class="node pii deprecated" data-id="customers.customers.v2"',
    );
    // v2 and v3 link to each other.
    expect(old.versions.map((v) => [v.id, v.superseded])).toEqual([["customers.customers.v3", false]]);
    const v3 = catalog.products.find((p) => p.id === "customers.customers.v3")!;
    expect(v3.versions.map((v) => [v.id, v.superseded])).toEqual([["customers.customers.v2", true]]);
    expect(productHtml(v3, catalog)).toContain(
      '<p class="versions">Other versions: <a href="../products/customers.customers.v2.html">v2</a> (2.0.0, superseded) </p>',
    );
  });

  it("of a domain no longer declared get a domain of their own", async () => {
    const mesh = await loadMesh();
    const orders = mesh.domains.find((d) => d.name === "orders")!;
    const catalog = buildCatalog({
      ...mesh,
      retained: [
        { domain: "legacy", owner: orders.owner, product: { ...orders.dataProducts[0]!, name: "old" } },
      ],
    });
    const legacy = catalog.domains.at(-1)!;
    expect(legacy.name).toBe("legacy");
    expect(legacy.products.map((p) => [p.id, p.supersededBy])).toEqual([["legacy.old.v1", ""]]);
  });
});
