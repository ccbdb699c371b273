import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalog } from "../../cli/catalog/model.js";
import { writeSite } from "../../cli/catalog/site.js";
import { catalogCommand } from "../../cli/commands/catalog.js";
import { UsageError } from "../../cli/errors.js";
import { capture } from "../runner/support.js";
import { hostileMesh } from "./fixtures.js";

const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "mesh-catalog-"));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

let site: string;
let output: ReturnType<typeof capture>;
beforeAll(async () => {
  site = join(temp(), "catalog"); // does not exist yet: created
  output = capture();
  expect(await catalogCommand({ root: process.cwd(), out: site }, output)).toBe(0);
});

describe("mesh catalog --out DIR", () => {
  it("writes the index, a page per product, a message schema per product with a topic, and the assets", () => {
    expect(listing(site)).toEqual([
      "assets/catalog.css",
      "assets/catalog.js",
      "assets/search-index.js",
      "fields/analytics.revenue-by-segment.v2.day.html",
      "fields/analytics.revenue-by-segment.v2.order_count.html",
      "fields/analytics.revenue-by-segment.v2.revenue.html",
      "fields/analytics.revenue-by-segment.v2.segment.html",
      "fields/customers.customers.v2.country.html",
      "fields/customers.customers.v2.customer_id.html",
      "fields/customers.customers.v2.email.html",
      "fields/customers.customers.v2.full_name.html",
      "fields/customers.customers.v2.segment.html",
      "fields/customers.customers.v2.signed_up_on.html",
      "fields/orders.orders.v1.amount.html",
      "fields/orders.orders.v1.currency.html",
      "fields/orders.orders.v1.customer_id.html",
      "fields/orders.orders.v1.order_id.html",
      "fields/orders.orders.v1.ordered_at.html",
      "fields/orders.orders.v1.status.html",
      "index.html",
      "lineage.html",
      "products/analytics.revenue-by-segment.v2.html",
      "products/customers.customers.v2.html",
      "products/orders.orders.v1.html",
      // analytics' product ingests nothing (ingestion: false): no topic, so no message schema.
      "schemas/customers.customers.v2.schema.json",
      "schemas/orders.orders.v1.schema.json",
    ]);
    expect(output.stdout[0]).toBe(
      `Wrote the catalog of 3 domains and 3 data products to ${site} (26 files).`,
    );
    const page = readFileSync(join(site, "products/analytics.revenue-by-segment.v2.html"), "utf8");
    expect(page).toContain("No topic: the product is derived only from other products (ingestion: false).");
  });

  it("references its own scripts relatively, nothing from elsewhere", () => {
    const index = readFileSync(join(site, "index.html"), "utf8");
    expect(index).toContain(
      '<script src="assets/search-index.js"></script>\n<script src="assets/catalog.js"></script>',
    );
    expect(readFileSync(join(site, "lineage.html"), "utf8")).toContain(
      '<script src="assets/catalog.js"></script>',
    );
    expect(index).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("shows each domain's owner and products, and each product's contract", () => {
    const index = readFileSync(join(site, "index.html"), "utf8");
    expect(index).toContain('Owned by crm <a href="mailto:crm-team@example.com">');
    expect(index).toContain(
      '<a href="products/customers.customers.v2.html">customers</a> <span class="badge pii"',
    );
    const orders = readFileSync(join(site, "products/orders.orders.v1.html"), "utf8");
    for (const text of [
      "One row per order, at its latest status.",
      "<dt>Freshness SLO</dt><dd>at most 1h old</dd>",
      "<dt>Availability SLO</dt><dd>99.5%</dd>",
      "<code>*/15 * * * *</code> (cron, UTC)",
      "Internal use. Amounts are final only once status is paid or shipped.",
      "<code>orders_prod.orders_v1</code>",
      "<code>s3://acme-mesh-prod-warehouse/orders/orders/v1/</code>",
      "<li>At least 1 row.</li>",
      '<a href="../index.html#domain-analytics">analytics</a> — Revenue reporting',
      '<li><a href="../products/analytics.revenue-by-segment.v2.html">analytics.revenue-by-segment.v2</a></li>',
      '<a href="../schemas/orders.orders.v1.schema.json" download>',
    ])
      expect(orders).toContain(text);
    const schema = JSON.parse(readFileSync(join(site, "schemas/customers.customers.v2.schema.json"), "utf8"));
    expect(schema.$id).toBe("urn:datamesh:customers.customers.v2:2.0.0");
    expect(schema.properties.email["x-pii"]).toBe(true);
  });

  it("replaces the site when run again: stale product pages go, other files stay", async () => {
    const out = temp();
    writeSite(buildCatalog(hostileMesh()), out);
    expect(existsSync(join(out, "products/evil.payload.v3.html"))).toBe(true);
    writeFileSync(join(out, "CNAME"), "catalog.example.com\n"); // a host's file beside the site
    expect(await catalogCommand({ root: process.cwd(), out }, capture())).toBe(0);
    expect(listing(out)).toEqual(["CNAME", ...listing(site)]);
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toContain("payload");
    expect(listing(out).some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("refuses an --out that exists and is not a directory", async () => {
    const file = join(temp(), "site");
    writeFileSync(file, "not a directory");
    await expect(catalogCommand({ root: process.cwd(), out: file }, capture())).rejects.toThrow(
      new UsageError(`--out ${file} exists and is not a directory`),
    );
    expect(readFileSync(file, "utf8")).toBe("not a directory");
  });

  it("refuses a non-empty directory that is not a catalog, touching nothing", async () => {
    const dir = temp();
    mkdirSync(join(dir, "products"));
    writeFileSync(join(dir, "products", "mine.txt"), "keep me");
    writeFileSync(join(dir, "index.html"), "<h1>my site</h1>");
    await expect(catalogCommand({ root: process.cwd(), out: dir }, capture())).rejects.toThrow(UsageError);
    expect(listing(dir)).toEqual(["index.html", "products/mine.txt"]);
  });

  it("reads the project at root, and resolves a relative --out against it", async () => {
    const root = temp();
    cpSync("domains", join(root, "domains"), { recursive: true });
    expect(await catalogCommand({ root, out: "site" }, capture())).toBe(0);
    expect(existsSync(join(root, "site", "index.html"))).toBe(true);
    // No stacks in this project: physical names show placeholders.
    expect(readFileSync(join(root, "site/products/orders.orders.v1.html"), "utf8")).toContain(
      "<code>orders_&lt;env&gt;.orders_v1</code>",
    );
  });

  it("refuses a project without domains", async () => {
    const root = temp();
    mkdirSync(join(root, "domains"));
    await expect(catalogCommand({ root, out: "site" }, capture())).rejects.toThrow(
      new UsageError(`no domain declarations in ${join(root, "domains")}`),
    );
    expect(existsSync(join(root, "site"))).toBe(false);
  });
});
