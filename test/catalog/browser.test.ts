/**
 * The generated catalog in a real headless Chromium: search, the lineage graphs and their zoom work
 * under the page's Content-Security-Policy, with no request leaving the machine, served over HTTP
 * as a static host would and opened from file:// as a reader would. The thousand-product mesh is
 * in scale.browser.test.ts.
 *
 * Chromium must be at /usr/bin/chromium (Debian's `chromium` package; `npm test` installs it first
 * when it can, see test/support/chromium.ts). Without it this test fails rather than skips: a catalog
 * nobody saw render is not tested.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalog } from "../../cli/catalog/model.js";
import { writeSite } from "../../cli/catalog/site.js";
import { catalogCommand } from "../../cli/commands/catalog.js";
import { CHROMIUM } from "../support/chromium.js";
import { isServer, launch, MISSING_CHROMIUM, screenshot, state, watch } from "./browser.js";
import { PAYLOADS, unvalidatedHostileMesh } from "./fixtures.js";
import { type StaticServer, serveDirectory } from "./staticServer.js";

// The browser globals used in page callbacks (the project's tsconfig has no DOM lib).
declare const window: { alert: () => void; __pwned?: string };
declare function getComputedStyle(e: unknown): { fill: string; backgroundColor: string };

const silent = { out: () => {}, err: () => {} };

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
    site = mkdtempSync(join(tmpdir(), "mesh-catalog-browser-"));
    expect(await catalogCommand({ root: process.cwd(), out: site }, silent)).toBe(0);
    server = await serveDirectory(site);
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const dir of [site, hostile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("draws the mesh's lineage graph, zooms it, and links its nodes, offline", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    await page.goto(`${server.url}lineage.html`);
    expect(await state(page, "lineage")).toBe("ready");

    const svg = page.locator("#mesh-graph svg");
    const nodes = svg.locator("g.node");
    expect(await nodes.count()).toBe(3);
    const nodeText = (await nodes.allTextContents()).join(" | ");
    for (const product of ["orders", "customers", "revenue-by-segment"]) expect(nodeText).toContain(product);
    // Two edges into revenue-by-segment: the two inputs its SQL reads.
    expect(await svg.locator("g.edges path").count()).toBe(2);
    // PII is visible: the customers node is classed and labelled so, and drawn in red.
    const customers = svg.locator("g.node.pii");
    expect(await customers.count()).toBe(1);
    expect(await customers.textContent()).toMatch(/customers · v2\.0\.0 · PII/);
    expect(await customers.locator("rect").evaluate((e) => getComputedStyle(e).fill)).toBe(
      "rgb(253, 236, 234)",
    );
    // Zoom: the wheel changes the viewBox.
    const before = await svg.getAttribute("viewBox");
    await page.mouse.move(300, 400);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => svg.getAttribute("viewBox")).not.toBe(before);
    await page.click("#zoom-fit");
    await screenshot(page, "example-lineage.png");
    // Each node links to its product's page.
    const link = svg.locator("a", { has: page.locator("g.node.pii") });
    expect(await link.getAttribute("href")).toBe("products/customers.customers.v2.html");
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
    expect(await page.locator("table.physical").innerText()).toContain(
      "PII-free projection: customers_prod.customers_v2_redacted",
    );
    // The neighbourhood graph needs no script: it is in the page.
    expect(await page.locator("svg.lineage g.node").count()).toBe(2);
    const schema = await page.request.get(`${server.url}schemas/customers.customers.v2.schema.json`);
    expect((await schema.json()).properties.email["x-pii"]).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("searches and draws the graph from file:// as well, with no server", async () => {
    const page = await browser.newPage();
    const problems = watch(page, (url) => url.protocol === "file:");
    await page.goto(`${pathToFileURL(join(site, "index.html")).href}?q=email`);
    expect(await state(page, "search")).toBe("ready");
    expect(await page.locator("#search-results li a").allTextContents()).toEqual([
      "customers/customers v2.0.0",
    ]);
    await page.goto(pathToFileURL(join(site, "lineage.html")).href);
    expect(await state(page, "lineage")).toBe("ready");
    expect(await page.locator("#mesh-graph svg g.node").count()).toBe(3);
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
    const url = (path: string) => pathToFileURL(join(hostile!, path)).href;
    for (const target of [
      url("lineage.html"),
      `${url("index.html")}?q=onerror`,
      url(model.products[0]!.page),
    ]) {
      await page.goto(target);
      if (target.endsWith("lineage.html")) {
        expect(await state(page, "lineage")).toBe("ready");
        // The graph shows the names as text (in full in each node's tooltip).
        const labels = (await page.locator("#mesh-graph svg g.node title").allTextContents()).join(" | ");
        expect(labels).toContain(`../p"ay]load<img src=x onerror=alert(1)>`);
      } else if (target.endsWith("?q=onerror")) {
        expect(await state(page, "search")).toBe("ready");
        expect(await page.locator("#search-results").innerText()).toContain(PAYLOADS.img);
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
