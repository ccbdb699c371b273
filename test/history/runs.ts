/** Run records for the history tests: times in minutes before a fixed now. */
import type { RunRecord } from "../../components/history/runRecord.js";

export const NOW = new Date("2026-11-30T12:00:00.000Z");
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An ISO time `ms` milliseconds before {@link NOW}. */
export const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

let sequence = 0;

/**
 * A run of `product` (sales.orders.v1 by default) that ended `endedAgo` ms before NOW after running
 * for `durationMs` (a minute by default).
 */
export function run(endedAgo: number, fields: Partial<RunRecord> & { durationMs?: number } = {}): RunRecord {
  const { durationMs = MINUTE, ...rest } = fields;
  sequence++;
  return {
    runId: `run-${String(sequence).padStart(4, "0")}`,
    product: "sales.orders.v1",
    version: "1.0.0",
    startedAt: ago(endedAgo + durationMs),
    endedAt: ago(endedAgo),
    outcome: "succeeded",
    rowsIn: 100,
    quarantined: {},
    rowsOut: 100,
    checks: [{ rule: "rowCount", passed: true, observed: 100, expected: ">= 1" }],
    ...rest,
  };
}

/** Successful runs every `every` ms, the latest ending `latestAgo` before NOW, `count` of them. */
export const hourly = (count: number, latestAgo = 0, every = HOUR) =>
  Array.from({ length: count }, (_, i) => run(latestAgo + (count - 1 - i) * every));
