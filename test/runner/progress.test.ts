/** Progress of long stages: DuckDB's own count of the rows its scans have read, reported as it goes. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Progress, progressFor, type QueryProgress, tracked } from "../../runner/progress.js";
import { capture } from "./support.js";

const ROWS = 3_000_000;
let file: string;
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), "mesh-progress-")), "rows.parquet");
  await connection.run(
    `COPY (SELECT i, md5(i::VARCHAR) AS h FROM range(${ROWS}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
  );
  await connection.run("SET enable_progress_bar = true");
  await connection.run("SET enable_progress_bar_print = false");
  await connection.run("SET threads = 1");
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

function recorder() {
  const reports: QueryProgress[] = [];
  const progress: Progress = {
    stage: () => {},
    running: (_product, _stage, done) => reports.push(done),
    intervalSeconds: 0.02,
  };
  return { reports, progress };
}

describe("tracked", () => {
  it("reports DuckDB's growing share done while a scan runs, and stops when it ends", async () => {
    const { reports, progress } = recorder();
    await tracked(connection, progress, "p", "transforming", () =>
      connection.run(`CREATE OR REPLACE TABLE sorted AS SELECT * FROM read_parquet('${file}') ORDER BY h`),
    );
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) {
      expect(r.percentage).toBeGreaterThanOrEqual(0);
      expect(r.percentage).toBeLessThanOrEqual(100);
      expect(r.records).toBeUndefined();
    }
    // DuckDB's share only grows.
    const shares = reports.map((r) => r.percentage);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    const count = reports.length;
    expect(count).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(reports.length).toBe(count);
  });
});

describe("tracked, with the record count known", () => {
  it("gives the share done in records too", async () => {
    const { reports, progress } = recorder();
    await tracked(
      connection,
      progress,
      "p",
      "loading",
      () =>
        connection.run(
          `CREATE OR REPLACE TABLE again AS SELECT * FROM read_parquet('${file}') ORDER BY h DESC`,
        ),
      ROWS,
    );
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) {
      expect(r.records!.total).toBe(ROWS);
      expect(r.records!.done).toBe(Math.round((r.percentage / 100) * ROWS));
    }
  });
});

describe("progress lines", () => {
  it("say the stage, the share done, the rows read and the rate, as plain lines off a terminal", () => {
    const io = capture();
    progressFor(io, false).running!(
      "orders.orders.v1",
      "extracting",
      { percentage: 41.6, records: { done: 4_160_000, total: 10_000_000 } },
      2,
    );
    progressFor(io, false).running!("orders.orders.v1", "transforming", { percentage: 7 }, 12.25);
    expect(io.stderr).toEqual([
      "orders.orders.v1: extracting 42% after 2.0 s, ~4,160,000 of 10,000,000 rows, 2,080,000 rows/s",
      "orders.orders.v1: transforming 7% after 12.3 s",
    ]);
    expect(progressFor(io, false).intervalSeconds).toBe(5);
    expect(progressFor(io, true).intervalSeconds).toBe(0.5);
  });
});
