/**
 * Day-of-month and day-of-week together, as Kubernetes' cron runs them: when both are restricted a
 * day matches either (OR); when one is `*` (or `*` stepped by 1) only the other counts. The
 * freshness check relies on it: ANDing two restricted fields would find a schedule too sparse, and
 * ORing with an unrestricted one would find it daily when it is weekly.
 */
import { describe, expect, it } from "vitest";
import { parseCron } from "../../components/declaration/cron.js";
import { freshnessProblem, longestGapMinutes } from "../../components/declaration/freshness.js";

const DAY = 1440;

describe("the day fields of a cron schedule", () => {
  it.each([
    // The 1st of the month or any Monday: never more than a week apart.
    ["0 0 1 * 1", 7 * DAY],
    // Every odd day of the month or any Monday: at most two days apart (27 February to 1 March).
    ["0 0 */2 * 1", 2 * DAY],
    // `*/1` and a list with `*` are every day: Mondays only.
    ["0 0 */1 * 1", 7 * DAY],
    ["0 0 *,15 * 1", 7 * DAY],
    // Every day of the week, restricted days of the month: the 1st and 15th only.
    ["0 0 1,15 * */1", 17 * DAY],
  ])("%s runs at most %i minutes apart", (schedule, minutes) => {
    expect(longestGapMinutes(schedule)).toBe(minutes);
  });

  it("says which day fields restrict the schedule", () => {
    expect(parseCron("0 0 */2 * 1")).toMatchObject({ domRestricted: true, dowRestricted: true });
    expect(parseCron("0 0 */1 * MON")).toMatchObject({ domRestricted: false, dowRestricted: true });
    expect(parseCron("0 0 1 * *,1")).toMatchObject({ domRestricted: true, dowRestricted: false });
  });

  it("holds a weekly schedule written with */1 to a daily freshness", () => {
    expect(freshnessProblem("0 0 */1 * 1", "1d")).toMatch(/leaves up to 7d between runs/);
    expect(freshnessProblem("0 0 1 * 1", "7d")).toBeUndefined();
  });
});
