import { describe, expect, it } from "vitest";
import { freshnessProblem, longestGapMinutes } from "../../components/declaration/freshness.js";

describe("longestGapMinutes: the longest wait between two runs", () => {
  it.each([
    ["*/15 * * * *", 15],
    ["5 * * * *", 60],
    ["0 */6 * * *", 360],
    ["@daily", 1440],
    ["0 0 * * 1-5", 3 * 1440], // Friday midnight to Monday midnight
    ["0 0 1 * *", 31 * 1440],
    ["0 0 29 2 *", (4 * 365 + 1) * 1440], // leap days only: once in four years
  ])("%s → %i minutes", (schedule, minutes) => {
    expect(longestGapMinutes(schedule)).toBe(minutes);
  });

  it("is undefined for a schedule that never fires", () => {
    expect(longestGapMinutes("0 0 31 2 *")).toBeUndefined();
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
