import { describe, expect, it } from "vitest";
import { CronError } from "../../components/declaration/cron.js";
import {
  freshnessProblem,
  humanDuration,
  longestGapMinutes,
} from "../../components/declaration/freshness.js";

describe("longestGapMinutes: the longest wait between two runs", () => {
  it.each([
    ["*/15 * * * *", 15],
    ["5 * * * *", 60],
    ["0 */6 * * *", 360],
    ["@daily", 1440],
    ["0 0 * * 1-5", 3 * 1440], // Friday midnight to Monday midnight
    ["0 0 1 * *", 31 * 1440],
    ["0 0 29 2 *", (4 * 365 + 1) * 1440], // leap days only: once in four years
    ["0 0 1 2 *", 366 * 1440], // 1 February only: a year, 366 days across a leap day
    ["0 0 1 * 1", 7 * 1440], // day of month OR day of week: every Monday, and the 1st
  ])("%s → %i minutes", (schedule, minutes) => {
    expect(longestGapMinutes(schedule)).toBe(minutes);
  });

  it("is undefined for a schedule that never fires", () => {
    expect(longestGapMinutes("0 0 31 2 *")).toBeUndefined();
  });

  it("answers a schedule asked again as the first time, never fires included", () => {
    for (const schedule of ["0 0 31 2 *", "0 0 1 * 1", "0 0 * * 1-5"]) {
      const first = longestGapMinutes(schedule);
      expect(longestGapMinutes(schedule)).toBe(first);
    }
    expect(longestGapMinutes("0 0 * * 1-5")).toBe(3 * 1440);
    expect(longestGapMinutes("0 0 31 2 *")).toBeUndefined();
  });

  it("refuses an expression that is not a schedule every time it is asked", () => {
    for (let i = 0; i < 2; i++) expect(() => longestGapMinutes("61 * * * *")).toThrow(CronError);
  });
});

describe("freshnessProblem: a schedule must keep data within its freshness SLO", () => {
  it("accepts a schedule that runs at least as often as the freshness", () => {
    expect(freshnessProblem("0 * * * *", "1h")).toBeUndefined();
    expect(freshnessProblem("*/15 * * * *", "1h")).toBeUndefined();
  });

  it("says why a schedule is too sparse", () => {
    expect(freshnessProblem("0 */6 * * *", "1h")).toBe(
      '"0 */6 * * *" leaves up to 6h between runs, so data can be 6h old, but slos.freshness is 1h; run at least every 1h',
    );
    expect(freshnessProblem("0 0 * * 1-5", "1d")).toMatch(/leaves up to 3d between runs/);
  });

  it("refuses a schedule that never runs", () => {
    expect(freshnessProblem("0 0 31 2 *", "1d")).toBe('"0 0 31 2 *" never runs, so no freshness can be met');
  });
});

describe("humanDuration: minutes as the shortest exact duration", () => {
  it.each([
    [90, "90m"],
    [360, "6h"],
    [2880, "2d"],
    [1500, "25h"],
  ])("%i minutes → %s", (minutes, text) => {
    expect(humanDuration(minutes)).toBe(text);
  });
});

describe("freshnessProblem: a schedule that is not cron", () => {
  it("leaves it to the schedule's own check, which names it", () => {
    expect(freshnessProblem("every hour", "1h")).toBeUndefined();
  });
});
