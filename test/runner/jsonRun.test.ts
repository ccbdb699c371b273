/**
 * A product with a json column, run end to end by `mesh run` and `mesh transform`: any JSON value
 * is staged, transformed, checked against the contract (the transform outputs DuckDB's JSON) and
 * loaded as its JSON text; a record missing the required json value is quarantined, not loaded.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addOrdersColumn,
  ENTRY_POINTS,
  land,
  modelOf,
  orderRecord,
  rows,
  scenarioWorkspace,
} from "./entryPoints.js";

const order = (id: string, payload: unknown) => orderRecord(id, { payload });
const addPayload = (dir: string) =>
  addOrdersColumn(dir, "payload", `{ type: "json", required: true, description: "What the shop sent." }`);

describe.each(ENTRY_POINTS)("a product with a json column, through $name", (entry) => {
  it("loads any JSON value as its text and quarantines a record without it", async () => {
    const dir = scenarioWorkspace();
    addPayload(dir);
    const batch = [
      order("o-1", { channel: "web", items: [1, 2] }),
      order("o-2", null),
      order("o-3", [true, "x"]),
      order("o-4", 7.5),
    ];
    await land(entry, dir, "orders.orders.v1", "batch.jsonl", batch.join("\n"));
    const outcome = await entry.run(dir, "orders.orders.v1");
    expect(outcome.stderr.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(outcome.code).toBe(0);
    const staging = entry.staging(dir, (await modelOf(dir, "orders.orders.v1")).model);
    const quarantined = readdirSync(staging, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.startsWith("quarantine/") && f.endsWith(".ndjson"),
    );
    const file = join(staging, quarantined[0]!);
    expect(JSON.parse(readFileSync(file, "utf8").trim()).reason).toBe("payload: required");
    expect(
      await rows(
        entry,
        dir,
        "SELECT order_id, payload, payload->>'$.channel' AS channel FROM orders.orders_v1 ORDER BY 1",
      ),
    ).toEqual([
      { order_id: "o-1", payload: '{"channel":"web","items":[1,2]}', channel: "web" },
      { order_id: "o-3", payload: '[true,"x"]', channel: null },
      { order_id: "o-4", payload: "7.5", channel: null },
    ]);
    const [column] = await rows(
      entry,
      dir,
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'orders_v1' AND column_name = 'payload'",
    );
    // Stored as text, as an Iceberg catalog stores it.
    expect(column).toEqual({ data_type: "VARCHAR" });
  });
});
