/** Progress of a run: one updating line per stage on a terminal, plain lines otherwise (CI, pipes). */
import type { Output } from "../cli/io.js";

export interface Progress {
  stage(product: string, stage: string, rows?: number, seconds?: number): void;
}

const rate = (rows: number, seconds: number) =>
  `${Math.round(rows / Math.max(seconds, 1e-6)).toLocaleString("en-US")} rows/s`;

export function progressFor(io: Output, tty: boolean): Progress {
  return {
    stage(product, stage, rows, seconds) {
      const detail =
        rows === undefined
          ? ""
          : `  ${rows.toLocaleString("en-US")} rows${seconds ? `, ${rate(rows, seconds)}` : ""}`;
      const line = `${product}: ${stage}${detail}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else io.err(line);
    },
  };
}

export interface RunSummary {
  readonly product: string;
  readonly rowsIn: number;
  readonly quarantined: number;
  readonly rowsOut: number;
  readonly seconds: number;
  readonly status: "ok" | "failed";
}

/** The closing table: rows in, quarantined, rows out, seconds and rows/s per product. */
export function summaryTable(runs: readonly RunSummary[]): string[] {
  const rows = [
    ["product", "status", "rows in", "quarantined", "rows out", "seconds", "rows/s"],
    ...runs.map((r) => [
      r.product,
      r.status,
      r.rowsIn.toLocaleString("en-US"),
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
