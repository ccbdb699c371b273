/**
 * Every run of a product appends one record to its run history — loaded, refused by its contract,
 * or failed — through both entry points of the pipeline core: `mesh run` (the local warehouse's
 * `_mesh.runs`) and `mesh transform` (the table beside the product's table).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { historyTableName } from "../../components/naming.js";
import { historyBeside, readRunHistory } from "../../runner/runHistory.js";
import { ENTRY_POINTS, type EntryPoint, land, local, scenarioWorkspace } from "./entryPoints.js";
import { nextCommit } from "./support.js";

const ORDERS = "orders.orders.v1";

const order = (id: string, edits: Record<string, unknown> = {}) =>
  JSON.stringify({
    order_id: id,
    customer_id: "c-001",
    ordered_at: "2026-11-24T09:00:00Z",
    status: "paid",
    amount: "10.00",
    currency: "EUR",
    ...edits,
  });

/** The history as the entry point's warehouse holds it, read the way `mesh status` reads it. */
async function history(entry: EntryPoint, dir: string, query: { product?: string; since?: string } = {}) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH '${entry.warehouse(dir)}' AS warehouse (READ_ONLY)`);
    const table =
      entry === local
        ? {}
        : { table: { database: "orders", table: historyTableName({ product: "orders", major: 1 }) } };
    return await readRunHistory(connection, { ...query, ...table });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The orders domain file of workspace `dir`, edited. */
function editOrders(dir: string, edit: (text: string) => string) {
  const file = join(dir, "domains/orders/index.ts");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
}

describe.each(ENTRY_POINTS)("the run history through $name", (entry) => {
  it("records a loaded run: rows in, quarantined by reason, rows out, each rule's result", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, ORDERS, "a.jsonl", [order("o-1"), order("o-2"), "{broken"].join("\n"));
    expect((await entry.run(dir, ORDERS)).code).toBe(0);
    const [run, ...more] = await history(entry, dir);
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      product: ORDERS,
      version: "1.2.0",
      outcome: "succeeded",
      rowsIn: 3,
      quarantined: { "not valid JSON": 1 },
      rowsOut: 2,
    });
    expect(run!.error).toBeUndefined();
    expect(Date.parse(run!.endedAt)).toBeGreaterThanOrEqual(Date.parse(run!.startedAt));
    expect(run!.checks).toContainEqual({
      rule: "required:order_id",
      passed: true,
      observed: 0,
      expected: "0 rows",
    });
    expect(run!.checks).toContainEqual({ rule: "rowCount", passed: true, observed: 2, expected: ">= 1" });
  });

  it("records a run its contract refuses as failed, with the rule that failed; runs come back oldest first", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, ORDERS, "a.jsonl", order("o-1"));
    expect((await entry.run(dir, ORDERS)).code).toBe(0);
    const next = nextCommit(dir, "min-5");
    editOrders(next, (t) =>
      t.replace("quality: { rowCount: { min: 1 } }", "quality: { rowCount: { min: 5 } }"),
    );
    expect((await entry.run(next, ORDERS)).code).toBe(1);
    const runs = await history(entry, next);
    expect(runs.map((r) => r.outcome)).toEqual(["succeeded", "failed"]);
    expect(runs[1]!.error).toMatch(/breaks its contract \(rowCount\); the previous table is kept/);
    expect(runs[1]!.checks).toContainEqual({
      rule: "rowCount",
      passed: false,
      observed: 1,
      expected: ">= 5",
    });
    expect(await history(entry, next, { since: runs[1]!.startedAt })).toEqual([runs[1]]);
    expect(await history(entry, next, { product: "customers.customers.v2" })).toEqual([]);
  });

  it("records a run that fails on the data as failed, with DuckDB's error", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, ORDERS, "a.jsonl", order("o-1"));
    const sql = join(dir, "domains/orders/orders.sql");
    writeFileSync(
      sql,
      readFileSync(sql, "utf8").replace(
        "order_id, customer_id",
        "CAST(CAST(order_id AS INTEGER) AS VARCHAR) AS order_id, customer_id",
      ),
    );
    expect((await entry.run(dir, ORDERS)).code).not.toBe(0);
    const [run] = await history(entry, dir);
    expect(run).toMatchObject({ outcome: "failed", rowsIn: 1, rowsOut: 0, checks: [] });
    expect(run!.error).toMatch(/Conversion Error/);
  });

  it("refuses a table whose row count moved past volumeChange from the recorded runs' median", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, ORDERS, "a.jsonl", order("o-1"));
    expect((await entry.run(dir, ORDERS)).code).toBe(0);
    const next = nextCommit(dir, "volume");
    editOrders(next, (t) =>
      t.replace(
        "quality: { rowCount: { min: 1 } }",
        "quality: { volumeChange: { maxPercent: 50, lastRuns: 1 } }",
      ),
    );
    await land(entry, next, ORDERS, "b.jsonl", [order("o-2"), order("o-3"), order("o-4")].join("\n"));
    const outcome = await entry.run(next, ORDERS);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.join("\n")).toContain(
      "volumeChange: 4 row(s), 300.0 % away from the median 1 of the last 1 successful runs (at most 50 %)",
    );
    const runs = await history(entry, next);
    expect(runs.map((r) => [r.outcome, r.rowsOut])).toEqual([
      ["succeeded", 1],
      ["failed", 4],
    ]);
  });
});

describe("the production history's place", () => {
  const ref = { domain: "orders", product: "orders", major: 1 };

  it("is beside the product's table, its files beside the table's where the run creates it", () => {
    expect(
      historyBeside(
        { database: "orders_prod", table: "orders_v1", location: "s3://wh/orders/orders/v1/" },
        ref,
      ),
    ).toEqual({
      database: "orders_prod",
      table: "orders_v1_runs",
      location: "s3://wh/orders/orders/v1-runs/",
    });
  });

  it("has no location of its own when the table's is not the product's warehouse prefix", () => {
    expect(
      historyBeside({ database: "orders", table: "orders_v1", location: "s3://wh/elsewhere/" }, ref),
    ).toEqual({
      database: "orders",
      table: "orders_v1_runs",
    });
  });
});
