/**
 * Rows out and records quarantined per run, and whether the share quarantined is rising: what
 * `mesh status` prints and the catalog charts (issue 14, item 4). Pure.
 */
import { flooredPercent, type TimedRun } from "./attainment.js";
import type { RunOutcome } from "./runRecord.js";

/** How many of the latest runs the trend and the chart look at. */
export const TREND_RUNS = 20;
/** A change in the share quarantined smaller than this many percentage points is steady. */
export const STEADY_POINTS = 0.1;

/** One run, as the trend and the chart show it. */
export interface RunPoint {
  readonly runId: string;
  readonly endedAt: string;
  readonly outcome: RunOutcome;
  readonly rowsIn: number;
  readonly rowsOut: number;
  /** Records quarantined, every reason together. */
  readonly quarantined: number;
}

/**
 * `rising` / `falling`: the newer half of the runs quarantined a larger / smaller share of the
 * records they read than the older half, by at least {@link STEADY_POINTS} percentage points;
 * `steady` otherwise; `unknown` with fewer than two runs.
 */
export type TrendDirection = "rising" | "falling" | "steady" | "unknown";

export interface QuarantineTrend {
  /** The latest runs (at most {@link TREND_RUNS}), oldest first. */
  readonly runs: readonly RunPoint[];
  readonly direction: TrendDirection;
  /** Percent of the records read that were quarantined, in the older and the newer half. */
  readonly olderPercent?: number;
  readonly newerPercent?: number;
  /** Records quarantined over these runs, by reason, reasons sorted. */
  readonly reasons: Readonly<Record<string, number>>;
}

export const quarantinedCount = (quarantined: Readonly<Record<string, number>>) =>
  Object.values(quarantined).reduce((sum, n) => sum + n, 0);

const point = ({ record }: TimedRun): RunPoint => ({
  runId: record.runId,
  endedAt: record.endedAt,
  outcome: record.outcome,
  rowsIn: record.rowsIn,
  rowsOut: record.rowsOut,
  quarantined: quarantinedCount(record.quarantined),
});

/** Share quarantined of the records a set of runs read: a run reading more weighs more. */
function share(points: readonly RunPoint[]): number {
  const read = points.reduce((sum, p) => sum + p.rowsIn, 0);
  const quarantined = points.reduce((sum, p) => sum + p.quarantined, 0);
  return read > 0 ? flooredPercent(quarantined, read) : 0;
}

/** The quarantine trend of `runs` (ordered oldest end first, as `measurableRuns` returns them). */
export function quarantineTrend(runs: readonly TimedRun[], last = TREND_RUNS): QuarantineTrend {
  const latest = runs.slice(-last);
  const points = latest.map(point);
  const totals = new Map<string, number>();
  for (const { record } of latest)
    for (const [reason, n] of Object.entries(record.quarantined))
      totals.set(reason, (totals.get(reason) ?? 0) + n);
  const reasons = Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)));
  if (points.length < 2) return { runs: points, direction: "unknown", reasons };
  // With an odd count the middle run belongs to neither half: each half is as long as the other.
  const half = Math.floor(points.length / 2);
  const olderPercent = share(points.slice(0, half));
  const newerPercent = share(points.slice(points.length - half));
  // In hundredths of a point, whole numbers: 0.3 − 0.2 is exactly the 0.1 threshold, not just under.
  const change = Math.round((newerPercent - olderPercent) * 100);
  const direction: TrendDirection =
    Math.abs(change) < STEADY_POINTS * 100 ? "steady" : change > 0 ? "rising" : "falling";
  return { runs: points, direction, olderPercent, newerPercent, reasons };
}
