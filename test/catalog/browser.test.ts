/**
 * The generated catalog in a real headless Chromium: the lineage graph renders with the bundled
 * mermaid under the page's Content-Security-Policy, with no request leaving the machine, served
 * over HTTP as a static host would and opened from file:// as a reader would.
 *
 * Chromium must be at /usr/bin/chromium (Debian's `chromium` package; `npm test` installs it first
 * when it can, see test/support/chromium.ts). Without it this test fails rather than skips: a catalog
 * nobody saw render is not tested.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalog } from "../../cli/catalog/model.js";
import { writeSite } from "../../cli/catalog/site.js";
import { catalogCommand } from "../../cli/commands/catalog.js";
import { CHROMIUM } from "../support/chromium.js";
import { PAYLOADS, unvalidatedHostileMesh } from "./fixtures.js";
import { type StaticServer, serveDirectory } from "./staticServer.js";

// The browser globals used in page callbacks (the project's tsconfig has no DOM lib).
declare const document: { documentElement: { hasAttribute(name: string): boolean } };
declare const window: { alert: () => void; __pwned?: string };
declare function getComputedStyle(e: unknown): { fill: string; backgroundColor: string };

const SCREENSHOT = fileURLToPath(new URL("../../test-results/catalog.png", import.meta.url));
const silent = { out: () => {}, err: () => {} };

/** Everything a page does wrong: console errors, script errors, failed or off-site requests. */
function watch(page: Page, isLocal: (url: URL) => boolean): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && !isLocal(url)) problems.push(`off-site request: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

const isServer = (url: URL) => url.protocol === "http:" && url.hostname === "127.0.0.1";

/** Waits for catalog.js to report the graph, and returns what it reported. */
async function lineageState(page: Page): Promise<string | null> {
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-lineage"), null, {
    timeout: 30_000,
  });
  return page.getAttribute("html", "data-lineage");
}

const MISSING_CHROMIUM =
  `Chromium is not installed at ${CHROMIUM}: the catalog's browser test needs it ` +
  "(Debian: apt-get install -y chromium; `npm test` installs it when run as root). Not skipping.";

// Outside the suite, so that a missing browser is one clear failure, not only a failed hook.
it("finds Chromium", () => {
  expect(existsSync(CHROMIUM), MISSING_CHROMIUM).toBe(true);
});

describe("catalog in headless Chromium", () => {
  let browser: Browser;
  let site: string;
  let server: StaticServer;
  let hostile: string | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(MISSING_CHROMIUM);
    }
    site = mkdtempSync(join(tmpdir(), "mesh-catalog-browser-"));
    expect(await catalogCommand({ root: process.cwd(), out: site }, silent)).toBe(0);
    server = await serveDirectory(site);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // The machine has no network: nothing may try to reach it.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const dir of [site, hostile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("renders the mesh's lineage graph with the bundled mermaid, offline", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    await page.goto(`${server.url}index.html`);
    expect(await lineageState(page)).toBe("rendered");

    const svg = page.locator("#lineage-graph svg");
    await expect.poll(() => svg.count()).toBe(1);
    const nodes = svg.locator("g.node");
    expect(await nodes.count()).toBe(3);
    const nodeText = (await nodes.allTextContents()).join(" | ");
    for (const product of ["orders", "customers", "revenue-by-segment"]) expect(nodeText).toContain(product);
    // One subgraph per domain, titled with the domain and its team.
    const clusters = (await svg.locator("g.cluster").allTextContents()).join(" | ");
    for (const d of ["analytics (insights)", "customers (crm)", "orders (checkout)"])
      expect(clusters).toContain(d);
    // Two edges into revenue-by-segment, labelled with the major version read.
    expect(await svg.locator("path.flowchart-link").count()).toBe(2);
    const edgeLabels = (await svg.locator("g.edgeLabel").allTextContents()).map((t) => t.trim()).sort();
    expect(edgeLabels).toEqual(["v1", "v2"]);
    // PII is visible: the customers node is classed and labelled so, and drawn in red.
    const customers = svg.locator("g.node.pii");
    expect(await customers.count()).toBe(1);
    expect(await customers.textContent()).toMatch(/customers.*v2\.0\.0 · PII/);
    const fill = await customers
      .locator("rect, path, polygon")
      .first()
      .evaluate((e) => getComputedStyle(e).fill);
    expect(fill).toBe("rgb(253, 236, 234)");
    // Each node links to its product's page.
    const link = svg.locator("a.node-link", { has: page.locator("g.node.pii") });
    expect(await link.getAttribute("href")).toBe("products/customers.customers.v2.html");

    mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await link.click();
    await page.waitForURL(/products\/customers\.customers\.v2\.html$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a product page, PII marked on email, readable without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watch(page, isServer);
    await page.goto(`${server.url}products/customers.customers.v2.html`);
    const row = (field: string) =>
      page.locator("table.schema tbody tr", { has: page.locator(`code:text-is("${field}")`) });
    expect(await row("email").getAttribute("class")).toBe("pii");
    expect(await row("email").locator(".badge.pii").textContent()).toBe("PII");
    expect(await row("full_name").locator(".badge.pii").count()).toBe(1);
    expect(await row("customer_id").locator(".badge.pii").count()).toBe(0);
    // Styled by the bundled stylesheet: the PII badge is white on red.
    expect(
      await row("email")
        .locator(".badge.pii")
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe("rgb(179, 38, 30)");
    expect(await page.locator("h1").textContent()).toBe("customers/customers v2.0.0");
    expect(await page.locator("table.physical tbody tr").count()).toBe(2); // dev and prod stacks
    const schema = await page.request.get(`${server.url}schemas/customers.customers.v2.schema.json`);
    expect((await schema.json()).properties.email["x-pii"]).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("renders the graph from file:// as well, with no server", async () => {
    const page = await browser.newPage();
    const problems = watch(page, (url) => url.protocol === "file:");
    await page.goto(pathToFileURL(join(site, "index.html")).href);
    expect(await lineageState(page)).toBe("rendered");
    expect(await page.locator("#lineage-graph svg g.node").count()).toBe(3);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("keeps hostile names and text inert: no element, script or request comes from a declaration", async () => {
    hostile = mkdtempSync(join(tmpdir(), "mesh-catalog-hostile-"));
    const model = buildCatalog(unvalidatedHostileMesh());
    writeSite(model, hostile);
    const page = await browser.newPage();
    const problems = watch(page, (url) => url.protocol === "file:");
    await page.addInitScript(() => {
      window.alert = () => {
        window.__pwned = "alert";
      };
    });
    for (const path of ["index.html", model.products[0]!.page]) {
      await page.goto(pathToFileURL(join(hostile, path)).href);
      if (path === "index.html") {
        expect(await lineageState(page)).toBe("rendered");
        // mermaid shows the names as text too.
        const labels = (await page.locator("#lineage-graph svg g.node").allTextContents()).join(" | ");
        expect(labels).toContain(`../p"ay]load<img src=x onerror=alert(1)>`);
      }
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(await page.locator("img, b, i, script:not([src])").count()).toBe(0);
      expect(await page.locator("[onerror], [onmouseover]").count()).toBe(0);
    }
    // The payloads are shown as the text they are.
    const text = await page.locator("main").innerText();
    expect(text).toContain(PAYLOADS.img);
    expect(text).toContain(PAYLOADS.attribute);
    expect(problems).toEqual([]);
    await page.close();
  });
});
