/**
 * A product with a list of structs, run end to end by `mesh run` and `mesh transform`: records
 * whose nested values fit are staged, transformed, checked against the contract and loaded with
 * the declared column type; a record whose nested value does not fit is quarantined, not loaded.
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

const order = (id: string, lines: unknown) => orderRecord(id, { lines });
const addLines = (dir: string) =>
  addOrdersColumn(
    dir,
    "lines",
    `{ type: "list<struct<sku:string,qty:int>>", description: "What was ordered." }`,
  );

describe.each(ENTRY_POINTS)("a product with a list<struct<…>> column, through $name", (entry) => {
  it("loads the records that fit with the declared type and quarantines the one that does not", async () => {
    const dir = scenarioWorkspace();
    addLines(dir);
    const batch = [
      order("o-1", [
        { sku: "a", qty: 2 },
        { sku: "b", qty: null },
      ]),
      order("o-2", [{ sku: "c", qty: "many" }]),
      order("o-3", []),
    ];
    await land(entry, dir, "orders.orders.v1", "batch.jsonl", batch.join("\n"));
    const outcome = await entry.run(dir, "orders.orders.v1");
    expect(outcome.stderr.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(outcome.code).toBe(0);
    const staging = entry.staging(dir, (await modelOf(dir, "orders.orders.v1")).model);
    const quarantined = readdirSync(staging, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.startsWith("quarantine/"),
    );
    expect(quarantined).toHaveLength(2); // the day's folder and its file
    const file = join(staging, quarantined.find((f) => f.endsWith(".ndjson"))!);
    expect(JSON.parse(readFileSync(file, "utf8").trim()).reason).toBe(
      'lines: [{"sku":"c","qty":"many"}] is not a list<struct<sku:string,qty:int>>: lines[1].qty is not an int',
    );
    expect(
      await rows(entry, dir, "SELECT order_id, lines::VARCHAR AS lines FROM orders.orders_v1 ORDER BY 1"),
    ).toEqual([
      { order_id: "o-1", lines: "[{'sku': a, 'qty': 2}, {'sku': b, 'qty': NULL}]" },
      { order_id: "o-3", lines: "[]" },
    ]);
    const [column] = await rows(
      entry,
      dir,
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'orders_v1' AND column_name = 'lines'",
    );
    expect(column).toEqual({ data_type: "STRUCT(sku VARCHAR, qty INTEGER)[]" });
  });
});
