import { describe, expect, it } from "vitest";
import { measurableRuns } from "../../components/history/attainment.js";
import { quarantineTrend, TREND_RUNS } from "../../components/history/quarantineTrend.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { HOUR, NOW, run } from "./runs.js";

/** Runs an hour apart, oldest first, each reading 1 000 records and quarantining `counts[i]`. */
const runs = (counts: readonly number[], rowsIn: (i: number) => number = () => 1000): RunRecord[] =>
  counts.map((n, i) =>
    run((counts.length - i) * HOUR, {
      rowsIn: rowsIn(i),
      rowsOut: rowsIn(i) - n,
      quarantined: n > 0 ? { invalid: n } : {},
    }),
  );
const trend = (records: readonly RunRecord[], last?: number) =>
  quarantineTrend(measurableRuns(records, NOW.getTime()), last);

describe("quarantineTrend", () => {
  it("is unknown with fewer than two runs", () => {
    expect(trend([]).direction).toBe("unknown");
    const one = trend(runs([5]));
    expect(one.direction).toBe("unknown");
    expect(one.runs).toMatchObject([{ rowsIn: 1000, rowsOut: 995, quarantined: 5, outcome: "succeeded" }]);
  });

  it("rises when the newer half quarantines a larger share than the older half", () => {
    const t = trend(runs([0, 1, 10, 20]));
    expect(t).toMatchObject({ direction: "rising", olderPercent: 0.05, newerPercent: 1.5 });
  });

  it("falls when it quarantines a smaller share", () => {
    expect(trend(runs([30, 20, 2, 0])).direction).toBe("falling");
  });

  it("is steady under 0.1 percentage point of change, and moves at exactly 0.1", () => {
    const tenThousand = () => 10_000;
    expect(trend(runs([2, 2, 2, 2])).direction).toBe("steady");
    expect(trend(runs([20, 20, 29, 29], tenThousand)).direction).toBe("steady"); // 0.2 % → 0.29 %
    expect(trend(runs([20, 20, 30, 30], tenThousand)).direction).toBe("rising"); // 0.2 % → 0.3 %
    expect(trend(runs([30, 30, 20, 20], tenThousand)).direction).toBe("falling");
  });

  it("weighs runs by the records they read, not by their counts", () => {
    // 10 quarantined of 10 000 read, then 10 of 1 000: the same count, ten times the share.
    const t = trend(runs([10, 10], (i) => (i === 0 ? 10_000 : 1000)));
    expect(t).toMatchObject({ direction: "rising", olderPercent: 0.1, newerPercent: 1 });
  });

  it("leaves the middle run of an odd count out of both halves", () => {
    expect(trend(runs([0, 500, 0])).direction).toBe("steady");
  });

  it("treats runs that read nothing as quarantining nothing", () => {
    expect(trend(runs([0, 0], () => 0))).toMatchObject({
      direction: "steady",
      olderPercent: 0,
      newerPercent: 0,
    });
  });

  it("looks at the latest runs only, oldest first, and totals their reasons", () => {
    const records = runs(Array.from({ length: TREND_RUNS + 5 }, (_, i) => (i < 5 ? 900 : 1)));
    records[records.length - 1] = { ...records.at(-1)!, quarantined: { tooLarge: 2, invalid: 1 } };
    const t = trend(records);
    expect(t.runs).toHaveLength(TREND_RUNS);
    expect(t.runs[0]!.runId).toBe(records[5]!.runId);
    expect(t.direction).toBe("steady"); // the five runs of 900 are older than the last 20
    expect(t.reasons).toEqual({ invalid: TREND_RUNS, tooLarge: 2 });
    expect(Object.keys(trend(records, 1).reasons)).toEqual(["invalid", "tooLarge"]);
  });
});
