/**
 * The catalog of a synthetic mesh of a thousand products, in headless Chromium: search finds a
 * product by its name, by a field only it has and by its owner; its page renders; its
 * neighbourhood graph's text is at least 10px on screen; the whole graph zooms and filters by
 * domain. Prints the time to build the site, the index page's weight and its time to first render.
 * Screenshots go to test-results/catalog/.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalog, type CatalogModel } from "../../cli/catalog/model.js";
import { productReads } from "../../cli/catalog/reads.js";
import { writeSite } from "../../cli/catalog/site.js";
import { isServer, launch, screenshot, state, watch } from "./browser.js";
import { type StaticServer, serveDirectory } from "./staticServer.js";
import { domainName, keyField, productName, syntheticMesh, teamOf } from "./syntheticMesh.js";

declare const performance: {
  now(): number;
  getEntriesByType(type: string): { name: string; startTime: number }[];
};
declare const window: { innerHeight: number };
interface Box {
  getScreenCTM(): { a: number } | null;
  getBoundingClientRect(): { height: number };
}
declare function getComputedStyle(e: unknown): { fontSize: string };

/** A product in the middle of the mesh: it reads and is read. */
const D = 57;
const K = 3;
const target = { domain: domainName(D), product: productName(D, K) };

let browser: Browser;
let site: string;
let server: StaticServer;
let model: CatalogModel;

beforeAll(async () => {
  const started = performance.now();
  const mesh = syntheticMesh(100, 10);
  const generated = performance.now();
  model = buildCatalog(mesh, [], await productReads(mesh));
  site = mkdtempSync(join(tmpdir(), "mesh-catalog-scale-"));
  const files = writeSite(model, site);
  const built = performance.now();
  console.log(
    `catalog of ${model.products.length} products, ${model.edges.length} edges: ${files.length} files; ` +
      `mesh generated in ${Math.round(generated - started)} ms, catalog built and written in ${Math.round(built - generated)} ms`,
  );
  server = await serveDirectory(site);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** Types into the search box and returns the results' link texts. */
async function search(page: Page, query: string): Promise<string[]> {
  await page.fill("#search-input", query);
  await page.waitForFunction((q) => {
    const d = document as unknown as { querySelector(s: string): { value: string } | null };
    return d.querySelector("#search-input")?.value === q;
  }, query);
  return page.locator("#search-results li a").allTextContents();
}
declare const document: unknown;

describe("a catalog of 1,000 products in headless Chromium", () => {
  it("opens the index fast, with its weight and time to first render printed", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    const started = Date.now();
    await page.goto(`${server.url}index.html`);
    expect(await state(page, "search")).toBe("ready");
    const ready = Date.now() - started;
    const paint = await page.evaluate(
      () => performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime,
    );
    const bytes = (path: string) => statSync(join(site, path)).size;
    const weight = ["index.html", "assets/catalog.css", "assets/catalog.js", "assets/search-index.js"].map(
      (p) => [p, bytes(p)] as const,
    );
    const total = weight.reduce((sum, [, b]) => sum + b, 0);
    console.log(
      `index page weight ${(total / 1024).toFixed(0)} KiB (${weight.map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KiB`).join(", ")}); ` +
        `first contentful paint ${Math.round(paint ?? -1)} ms, search ready ${ready} ms; ` +
        `lineage.html ${(bytes("lineage.html") / 1024).toFixed(0)} KiB`,
    );
    expect(paint).toBeGreaterThan(0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
    await screenshot(page, "scale-index.png");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("finds a product by name, by a field only it has, and by its owner; its page renders", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    await page.goto(`${server.url}index.html`);
    expect(await state(page, "search")).toBe("ready");
    const label = `${target.domain}/${target.product} v1.${K}.0`;
    expect((await search(page, target.product))[0]).toBe(label);
    expect(await search(page, keyField(D, K))).toEqual([label]);
    const byOwner = await search(page, teamOf(D));
    expect(byOwner).toHaveLength(10);
    expect(byOwner).toContain(label);
    // Narrowed to another domain, the owner's products are gone.
    await page.selectOption("#domain-filter", domainName(D + 1));
    expect(await search(page, `${teamOf(D)} `)).toEqual([]);
    await page.selectOption("#domain-filter", "");
    expect((await search(page, target.product))[0]).toBe(label);
    await screenshot(page, "scale-search.png");
    // Enter opens the best match.
    await page.press("#search-input", "Enter");
    await page.waitForURL(new RegExp(`products/${target.domain}\\.${target.product}\\.v1\\.html$`));
    expect(await page.locator("h1").textContent()).toBe(`${target.domain}/${target.product} v1.${K}.0`);
    expect(await page.locator("table.schema tbody tr").count()).toBe(5);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the product's neighbourhood legibly: text at least 10px on screen", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    const product = model.products.find((p) => p.domain === target.domain && p.product === target.product)!;
    expect(product.inputs.length + product.readBy.length).toBeGreaterThan(0);
    await page.goto(`${server.url}${product.page}`);
    const graph = page.locator("svg.lineage");
    expect(await graph.locator("g.node.focus").count()).toBe(1);
    const texts = graph.locator("text");
    expect(await texts.count()).toBeGreaterThan(2);
    // Rendered size: font size times the SVG's scale on screen, for every label.
    const sizes = await texts.evaluateAll((all) =>
      all.map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * ((t as Box).getScreenCTM()?.a ?? 0)),
    );
    console.log(
      `neighbourhood of ${product.id}: ${await graph.locator("g.node").count()} nodes, text ${Math.min(...sizes)}–${Math.max(...sizes)} px`,
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    await graph.scrollIntoViewIfNeeded();
    await screenshot(page, "scale-product.png");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("zooms and pans the whole graph, and filters it by domain", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    const started = Date.now();
    await page.goto(`${server.url}lineage.html`);
    expect(await state(page, "lineage")).toBe("ready");
    console.log(`lineage.html of ${model.products.length} products ready in ${Date.now() - started} ms`);
    const svg = page.locator("#mesh-graph svg");
    expect(await svg.locator("g.node[data-id]").count()).toBe(model.products.length);
    const viewBox = async () => (await svg.getAttribute("viewBox"))!.split(" ").map(Number);
    const [, , w0] = await viewBox();
    await page.mouse.move(600, 500);
    await page.mouse.wheel(0, 500);
    await expect.poll(async () => (await viewBox())[2]).toBeGreaterThan(w0!);
    const [x1] = await viewBox();
    await page.mouse.down();
    await page.mouse.move(400, 400, { steps: 5 });
    await page.mouse.up();
    expect((await viewBox())[0]).not.toBe(x1);
    await page.selectOption("#graph-domain", target.domain);
    const own = svg.locator(`g.node[data-domain="${target.domain}"]`);
    expect(await own.count()).toBe(10);
    expect(await svg.locator(`g.node.dim[data-domain="${target.domain}"]`).count()).toBe(0);
    expect(await svg.locator("g.node.dim").count()).toBeGreaterThan(900);
    await screenshot(page, "scale-lineage-domain.png");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("writes the same site from the same mesh", () => {
    const again = mkdtempSync(join(tmpdir(), "mesh-catalog-scale-again-"));
    try {
      writeSite(model, again);
      for (const path of ["index.html", "lineage.html", "assets/search-index.js", model.products[500]!.page])
        expect(readFileSync(join(again, path), "utf8")).toBe(readFileSync(join(site, path), "utf8"));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
