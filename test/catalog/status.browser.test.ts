/**
 * A product page's status in a real headless Chromium: the run charts are drawn (inline SVG, no
 * script, no CDN), one visible bar per run with a readable title, the failed run in red, the
 * attainment and the table of runs beside them — and the page asks nothing of any other host.
 * Chromium as in browser.test.ts: without it this fails rather than skips.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogCommand } from "../../cli/commands/catalog.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { hourly, NOW } from "../history/runs.js";
import { isServer, launch, screenshot, watch } from "./browser.js";
import { type StaticServer, serveDirectory } from "./staticServer.js";

declare function getComputedStyle(e: unknown): { fill: string };

const silent = { out: () => {}, err: () => {} };

/** Orders ran every hour for a day; the run 5 hours ago failed; quarantine grows towards the end. */
const HISTORY: readonly RunRecord[] = hourly(24).map(
  (r, i): RunRecord => ({
    ...r,
    product: "orders.orders.v1",
    version: "1.2.0",
    rowsIn: 1000,
    rowsOut: i === 18 ? 0 : 1000 - i,
    quarantined: i === 18 ? {} : { "required:customer_id": i },
    ...(i === 18 ? { outcome: "failed" as const, error: "contract broken: rowCount" } : {}),
  }),
);

describe("a product's status in headless Chromium", () => {
  let browser: Browser;
  let runs: string;
  let site: string;
  let server: StaticServer;

  beforeAll(async () => {
    runs = mkdtempSync(join(tmpdir(), "mesh-status-runs-"));
    mkdirSync(join(runs, "warehouse"));
    writeFileSync(join(runs, "warehouse", "mesh.duckdb"), "");
    site = join(runs, "site");
    const code = await catalogCommand(
      { root: process.cwd(), out: site, history: runs, now: NOW },
      silent,
      async () => [...HISTORY],
    );
    expect(code).toBe(0);
    server = await serveDirectory(site);
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (runs) rmSync(runs, { recursive: true, force: true });
  });

  it("draws a visible, titled bar per run in each chart, with the attainment and the runs' table", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watch(page, isServer);
    await page.goto(`${server.url}products/orders.orders.v1.html`);
    for (const chart of ["rows-out", "quarantined"]) {
      const svg = page.locator(`svg.run-chart.${chart}`);
      expect(await svg.isVisible()).toBe(true);
      const bars = svg.locator("rect.bar");
      expect(await bars.count()).toBe(20);
      for (const i of [0, 19]) {
        const box = await bars.nth(i).boundingBox();
        expect(box!.width).toBeGreaterThan(5);
        expect(box!.height).toBeGreaterThanOrEqual(1);
      }
      // Bars run oldest to newest, left to right.
      expect((await bars.nth(0).boundingBox())!.x).toBeLessThan((await bars.nth(19).boundingBox())!.x);
    }
    const quarantined = page.locator("svg.run-chart.quarantined rect.bar");
    expect(await quarantined.nth(19).locator("title").textContent()).toBe(
      `2026-11-30 12:00:00 UTC (succeeded, ${HISTORY[23]!.runId}): 23 records quarantined`,
    );
    // The failed run (5 hours ago: the 15th of the last 20) is drawn in red in both charts.
    const failed = page.locator("svg.run-chart.rows-out rect.bar.failed");
    expect(await failed.count()).toBe(1);
    expect(await failed.locator("title").textContent()).toMatch(
      /^2026-11-30 07:00:00 UTC \(failed, run-\d+\): 0 rows out$/,
    );
    expect(await failed.evaluate((e) => getComputedStyle(e).fill)).toBe("rgb(179, 38, 30)");
    // The figures around the charts.
    const status = page.locator("dl.status");
    expect(await status.innerText()).toContain("succeeded: 1,000 read, 977 out, 23 quarantined");
    expect(await status.innerText()).toContain("rising");
    const attainment = await page.locator("table.attainment").innerText();
    expect(attainment).toMatch(/Availability\s+95\.83 % missed \(24 runs\)/);
    expect(await page.locator("table.runs tbody tr").count()).toBe(20);
    await page.locator("#status").evaluate((e) => e.scrollIntoView());
    await screenshot(page, "example-status.png");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("links each product's last run from the index, and says no runs yet for a product without any", async () => {
    const page = await browser.newPage();
    const problems = watch(page, isServer);
    await page.goto(`${server.url}index.html`);
    const lastRuns = page.locator("table.products a.last-run");
    expect(await lastRuns.allTextContents()).toEqual(["succeeded"]);
    await lastRuns.click();
    await page.waitForURL(/products\/orders\.orders\.v1\.html#status$/);
    await page.goto(`${server.url}products/customers.customers.v2.html`);
    expect(await page.locator("#status + p").innerText()).toBe("No runs yet, as of 2026-11-30 12:00:00 UTC.");
    expect(await page.locator("svg.run-chart").count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
