import { beforeAll, describe, expect, it } from "vitest";
import { lineageDiagram, mermaidId, mermaidText } from "../../cli/catalog/lineage.js";
import { buildCatalog, type CatalogModel, fileSafe, stackTargets } from "../../cli/catalog/model.js";
import { productHtml } from "../../cli/catalog/pages.js";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";
import { loadMesh } from "../../program/loadMesh.js";
import { readPlatformFile } from "../../program/platformFile.js";

let model: CatalogModel;
beforeAll(async () => {
  model = buildCatalog(
    await loadMesh(),
    stackTargets(stackFilePaths("stacks").map(readStackFile), readPlatformFile(".").environments),
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
      ["analytics.revenue-by-segment.v1", "1.0.0", "active", "internal", "2h"],
      ["customers.customers.v2", "2.0.0", "active", "confidential", "1d"],
      ["orders.orders.v1", "1.2.0", "active", "internal", "1h"],
    ]);
  });

  it("has an edge from each consumed product to the consuming domain's products, by major", () => {
    expect(model.edges).toEqual([
      { from: "orders.orders.v1", to: "analytics.revenue-by-segment.v1", major: 1 },
      { from: "customers.customers.v2", to: "analytics.revenue-by-segment.v1", major: 2 },
    ]);
  });

  it("knows who consumes a product and why, and what a product is built from", () => {
    expect(product("customers.customers.v2").consumers).toEqual([
      { domain: "analytics", purpose: "Segment attribution" },
    ]);
    expect(product("orders.orders.v1").consumers).toEqual([
      { domain: "analytics", purpose: "Revenue reporting" },
    ]);
    expect(product("analytics.revenue-by-segment.v1").consumers).toEqual([]);
    expect(product("analytics.revenue-by-segment.v1").inputs).toEqual([
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
    const page = productHtml(customers);
    expect(page).toContain(
      "<dt>May consume</dt><dd>analytics (listed by the producer in access.consumers; no other domain may consume it)</dd>",
    );
    expect(page).toContain("<dt>Consumed by</dt><dd>analytics</dd>");
    expect(productHtml(product("orders.orders.v1"))).toContain(
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
    const revenue = product("analytics.revenue-by-segment.v1");
    expect(revenue.messageSchema).toBeUndefined();
    for (const names of revenue.physical) {
      expect(names.topic).toBeUndefined();
      expect(names.deadLetterTopic).toBeUndefined();
      expect(names.glueTable).toMatch(/^analytics_[a-z]+\.revenue_by_segment_v1$/);
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
    expect(product("analytics.revenue-by-segment.v1").physical[1]?.glueTable).toBe(
      "analytics_prod.revenue_by_segment_v1",
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

describe("lineage diagram", () => {
  it("is a mermaid flowchart: a subgraph per domain, a node per product, edges labelled by major", () => {
    const text = lineageDiagram(model);
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    expect(text).toContain('subgraph d_orders["orders (checkout)"]');
    expect(text).toContain('subgraph d_customers["customers (crm)"]');
    expect(text).toContain('subgraph d_analytics["analytics (insights)"]');
    const orders = mermaidId("p", "orders.orders.v1");
    const customers = mermaidId("p", "customers.customers.v2");
    const revenue = mermaidId("p", "analytics.revenue-by-segment.v1");
    expect(text).toContain(`${orders}["orders<br/>v1.2.0"]`);
    expect(text).toContain(`${revenue}["revenue-by-segment<br/>v1.0.0"]`);
    expect(text).toContain(`${orders} -->|"v1"| ${revenue}`);
    expect(text).toContain(`${customers} -->|"v2"| ${revenue}`);
    expect(text.match(/-->/g)).toHaveLength(2);
  });

  it("marks products holding PII, in the label and by class", () => {
    const text = lineageDiagram(model);
    const customers = mermaidId("p", "customers.customers.v2");
    expect(text).toContain(`${customers}["customers<br/>v2.0.0 #183; PII"]`);
    expect(text).toMatch(/classDef pii fill:#fdecea/);
    expect(text).toContain(`class ${customers} pii\n`);
    expect(text).not.toContain(`class ${mermaidId("p", "orders.orders.v1")}`);
  });

  it("marks deprecated and draft products", () => {
    const [analytics, customers, orders] = model.domains;
    const deprecated = { ...orders!.products[0]!, status: "deprecated" };
    const draft = { ...analytics!.products[0]!, status: "draft" };
    const text = lineageDiagram({
      ...model,
      domains: [{ ...analytics!, products: [draft] }, customers!, { ...orders!, products: [deprecated] }],
      products: [draft, customers!.products[0]!, deprecated],
    });
    expect(text).toContain(`class ${mermaidId("p", "orders.orders.v1")} deprecated`);
    expect(text).toContain(`${mermaidId("p", "orders.orders.v1")}["orders<br/>v1.2.0 #183; deprecated"]`);
    expect(text).toContain(`class ${mermaidId("p", "analytics.revenue-by-segment.v1")} draft`);
  });

  it("cannot be broken out of: ids are word characters, label text is entity-coded", () => {
    expect(mermaidId("p", 'a.b"] --> x[<script>')).toMatch(/^p_[A-Za-z0-9_]+$/);
    // Distinct names stay distinct ids.
    expect(mermaidId("p", "a.b")).not.toBe(mermaidId("p", "a-b"));
    const label = mermaidText('x"] --> evil["<b>owned</b>|;#');
    // Once its entities are taken out, only harmless characters are left.
    expect(label.replace(/#\d+;/g, "")).toMatch(/^[A-Za-z0-9 .,:/()@+_-]*$/);
    expect(label).toBe("x#34;#93; --#62; evil#91;#34;#60;b#62;owned#60;/b#62;#124;#59;#35;");
  });

  it("gives hostile names safe file names", () => {
    expect(fileSafe("orders.orders.v1")).toBe("orders.orders.v1");
    expect(fileSafe("../../etc/passwd")).toBe("__.._etc_passwd");
    expect(fileSafe('a/b\\c"<d>')).toBe("a_b_c__d_");
  });
});

describe("superseded versions still running for their consumers", () => {
  it("are catalogued, drawn dashed, and keep the lineage edge to their consumers", async () => {
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
    expect(productHtml(old)).toContain(
      '<p class="superseded">Superseded by version 3.0.0: this version keeps running while domains still consume it.</p>',
    );
    expect(old.consumers.map((c) => c.domain)).toEqual(["analytics"]);
    expect(catalog.products.find((p) => p.id === "customers.customers.v3")!.consumers).toEqual([]);
    expect(catalog.edges).toContainEqual({
      from: "customers.customers.v2",
      to: "analytics.revenue-by-segment.v1",
      major: 2,
    });
    const text = lineageDiagram(catalog);
    const node = mermaidId("p", "customers.customers.v2");
    expect(text).toContain(`${node}["customers<br/>v2.0.0 #183; PII #183; superseded"]`);
    expect(text).toMatch(new RegExp(`class [^\\n]*${node}[^\\n]* deprecated`));
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
