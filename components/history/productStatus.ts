/**
 * A product version's status from its run history: its last run, its SLO attainment over the last 7
 * and 30 days, the checks its last run failed and its quarantine trend. What `mesh status` prints
 * and the catalog shows; pure, so both read the same figures (issue 14, item 4).
 */
import {
  type DeclaredSlos,
  measurableRuns,
  WINDOW_DAYS,
  type WindowAttainment,
  windowAttainment,
} from "./attainment.js";
import { type QuarantineTrend, quarantineTrend } from "./quarantineTrend.js";
import type { CheckResult, RunRecord } from "./runRecord.js";

export interface ProductStatus {
  /** `<domain>.<product>.v<major>`. */
  readonly product: string;
  readonly slos: DeclaredSlos;
  /** When the figures were computed, ISO 8601 UTC. */
  readonly asOf: string;
  /** Runs measured (every run recorded for the version up to now). */
  readonly runs: number;
  /** Recorded runs left out: times that do not parse, or a run that ends after `asOf`. */
  readonly ignored: number;
  /** The latest run by its end; undefined when there is none: "no runs yet". */
  readonly lastRun?: RunRecord;
  /** The checks the last run failed. */
  readonly failingChecks: readonly CheckResult[];
  /** One per {@link WINDOW_DAYS}, shortest first. */
  readonly windows: readonly WindowAttainment[];
  readonly quarantine: QuarantineTrend;
}

/** The status of product version `product` from `records` (its runs; others are left out). */
export function productStatus(
  product: string,
  slos: DeclaredSlos,
  records: readonly RunRecord[],
  now: Date,
): ProductStatus {
  const own = records.filter((r) => r.product === product);
  const at = now.getTime();
  const runs = measurableRuns(own, at);
  const lastRun = runs.at(-1)?.record;
  return {
    product,
    slos,
    asOf: now.toISOString(),
    runs: runs.length,
    ignored: own.length - runs.length,
    ...(lastRun ? { lastRun } : {}),
    failingChecks: lastRun?.checks.filter((c) => !c.passed) ?? [],
    windows: WINDOW_DAYS.map((days) => windowAttainment(runs, slos, days, at)),
    quarantine: quarantineTrend(runs),
  };
}
