/** Progress of a run: one updating line per stage on a terminal, plain lines otherwise (CI, pipes). */
import type { Output } from "../cli/io.js";

export interface Progress {
  /** A stage finished (or a state worth a line): rows and seconds when known. */
  stage(product: string, stage: string, rows?: number, seconds?: number): void;
  /** A long stage is under way: DuckDB's own progress through the rows it scans. */
  running?(product: string, stage: string, done: QueryProgress, seconds: number): void;
  /** Seconds between two `running` reports. */
  readonly intervalSeconds?: number;
}

/**
 * How far DuckDB is through a stage's query (its estimate, from the rows its scans have read), and
 * the records that share stands for when the stage's record count is known.
 */
export interface QueryProgress {
  readonly percentage: number;
  readonly records?: { readonly done: number; readonly total: number };
}

/** Seconds between progress lines when they are plain (CI, pipes, pod logs): enough to see it move. */
export const PLAIN_PROGRESS_SECONDS = 5;
/** Seconds between updates of a terminal's progress line. */
export const TTY_PROGRESS_SECONDS = 0.5;

/** Whatever reports DuckDB's query progress: a connection. */
export interface ProgressSource {
  readonly progress: { percentage: number; rows_processed: bigint; total_rows_to_process: bigint };
}

/**
 * Runs `work`, meanwhile reporting the connection's query progress through `progress.running`,
 * when DuckDB can tell. `records`: the stage's record count when known beforehand, which the share
 * done is then also given in (DuckDB's scans count their own rows, not always records).
 */
export async function tracked<T>(
  source: ProgressSource,
  progress: Progress,
  product: string,
  stage: string,
  work: () => Promise<T>,
  records?: number,
): Promise<T> {
  if (!progress.running) return work();
  const start = process.hrtime.bigint();
  const timer = setInterval(
    () => {
      const p = source.progress;
      if (p.percentage < 0 || p.total_rows_to_process <= 0n) return; // DuckDB cannot tell
      progress.running?.(
        product,
        stage,
        {
          percentage: p.percentage,
          ...(records === undefined
            ? {}
            : { records: { done: Math.round((p.percentage / 100) * records), total: records } }),
        },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    },
    (progress.intervalSeconds ?? PLAIN_PROGRESS_SECONDS) * 1000,
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

const rate = (rows: number, seconds: number) =>
  `${Math.round(rows / Math.max(seconds, 1e-6)).toLocaleString("en-US")} rows/s`;

export function progressFor(io: Output, tty: boolean): Progress {
  return {
    intervalSeconds: tty ? TTY_PROGRESS_SECONDS : PLAIN_PROGRESS_SECONDS,
    stage(product, stage, rows, seconds) {
      const detail =
        rows === undefined
          ? ""
          : `  ${rows.toLocaleString("en-US")} rows${seconds ? `, ${rate(rows, seconds)}` : ""}`;
      const line = `${product}: ${stage}${detail}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else io.err(line);
    },
    running(product, stage, done, seconds) {
      const records = done.records
        ? `, ~${done.records.done.toLocaleString("en-US")} of ${done.records.total.toLocaleString("en-US")} rows, ${rate(done.records.done, seconds)}`
        : "";
      const line = `${product}: ${stage} ${done.percentage.toFixed(0)}% after ${seconds.toFixed(1)} s${records}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else io.err(line);
    },
  };
}

export interface RunSummary {
  readonly product: string;
  /** `error`: the run could not finish (the message says why); `failed`: the contract was broken. */
  readonly status: "ok" | "failed" | "error";
  readonly rowsIn: number;
  readonly staged: number;
  readonly quarantined: number;
  readonly rowsOut: number;
  readonly seconds: number;
}

/** The closing table: records in, staged, quarantined, rows out, seconds and rows/s per product. */
export function summaryTable(runs: readonly RunSummary[]): string[] {
  const rows = [
    ["product", "status", "records in", "staged", "quarantined", "rows out", "seconds", "rows/s"],
    ...runs.map((r) => [
      r.product,
      r.status,
      r.rowsIn.toLocaleString("en-US"),
      r.staged.toLocaleString("en-US"),
      r.quarantined.toLocaleString("en-US"),
      r.rowsOut.toLocaleString("en-US"),
      r.seconds.toFixed(2),
      Math.round((r.rowsIn || r.rowsOut) / Math.max(r.seconds, 1e-6)).toLocaleString("en-US"),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "),
  );
}
