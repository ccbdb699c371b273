import { describe, expect, it } from "vitest";
import { flooredPercent } from "../../components/history/attainment.js";
import { productStatus } from "../../components/history/productStatus.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { ago, DAY, HOUR, hourly, MINUTE, NOW, run } from "./runs.js";

const SLOS = { freshness: "1h", availability: 99.5 };
const status = (records: readonly RunRecord[], slos: { freshness: string; availability?: number } = SLOS) =>
  productStatus("sales.orders.v1", slos, records, NOW);
const week = (records: readonly RunRecord[], slos?: { freshness: string; availability?: number }) =>
  status(records, slos).windows[0]!;
const month = (records: readonly RunRecord[]) => status(records).windows[1]!;

describe("productStatus with no history", () => {
  it("says no runs yet: no last run, no figure, nothing judged, nothing divided by zero", () => {
    const s = status([]);
    expect(s.runs).toBe(0);
    expect(s.lastRun).toBeUndefined();
    expect(s.failingChecks).toEqual([]);
    expect(s.windows.map((w) => w.days)).toEqual([7, 30]);
    for (const w of s.windows) {
      expect(w.freshness).toEqual({ target: 99.5, freshSeconds: 0, measuredSeconds: 0 });
      expect(w.availability).toEqual({ target: 99.5, runs: 0, succeeded: 0 });
    }
    expect(s.quarantine).toEqual({ runs: [], direction: "unknown", reasons: {} });
  });

  it("leaves out another product's runs", () => {
    expect(status([run(HOUR, { product: "sales.orders.v2" })]).runs).toBe(0);
  });
});

describe("freshness attainment", () => {
  it("is 100 % when hourly loads keep a 1h SLO all week, and meets the target", () => {
    const w = week(hourly(24 * 8));
    expect(w.freshness).toMatchObject({ percent: 100, met: true, measuredSeconds: 7 * 86_400 });
    expect(w.from).toBe(ago(7 * DAY));
    expect(w.to).toBe(NOW.toISOString());
  });

  it("counts the time the data was older than the SLO after a failed run", () => {
    // Loads every hour; the one 3h ago failed, so from 4h ago + 1h until the load 2h ago the data was stale.
    const runs = hourly(24 * 8).map((r, i, all) =>
      i === all.length - 4 ? { ...r, outcome: "failed" as const } : r,
    );
    const w = week(runs);
    expect(w.freshness.freshSeconds).toBe(7 * 86_400 - 3600);
    expect(w.freshness.percent).toBe(flooredPercent(7 * 24 - 1, 7 * 24)); // 99.40
    expect(w.freshness.met).toBe(false);
  });

  it("measures from the first run when the product is younger than the window: before it is no breach", () => {
    // One run, 30 minutes ago, that took a minute: 30 of the 31 minutes since it started were fresh.
    const w = week([run(30 * MINUTE)]);
    expect(w.freshness).toMatchObject({ freshSeconds: 1800, measuredSeconds: 1860, percent: 96.77 });
  });

  it("counts a load from before the window for the window's first hours", () => {
    // A load 7 days and 30 minutes ago keeps a 1h SLO for the window's first 30 minutes; nothing since.
    const w = week([run(7 * DAY + 30 * MINUTE)]);
    expect(w.freshness.freshSeconds).toBe(1800);
    expect(w.freshness.measuredSeconds).toBe(7 * 86_400);
  });

  it("is 0 % when every run failed", () => {
    const w = week([run(2 * HOUR, { outcome: "failed" }), run(HOUR, { outcome: "failed" })]);
    expect(w.freshness).toMatchObject({ percent: 0, met: false, freshSeconds: 0 });
  });

  it("ages the data from its age at load when the run states it", () => {
    // Loaded an hour ago with data already 45 minutes old: a 1h SLO held for 15 minutes of 61.
    const w = week([run(HOUR, { freshnessAtLoadSeconds: 45 * 60 })]);
    expect(w.freshness.freshSeconds).toBe(15 * 60);
    // Data older than the SLO at load is never fresh.
    expect(week([run(HOUR, { freshnessAtLoadSeconds: 2 * 3600 })]).freshness.freshSeconds).toBe(0);
  });

  it("takes the latest load's age: a newer load of older data makes the table stale", () => {
    const w = week([run(2 * HOUR), run(HOUR, { freshnessAtLoadSeconds: 3600 })], { freshness: "1h" });
    // Fresh from the first load's end until the second replaced it (1h), stale after.
    expect(w.freshness.freshSeconds).toBe(3600);
  });

  it("reads the SLO's duration and, without an availability target, holds it to 100 %", () => {
    const w = week([run(90 * MINUTE, { durationMs: 0 })], { freshness: "2h" });
    expect(w.freshness).toMatchObject({ percent: 100, target: 100, met: true });
    const d = week([run(25 * HOUR, { durationMs: 0 })], { freshness: "1d" });
    expect(d.freshness).toMatchObject({ freshSeconds: 86_400, measuredSeconds: 25 * 3600 });
  });

  it("floors rather than rounds, so a missed target never shows as met", () => {
    expect(flooredPercent(2, 3)).toBe(66.66);
    expect(flooredPercent(199, 200)).toBe(99.5);
    expect(flooredPercent(19_999, 20_000)).toBe(99.99);
    expect(flooredPercent(1, 1)).toBe(100);
  });
});

describe("availability attainment", () => {
  it("is the share of the window's runs that succeeded, met at exactly the target", () => {
    const runs = hourly(200, 0, 30 * MINUTE).map((r, i) =>
      i === 0 ? { ...r, outcome: "failed" as const } : r,
    );
    expect(week(runs).availability).toEqual({
      percent: 99.5,
      target: 99.5,
      met: true,
      runs: 200,
      succeeded: 199,
    });
    const two = [...runs.slice(0, -1), { ...runs.at(-1)!, outcome: "failed" as const }];
    expect(week(two).availability).toMatchObject({ percent: 99, met: false });
  });

  it("is judged only against a declared target", () => {
    expect(week([run(HOUR)], { freshness: "1h" }).availability).toEqual({
      percent: 100,
      runs: 1,
      succeeded: 1,
    });
  });

  it("counts runs that ended after the window's start and up to now, not before", () => {
    const edge = [run(7 * DAY), run(7 * DAY - 1), run(0, { outcome: "failed" })];
    expect(week(edge).availability).toMatchObject({ runs: 2, succeeded: 1, percent: 50 });
    expect(month(edge).availability).toMatchObject({ runs: 3, succeeded: 2 });
  });

  it("has no figure for a window with no run in it, while freshness still measures the staleness", () => {
    const w = week([run(10 * DAY)]);
    expect(w.availability).toEqual({ target: 99.5, runs: 0, succeeded: 0 });
    expect(w.freshness).toMatchObject({ percent: 0, met: false });
    expect(month([run(10 * DAY)]).availability.percent).toBe(100);
  });
});

describe("last run and failing checks", () => {
  it("takes the run that ended last, whatever the order recorded, and its failing checks only", () => {
    const older = run(2 * HOUR, {
      checks: [{ rule: "rowCount", passed: false, observed: 0, expected: ">= 1" }],
    });
    const latest = run(HOUR, {
      outcome: "failed",
      error: "contract broken: required:customer_id",
      checks: [
        { rule: "rowCount", passed: true, observed: 5 },
        { rule: "required:customer_id", passed: false, observed: 2, expected: "0 nulls" },
      ],
    });
    const s = status([latest, older]);
    expect(s.lastRun?.runId).toBe(latest.runId);
    expect(s.failingChecks).toEqual([
      { rule: "required:customer_id", passed: false, observed: 2, expected: "0 nulls" },
    ]);
    expect(s.runs).toBe(2);
  });

  it("ignores runs that end after now (a clock out of step) and times that do not parse", () => {
    const future = run(-MINUTE);
    const garbled = { ...run(HOUR), endedAt: "yesterday" };
    const backwards = { ...run(HOUR), startedAt: ago(0) };
    const s = status([run(2 * HOUR), future, garbled, backwards]);
    expect(s.runs).toBe(1);
    expect(s.ignored).toBe(3);
    expect(s.lastRun?.endedAt).toBe(ago(2 * HOUR));
  });

  it("counts a run that ends exactly now", () => {
    expect(status([run(0)]).lastRun?.endedAt).toBe(NOW.toISOString());
  });
});
