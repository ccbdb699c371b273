/**
 * `mesh status`: per product version its last run, SLO attainment, failing checks and quarantine
 * trend, as a table and as JSON, from the example mesh's declarations and a run history given to
 * the command (the history store's own reading is tested in test/cli/statusHistory.test.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statusCommand } from "../../cli/commands/status.js";
import { main } from "../../cli/mesh.js";
import type { StatusReport } from "../../cli/status/report.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { DAY, HOUR, hourly, NOW, run } from "../history/runs.js";
import { capture } from "../runner/support.js";

const root = process.cwd();

/** A `mesh run --out` folder whose warehouse exists; its history is what the test passes in. */
function runFolder(): string {
  const out = mkdtempSync(join(tmpdir(), "mesh-status-"));
  mkdirSync(join(out, "warehouse"));
  writeFileSync(join(out, "warehouse", "mesh.duckdb"), "");
  return out;
}

/** Orders ran hourly for eight days; the run 3 hours ago failed; the last one broke a check. */
function ordersHistory(): RunRecord[] {
  const runs = hourly(24 * 8, 0).map((r) => ({ ...r, product: "orders.orders.v1", version: "1.2.0" }));
  runs[runs.length - 4] = { ...runs[runs.length - 4]!, outcome: "failed", error: "DuckDB: out of memory" };
  runs[runs.length - 1] = {
    ...runs.at(-1)!,
    rowsIn: 1000,
    rowsOut: 990,
    quarantined: { "required:customer_id": 8, tooLarge: 2 },
    checks: [
      { rule: "rowCount", passed: true, observed: 990, expected: ">= 1" },
      {
        rule: "volumeChange",
        passed: false,
        observed: 890,
        expected: "within 30 % of the median of the last 7 runs",
      },
    ],
  };
  return runs;
}

async function status(args: { target?: string; json?: boolean; out?: string }, records: RunRecord[]) {
  const io = capture();
  const read: string[] = [];
  const code = await statusCommand({ root, now: NOW, ...args }, io, async (file) => {
    read.push(file);
    return records;
  });
  return { code, io, read, text: io.stdout.join("\n") };
}

describe("mesh status", () => {
  it("prints each product's attainment against its SLOs, last run, failing checks and quarantine trend", async () => {
    const out = runFolder();
    const { code, read, text, io } = await status({ out, target: "orders" }, ordersHistory());
    expect(code).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(read).toEqual([join(out, "warehouse", "mesh.duckdb")]);
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      `Status as of ${NOW.toISOString()}, from the run history in ${join(out, "warehouse", "mesh.duckdb")}.`,
    );
    // 30 days: measured from the first run, 8 days ago (before it the product did not exist).
    expect(lines.slice(2)).toEqual([
      "orders/orders v1 (1.2.0)",
      "                  last 7 days                last 30 days               target",
      "  freshness       99.40 % MISSED             99.46 % MISSED             99.5 % of the time within 1h",
      "  availability    99.40 % MISSED (168 runs)  99.47 % MISSED (192 runs)  99.5 % of runs",
      "  last run        2026-11-30 12:00:00 UTC succeeded: 1,000 read, 990 out, 10 quarantined",
      "  failing checks  volumeChange (observed 890, expected within 30 % of the median of the last 7 runs)",
      "  quarantine      rising: 0.00 % → 0.52 % of the records read, over the last 20 runs; required:customer_id 8, tooLarge 2",
    ]);
  });

  it("--json: a stable shape, every key present, null where nothing was measured", async () => {
    const out = runFolder();
    const { code, text } = await status({ out, json: true }, ordersHistory());
    expect(code).toBe(0);
    const report = JSON.parse(text) as StatusReport;
    expect(report).toMatchObject({ asOf: NOW.toISOString(), historyFound: true });
    expect(report.products.map((p) => p.id)).toEqual([
      "analytics.revenue-by-segment.v2",
      "customers.customers.v2",
      "orders.orders.v1",
    ]);
    const orders = report.products[2]!;
    expect(orders).toMatchObject({
      domain: "orders",
      product: "orders",
      major: 1,
      version: "1.2.0",
      slos: { freshness: "1h", availability: 99.5 },
      runs: 192,
      ignoredRuns: 0,
      lastRun: { outcome: "succeeded", rowsIn: 1000, rowsOut: 990, quarantined: 10, error: null },
      failingChecks: [{ rule: "volumeChange", observed: 890 }],
      quarantine: { direction: "rising", reasons: { "required:customer_id": 8, tooLarge: 2 } },
    });
    expect(orders.attainment["7d"]).toEqual({
      from: new Date(NOW.getTime() - 7 * DAY).toISOString(),
      to: NOW.toISOString(),
      freshness: {
        percent: 99.4,
        target: 99.5,
        met: false,
        freshSeconds: 7 * 86_400 - 3600,
        measuredSeconds: 7 * 86_400,
      },
      availability: { percent: 99.4, target: 99.5, met: false, runs: 168, succeeded: 167 },
    });
    expect(orders.quarantine.runs).toHaveLength(20);
    // A product that never ran: no last run, no figures, its declared targets still there.
    const analytics = report.products[0]!;
    expect(analytics).toMatchObject({
      runs: 0,
      lastRun: null,
      slos: { freshness: "2h", availability: null },
    });
    expect(analytics.attainment["30d"]!.freshness).toMatchObject({ percent: null, target: 100, met: null });
    expect(analytics.attainment["30d"]!.availability).toMatchObject({
      percent: null,
      target: null,
      met: null,
    });
    expect(analytics.quarantine).toEqual({
      direction: "unknown",
      olderPercent: null,
      newerPercent: null,
      reasons: {},
      runs: [],
    });
  });

  it("says no runs yet for each product when no run wrote a warehouse, and exits 0", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "mesh-status-")), "never-ran");
    const { code, read, text } = await status({ out, target: "customers/customers" }, [run(HOUR)]);
    expect(code).toBe(0);
    expect(read).toEqual([]); // nothing to read
    expect(text).toContain("No run history yet:");
    expect(text).toContain("customers/customers v2 (2.0.0)\n  no runs yet");
    const json = JSON.parse((await status({ out, json: true }, [])).text) as StatusReport;
    expect(json.historyFound).toBe(false);
    expect(json.products.every((p) => p.runs === 0 && p.lastRun === null)).toBe(true);
  });

  it("shows a failed last run's error and every check it failed", async () => {
    const failed = run(HOUR, {
      product: "customers.customers.v2",
      outcome: "failed",
      error: "contract broken: required:customer_id",
      checks: [
        { rule: "required:customer_id", passed: false, observed: 3, expected: "0 nulls" },
        { rule: "unique:customer_id", passed: false },
      ],
    });
    const { text } = await status({ out: runFolder(), target: "customers" }, [failed]);
    expect(text).toContain(
      "failed: 100 read, 100 out, 0 quarantined — contract broken: required:customer_id",
    );
    expect(text).toContain(
      "failing checks  required:customer_id (observed 3, expected 0 nulls); unique:customer_id",
    );
    expect(text).toContain(
      "quarantine      unknown (fewer than two runs), over the last run; nothing quarantined",
    );
  });

  it.each([
    ["order", 'unknown domain "order": did you mean "orders"? known domains: analytics, customers, orders'],
    ["sales", 'unknown domain "sales": known domains: analytics, customers, orders'],
    ["orders/ordrs", 'domain "orders" has no product "ordrs": did you mean "orders"? its products: orders'],
    ["orders/orders/v1", 'name a <domain> or a <domain>/<product>, got "orders/orders/v1"'],
  ])("refuses %s, naming what exists (exit 2)", async (target, message) => {
    const io = capture();
    expect(await main(["status", target], io, root)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr[0]).toContain(`error: ${message}`);
  });
});
