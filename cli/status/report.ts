/**
 * What `mesh status --json` prints: {@link StatusReport}, a stable shape for scripts and CI, spelt
 * out here rather than serialising the computation's own types, so those can change without
 * breaking a reader. Every key is always present; a figure that cannot be computed is `null`.
 * docs/status.md documents it.
 */
import type { AvailabilityAttainment, FreshnessAttainment } from "../../components/history/attainment.js";
import type { ProductStatus } from "../../components/history/productStatus.js";
import {
  quarantinedCount,
  type RunPoint,
  type TrendDirection,
} from "../../components/history/quarantineTrend.js";
import type { RunOutcome } from "../../components/history/runRecord.js";

export interface StatusReport {
  /** When the figures were computed: the end of every window. */
  readonly asOf: string;
  /** The warehouse database the history was read from. */
  readonly warehouse: string;
  /** False when that warehouse does not exist yet: no product has run. */
  readonly historyFound: boolean;
  readonly products: readonly ProductStatusJson[];
}

export interface ProductStatusJson {
  /** `<domain>.<product>.v<major>`. */
  readonly id: string;
  readonly domain: string;
  readonly product: string;
  readonly major: number;
  /** The declared version now. */
  readonly version: string;
  readonly slos: { readonly freshness: string; readonly availability: number | null };
  /** Runs measured, and runs left out (times that do not parse, or ending after `asOf`). */
  readonly runs: number;
  readonly ignoredRuns: number;
  readonly lastRun: LastRunJson | null;
  /** By window: `7d` and `30d`. */
  readonly attainment: Readonly<Record<string, WindowJson>>;
  /** The checks the last run failed. */
  readonly failingChecks: readonly {
    readonly rule: string;
    readonly observed: number | null;
    readonly expected: string | null;
  }[];
  readonly quarantine: {
    readonly direction: TrendDirection;
    /** Percent of the records read that were quarantined, older and newer half of `runs`. */
    readonly olderPercent: number | null;
    readonly newerPercent: number | null;
    readonly reasons: Readonly<Record<string, number>>;
    /** The latest runs (at most 20), oldest first. */
    readonly runs: readonly RunPointJson[];
  };
}

export interface LastRunJson {
  readonly runId: string;
  readonly version: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly outcome: RunOutcome;
  readonly error: string | null;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly quarantined: number;
  readonly freshnessAtLoadSeconds: number | null;
}

/** A run as the JSON gives it: the trend's and the chart's own point. */
export type RunPointJson = RunPoint;

export interface WindowJson {
  readonly from: string;
  readonly to: string;
  readonly freshness: {
    readonly percent: number | null;
    readonly target: number;
    readonly met: boolean | null;
    readonly freshSeconds: number;
    readonly measuredSeconds: number;
  };
  readonly availability: {
    readonly percent: number | null;
    readonly target: number | null;
    readonly met: boolean | null;
    readonly runs: number;
    readonly succeeded: number;
  };
}

/** What the report says of a product besides its history: its declaration. */
export interface DeclaredProduct {
  readonly id: string;
  readonly domain: string;
  readonly product: string;
  readonly major: number;
  readonly version: string;
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

const freshnessJson = (f: FreshnessAttainment): WindowJson["freshness"] => ({
  percent: orNull(f.percent),
  target: f.target ?? 100,
  met: orNull(f.met),
  freshSeconds: f.freshSeconds,
  measuredSeconds: f.measuredSeconds,
});

const availabilityJson = (a: AvailabilityAttainment): WindowJson["availability"] => ({
  percent: orNull(a.percent),
  target: orNull(a.target),
  met: orNull(a.met),
  runs: a.runs,
  succeeded: a.succeeded,
});

export function productStatusJson(declared: DeclaredProduct, status: ProductStatus): ProductStatusJson {
  const last = status.lastRun;
  return {
    ...declared,
    slos: { freshness: status.slos.freshness, availability: orNull(status.slos.availability) },
    runs: status.runs,
    ignoredRuns: status.ignored,
    lastRun: last
      ? {
          runId: last.runId,
          version: last.version,
          startedAt: last.startedAt,
          endedAt: last.endedAt,
          outcome: last.outcome,
          error: orNull(last.error),
          rowsIn: last.rowsIn,
          rowsOut: last.rowsOut,
          quarantined: quarantinedCount(last.quarantined),
          freshnessAtLoadSeconds: orNull(last.freshnessAtLoadSeconds),
        }
      : null,
    attainment: Object.fromEntries(
      status.windows.map((w) => [
        `${w.days}d`,
        {
          from: w.from,
          to: w.to,
          freshness: freshnessJson(w.freshness),
          availability: availabilityJson(w.availability),
        },
      ]),
    ),
    failingChecks: status.failingChecks.map((c) => ({
      rule: c.rule,
      observed: orNull(c.observed),
      expected: orNull(c.expected),
    })),
    quarantine: {
      direction: status.quarantine.direction,
      olderPercent: orNull(status.quarantine.olderPercent),
      newerPercent: orNull(status.quarantine.newerPercent),
      reasons: status.quarantine.reasons,
      runs: status.quarantine.runs.map((p: RunPoint) => ({
        runId: p.runId,
        endedAt: p.endedAt,
        outcome: p.outcome,
        rowsIn: p.rowsIn,
        rowsOut: p.rowsOut,
        quarantined: p.quarantined,
      })),
    },
  };
}
