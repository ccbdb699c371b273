/**
 * A product page's status section, from a run history: the last run, SLO attainment, failing checks,
 * the quarantine trend and the run charts as inline SVG (one bar per run, a title per bar), with the
 * figures also as a table; without a history, a page that says so. Rendered in Chromium in
 * status.browser.test.ts.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCatalog, type CatalogModel } from "../../cli/catalog/model.js";
import { indexHtml, productHtml } from "../../cli/catalog/pages.js";
import { barTitle, QUARANTINED, ROWS_OUT } from "../../cli/catalog/runChart.js";
import { catalogHistory } from "../../cli/catalog/statusSection.js";
import { main } from "../../cli/mesh.js";
import { measurableRuns } from "../../components/history/attainment.js";
import { quarantineTrend } from "../../components/history/quarantineTrend.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { loadMesh } from "../../program/loadMesh.js";
import { HOUR, hourly, NOW, run } from "../history/runs.js";
import { capture } from "../runner/support.js";
import { PAYLOADS } from "./fixtures.js";

let model: CatalogModel;
beforeAll(async () => {
  model = buildCatalog(await loadMesh({}, join(process.cwd(), "domains")));
});

const ORDERS = "orders.orders.v1";
const page = (m: CatalogModel, id = ORDERS) => productHtml(m.products.find((p) => p.id === id)!, m);
const withHistory = (records: readonly RunRecord[]) => ({
  ...model,
  history: catalogHistory(model, records, NOW),
});
const orders = (records: RunRecord[]) => records.map((r) => ({ ...r, product: ORDERS }));
const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe("a product page's status", () => {
  it("says there is no run history when the catalog was built without one", () => {
    const html = page(model);
    expect(html).toContain('<h2 id="status">Status</h2>');
    expect(html).toContain("No run history: the catalog was built without one");
    expect(html).not.toContain('<svg class="run-chart');
  });

  it("says no runs yet for a product the history has no run of", () => {
    const html = page(withHistory(orders(hourly(3))), "customers.customers.v2");
    expect(html).toContain("No runs yet, as of 2026-11-30 12:00:00 UTC.");
    expect(html).not.toContain("run-chart");
  });

  it("shows the last run, the attainment against the targets, and a bar per run in each chart", () => {
    const records = orders(hourly(25));
    records[3] = { ...records[3]!, outcome: "failed" };
    records[24] = { ...records[24]!, quarantined: { invalid: 7 }, rowsOut: 93 };
    const html = page(withHistory(records));
    expect(html).toContain("As of 2026-11-30 12:00:00 UTC, from 25 recorded runs.");
    expect(html).toContain("2026-11-30 12:00:00 UTC succeeded: 100 read, 93 out, 7 quarantined");
    expect(html).toMatch(
      /<th scope="row">Availability<\/th><td>96\.00 % <span class="badge missed">missed<\/span>/,
    );
    expect(html).toContain("99.5 % of the time within 1h");
    // Twenty bars a chart (the latest runs), each titled, the failed run marked.
    const charts = [...html.matchAll(/<svg class="run-chart [^"]*"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(charts).toHaveLength(2);
    for (const chart of charts) {
      expect(count(chart, /<rect class="bar /g)).toBe(20);
      expect(count(chart, /<rect class="bar failed/g)).toBe(0); // the failed run is older than the last 20
    }
    const points = quarantineTrend(measurableRuns(records, NOW.getTime())).runs;
    expect(charts[0]).toContain(`<title>${barTitle(points[19]!, ROWS_OUT)}</title>`);
    expect(barTitle(points[19]!, QUARANTINED)).toBe(
      `2026-11-30 12:00:00 UTC (succeeded, ${records[24]!.runId}): 7 records quarantined`,
    );
    expect(charts[1]).toContain(`<title>${barTitle(points[19]!, QUARANTINED)}</title>`);
    // The same figures as a table, newest first.
    expect(count(html, /<tr class="(succeeded|failed)">/g)).toBe(20);
  });

  it("marks a failed run's bar and draws a hairline for a zero, so every run has a bar", () => {
    const html = page(withHistory(orders([run(2 * HOUR), run(HOUR, { outcome: "failed", rowsOut: 0 })])));
    const [rowsOut, quarantined] = [...html.matchAll(/<svg class="run-chart [^"]*"[\s\S]*?<\/svg>/g)].map(
      (m) => m[0],
    );
    expect(rowsOut).toMatch(/<rect class="bar failed zero" x="[\d.]+" y="113" width="[\d.]+" height="1">/);
    expect(rowsOut).toMatch(/<rect class="bar succeeded" x="[\d.]+" y="8" width="[\d.]+" height="106">/);
    // Nothing quarantined at all: every bar a hairline, the scale 0.
    expect(count(quarantined!, /class="bar [a-z]+ zero"/g)).toBe(2);
  });

  it("keeps a run's text from the history as text", () => {
    const hostile = run(HOUR, {
      runId: PAYLOADS.attribute,
      outcome: "failed",
      error: PAYLOADS.img,
      checks: [{ rule: PAYLOADS.script, passed: false, expected: PAYLOADS.img }],
      quarantined: { [PAYLOADS.img]: 1 },
    });
    const html = page(withHistory(orders([hostile])));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>");
    // Inside the tags (attribute values blanked: a quote in data is &quot;), no event handler.
    const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
    expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    expect(html).toContain("&lt;img src=x onerror=&quot;window.__pwned=&#39;img&#39;&quot;&gt;");
  });
});

describe("a failed run's error on the catalog, which every domain reads", () => {
  it("shows the kind of error, never its text, which may quote the data", () => {
    const failed = run(HOUR, {
      outcome: "failed",
      error: "Conversion Error: Could not convert string 'alice@example.com' to INT32",
    });
    const html = page(withHistory(orders([failed])));
    expect(html).not.toContain("alice@example.com");
    expect(html).toContain("failed: ");
    expect(html).toContain("Conversion Error (its message is withheld outside the owning domain");
  });
});

describe("the index with a run history", () => {
  it("gives each product a last-run cell linked to its status, and no such column without a history", () => {
    const html = indexHtml(withHistory(orders([run(2 * HOUR), run(HOUR, { outcome: "failed" })])));
    expect(count(html, /<th>Last run<\/th>/g)).toBe(model.domains.length);
    expect(html).toContain(
      '<td><a class="last-run failed" href="products/orders.orders.v1.html#status">failed</a> <span class="hint">2026-11-30 11:00:00 UTC</span></td>',
    );
    expect(count(html, /<td class="none">no runs yet<\/td>/g)).toBe(model.products.length - 1);
    expect(indexHtml(model)).not.toContain("Last run");
  });
});

describe("mesh catalog --history", () => {
  it("refuses a folder no run wrote a warehouse in (exit 2), before writing anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-catalog-history-"));
    const io = capture();
    expect(await main(["catalog", "--out", join(dir, "site"), "--history", join(dir, "runs")], io)).toBe(2);
    expect(io.stderr[0]).toBe(
      `error: --history ${join(dir, "runs")}: no warehouse at ${join(dir, "runs", "warehouse", "mesh.duckdb")}; give the folder \`mesh run --out\` wrote (default .mesh)`,
    );
    expect(io.stdout).toEqual([]);
    expect(existsSync(join(dir, "site"))).toBe(false);
  });
});
