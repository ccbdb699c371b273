/**
 * The run history as `mesh status` reads it from a local warehouse: read-only, none before any run
 * recorded one, a clear error for a file that is not a warehouse.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/errors.js";
import { main } from "../../cli/mesh.js";
import { readWarehouseHistory } from "../../cli/status/readHistory.js";
import { CATALOG } from "../../runner/catalog.js";
import { appendRunRecord, LOCAL_HISTORY } from "../../runner/runHistory.js";
import { literal } from "../../runner/sql.js";
import { capture, queryFile } from "../runner/support.js";

const warehouse = () => join(mkdtempSync(join(tmpdir(), "mesh-history-")), "mesh.duckdb");

/** Two runs of orders, recorded by the runner's own history store. */
async function recordTwoRuns(file: string) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH ${literal(file)} AS ${CATALOG}`);
    const run = { product: "orders.orders.v1", version: "1.2.0" };
    await appendRunRecord(connection, LOCAL_HISTORY, {
      ...run,
      runId: "r2",
      startedAt: "2026-11-30T11:00:00.000Z",
      endedAt: "2026-11-30T11:01:30.250Z",
      outcome: "failed",
      error: "contract broken",
      rowsIn: 10,
      quarantined: { tooLarge: 1 },
      rowsOut: 0,
      checks: [{ rule: "rowCount", passed: false, observed: 0 }],
    });
    await appendRunRecord(connection, LOCAL_HISTORY, {
      ...run,
      runId: "r1",
      startedAt: "2026-11-30T10:00:00.000Z",
      endedAt: "2026-11-30T10:01:00.000Z",
      outcome: "succeeded",
      rowsIn: 12,
      quarantined: {},
      rowsOut: 12,
      checks: [],
      freshnessAtLoadSeconds: 30.5,
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("readWarehouseHistory", () => {
  it("reads no run from a warehouse no run recorded history in", async () => {
    const file = warehouse();
    await queryFile(file, "CREATE SCHEMA orders; CREATE TABLE orders.orders_v1 (id INTEGER)");
    expect(await readWarehouseHistory(file)).toEqual([]);
  });

  it("reads each recorded run as a RunRecord, and leaves the file as it was", async () => {
    const file = warehouse();
    await recordTwoRuns(file);
    const before = readFileSync(file);
    expect(await readWarehouseHistory(file)).toEqual([
      {
        runId: "r1",
        product: "orders.orders.v1",
        version: "1.2.0",
        startedAt: "2026-11-30T10:00:00.000Z",
        endedAt: "2026-11-30T10:01:00.000Z",
        outcome: "succeeded",
        rowsIn: 12,
        quarantined: {},
        rowsOut: 12,
        checks: [],
        freshnessAtLoadSeconds: 30.5,
      },
      {
        runId: "r2",
        product: "orders.orders.v1",
        version: "1.2.0",
        startedAt: "2026-11-30T11:00:00.000Z",
        endedAt: "2026-11-30T11:01:30.250Z",
        outcome: "failed",
        error: "contract broken",
        rowsIn: 10,
        quarantined: { tooLarge: 1 },
        rowsOut: 0,
        checks: [{ rule: "rowCount", passed: false, observed: 0 }],
      },
    ]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a file that is not a DuckDB database, naming it", async () => {
    const file = warehouse();
    writeFileSync(file, "not a database");
    const error = await readWarehouseHistory(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot read the run history in ${file}: `));
  });
});

describe("mesh status on a warehouse", () => {
  it("reads the runs `mesh run --out` recorded", async () => {
    const out = mkdtempSync(join(tmpdir(), "mesh-history-"));
    mkdirSync(join(out, "warehouse"));
    await recordTwoRuns(join(out, "warehouse", "mesh.duckdb"));
    const io = capture();
    expect(await main(["status", "orders/orders", "--out", out, "--json"], io)).toBe(0);
    const [orders] = JSON.parse(io.stdout.join("\n")).products;
    expect(orders).toMatchObject({
      id: "orders.orders.v1",
      runs: 2,
      lastRun: { runId: "r2", outcome: "failed" },
    });
  });
});
