/**
 * How well a product version kept its declared SLOs over a window of its run history (issue 14,
 * item 4). Pure: records, the SLOs and `now` in, figures out; `mesh status` and the catalog format
 * them. docs/status.md states the formulas for readers; this is their one implementation.
 *
 * Percentages are floored to two decimals from whole milliseconds (or whole runs), so a figure never
 * rounds up past a target it missed: 99.499… shows as 99.49, not met against 99.5.
 */
import { durationMinutes } from "../declaration/units.js";
import type { RunRecord } from "./runRecord.js";

export const DAY_MS = 86_400_000;
/** The windows `mesh status` and the catalog report, in days before now. */
export const WINDOW_DAYS = [7, 30] as const;

/** A product version's `slos` as declared (components/declaration/schema.ts SloSchema). */
export interface DeclaredSlos {
  /** The oldest the data may be: a duration such as `15m`, `1h`, `1d`. */
  readonly freshness: string;
  /** Percent, e.g. 99.5. */
  readonly availability?: number;
}

/** One figure against its target. */
export interface Attainment {
  /** Percent, floored to two decimals; undefined when the window holds nothing to measure. */
  readonly percent?: number;
  /** The percent the product promises; undefined when it declares none. */
  readonly target?: number;
  /** `percent >= target`; undefined without a percent or a target. */
  readonly met?: boolean;
}

export interface FreshnessAttainment extends Attainment {
  /** Seconds of the measured time during which the data was within the freshness SLO. */
  readonly freshSeconds: number;
  /** Seconds measured: from the window's start, or the product's first run when later, to now. */
  readonly measuredSeconds: number;
}

export interface AvailabilityAttainment extends Attainment {
  /** Runs that ended in the window. */
  readonly runs: number;
  readonly succeeded: number;
}

export interface WindowAttainment {
  readonly days: number;
  /** The window's start and end (now), ISO 8601 UTC. */
  readonly from: string;
  readonly to: string;
  readonly freshness: FreshnessAttainment;
  readonly availability: AvailabilityAttainment;
}

/** A run with its times read once, in milliseconds since the epoch. */
export interface TimedRun {
  readonly record: RunRecord;
  readonly started: number;
  readonly ended: number;
}

/**
 * The runs that can be measured, oldest end first: those whose times parse, that end no earlier than
 * they start and no later than `now` (a run "after now" is a clock out of step, or a `now` in the
 * past: it has not happened yet as far as the report goes).
 */
export function measurableRuns(records: readonly RunRecord[], now: number): TimedRun[] {
  const runs: TimedRun[] = [];
  for (const record of records) {
    const started = Date.parse(record.startedAt);
    const ended = Date.parse(record.endedAt);
    if (!Number.isFinite(started) || !Number.isFinite(ended) || ended < started || ended > now) continue;
    runs.push({ record, started, ended });
  }
  // Ties (two runs ending in the same millisecond) are ordered by start, then id, so the order is stable.
  return runs.sort(
    (a, b) => a.ended - b.ended || a.started - b.started || a.record.runId.localeCompare(b.record.runId),
  );
}

/** `part / whole` in percent, floored to two decimals; exact for whole numbers (milliseconds, runs). */
export const flooredPercent = (part: number, whole: number) => Math.floor((part * 10_000) / whole) / 100;

function judged(percent: number | undefined, target: number | undefined) {
  return {
    ...(percent !== undefined ? { percent } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(percent !== undefined && target !== undefined ? { met: percent >= target } : {}),
  };
}

/**
 * Freshness attainment, time-weighted: the share of the measured time during which the product's
 * table held data no older than `slos.freshness`. The table holds the last successful load's data:
 * from a load's end its data is `freshnessAtLoadSeconds` old (0 when the run did not say) and ages
 * with the clock, until the next successful load replaces it. A failed run replaces nothing. A load
 * before the window still counts for the window's first hours.
 *
 * The measured time starts at the window's start, or at the product's first run when that is later:
 * before it the product did not exist, which is no breach. The target is `slos.availability` (the
 * one share the declaration states: the product is promised fresh that share of the time), 100 %
 * when none is declared.
 */
export function freshnessAttainment(
  runs: readonly TimedRun[],
  slos: DeclaredSlos,
  windowStart: number,
  now: number,
): FreshnessAttainment {
  const target = slos.availability ?? 100;
  const limit = (durationMinutes(slos.freshness) ?? 0) * 60_000;
  if (runs.length === 0) return { ...judged(undefined, target), freshSeconds: 0, measuredSeconds: 0 };
  const from = Math.max(windowStart, Math.min(...runs.map((r) => r.started)));
  const measured = now - from;
  if (measured <= 0) return { ...judged(undefined, target), freshSeconds: 0, measuredSeconds: 0 };
  const loads = runs.filter((r) => r.record.outcome === "succeeded");
  let fresh = 0;
  loads.forEach((load, i) => {
    const ageAtLoad = Math.max(0, Math.round((load.record.freshnessAtLoadSeconds ?? 0) * 1000));
    const replaced = loads[i + 1]?.ended ?? now;
    const start = Math.max(load.ended, from);
    const end = Math.min(replaced, load.ended + limit - ageAtLoad, now);
    if (end > start) fresh += end - start;
  });
  return {
    ...judged(flooredPercent(fresh, measured), target),
    freshSeconds: fresh / 1000,
    measuredSeconds: measured / 1000,
  };
}

/**
 * Availability attainment, by runs: the share of the runs that ended in the window (after its start,
 * up to now) that succeeded. A run-based figure, as a data engineer reads a pipeline's success rate:
 * a failed run keeps the previous table readable, so the time the table was readable says little —
 * how long it went stale is what freshness attainment measures. Against `slos.availability`.
 */
export function availabilityAttainment(
  runs: readonly TimedRun[],
  slos: DeclaredSlos,
  windowStart: number,
  now: number,
): AvailabilityAttainment {
  const inWindow = runs.filter((r) => r.ended > windowStart && r.ended <= now);
  const succeeded = inWindow.filter((r) => r.record.outcome === "succeeded").length;
  const percent = inWindow.length > 0 ? flooredPercent(succeeded, inWindow.length) : undefined;
  return { ...judged(percent, slos.availability), runs: inWindow.length, succeeded };
}

/** Both figures over the last `days` days before `now`. */
export function windowAttainment(
  runs: readonly TimedRun[],
  slos: DeclaredSlos,
  days: number,
  now: number,
): WindowAttainment {
  const windowStart = now - days * DAY_MS;
  return {
    days,
    from: new Date(windowStart).toISOString(),
    to: new Date(now).toISOString(),
    freshness: freshnessAttainment(runs, slos, windowStart, now),
    availability: availabilityAttainment(runs, slos, windowStart, now),
  };
}
