/**
 * `mesh status` for people: per product version a small table — SLO attainment over 7 and 30 days
 * against the target, the last run, the checks it failed, the quarantine trend. The catalog shows
 * the same figures (cli/catalog/statusSection.ts) through the same words (below).
 */
import type { Attainment, WindowAttainment } from "../../components/history/attainment.js";
import type { ProductStatus } from "../../components/history/productStatus.js";
import { type QuarantineTrend, quarantinedCount } from "../../components/history/quarantineTrend.js";
import type { CheckResult, RunRecord } from "../../components/history/runRecord.js";
import type { DeclaredProduct } from "./report.js";

export const NO_RUNS = "no runs yet";

/** `99.40 %`, or a dash when nothing was measured. */
export const percentText = (percent: number | undefined) =>
  percent === undefined ? "—" : `${percent.toFixed(2)} %`;

/** `met`, `MISSED`, or nothing when there is no figure or no target to judge it by. */
export const verdictText = (a: Attainment) => (a.met === undefined ? "" : a.met ? "met" : "MISSED");

/** A time as people read it in a terminal: `2026-11-30 11:00:00 UTC`. */
export const timeText = (iso: string) => iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");

/** What the freshness target promises: `99.5 % of the time within 1h`. */
export const freshnessTargetText = (status: ProductStatus) =>
  `${status.slos.availability ?? 100} % of the time within ${status.slos.freshness}`;

export const availabilityTargetText = (status: ProductStatus) =>
  status.slos.availability === undefined ? "none declared" : `${status.slos.availability} % of runs`;

const count = (n: number) => n.toLocaleString("en-US");

/** `succeeded: 1,000 read, 998 out, 2 quarantined`, and the error of a failed run. */
export function lastRunText(run: RunRecord): string {
  const figures = `${count(run.rowsIn)} read, ${count(run.rowsOut)} out, ${count(quarantinedCount(run.quarantined))} quarantined`;
  return `${timeText(run.endedAt)} ${run.outcome}: ${figures}${run.error ? ` — ${run.error}` : ""}`;
}

/** `required:customer_id (observed 2, expected 0 nulls)`. */
export function checkText(check: CheckResult): string {
  const details = [
    check.observed !== undefined ? `observed ${check.observed}` : undefined,
    check.expected !== undefined ? `expected ${check.expected}` : undefined,
  ].filter((d) => d !== undefined);
  return details.length > 0 ? `${check.rule} (${details.join(", ")})` : check.rule;
}

/** `steady: 0.20 % → 0.21 % of the records read, over the last 20 runs; invalid 30, tooLarge 2`. */
export function quarantineText(trend: QuarantineTrend): string {
  const reasons = Object.entries(trend.reasons)
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(", ");
  const change =
    trend.olderPercent !== undefined && trend.newerPercent !== undefined
      ? `: ${percentText(trend.olderPercent)} → ${percentText(trend.newerPercent)} of the records read`
      : " (fewer than two runs)";
  const runs = trend.runs.length === 1 ? "the last run" : `the last ${trend.runs.length} runs`;
  return `${trend.direction}${change}, over ${runs}${reasons ? `; ${reasons}` : "; nothing quarantined"}`;
}

const cell = (a: Attainment, extra = "") =>
  `${percentText(a.percent)}${verdictText(a) ? ` ${verdictText(a)}` : ""}${extra}`;

const availabilityCell = (w: WindowAttainment) =>
  w.availability.runs === 0 ? "no runs" : cell(w.availability, ` (${w.availability.runs} runs)`);

/** The lines `mesh status` prints for one product version. */
export function statusLines(declared: DeclaredProduct, status: ProductStatus): string[] {
  const heading = `${declared.domain}/${declared.product} v${declared.major} (${declared.version})`;
  if (!status.lastRun) return [heading, `  ${NO_RUNS}`];
  const rows: [string, ...string[]][] = [
    ["", ...status.windows.map((w) => `last ${w.days} days`), "target"],
    ["freshness", ...status.windows.map((w) => cell(w.freshness)), freshnessTargetText(status)],
    ["availability", ...status.windows.map(availabilityCell), availabilityTargetText(status)],
  ];
  const labels = ["last run", "failing checks", "quarantine", "ignored"];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  widths[0] = Math.max(widths[0]!, ...labels.map((l) => l.length));
  const table = rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd());
  const label = (name: string) => `  ${name.padEnd(widths[0]!)}  `;
  const failing = status.failingChecks;
  return [
    heading,
    ...table,
    `${label("last run")}${lastRunText(status.lastRun)}`,
    `${label("failing checks")}${failing.length > 0 ? failing.map(checkText).join("; ") : "no failing check"}`,
    `${label("quarantine")}${quarantineText(status.quarantine)}`,
    ...(status.ignored > 0
      ? [`${label("ignored")}${status.ignored} recorded runs (unreadable times, or ending in the future)`]
      : []),
  ];
}
