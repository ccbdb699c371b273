/**
 * One pipeline core, two entry points: every scenario runs through `mesh run` and through
 * `mesh transform` (the pod's command, arguments from the runner protocol) and must end the same.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  addCoupon,
  ENTRY_POINTS,
  land,
  modelOf,
  production,
  rows,
  runTransformJob,
  scenarioWorkspace,
} from "./entryPoints.js";
import { nextCommit } from "./support.js";

const SAMPLES = (domain: string, product: string) =>
  readFileSync(join("domains", domain, "samples", `${product}.ndjson`), "utf8");

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

const count = async (entry: (typeof ENTRY_POINTS)[number], dir: string, table: string) =>
  Number((await rows(entry, dir, `SELECT count(*)::INTEGER AS n FROM ${table}`))[0]!.n);

/** Every file under a folder, relative to it. */
const filesUnder = (dir: string) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }).sort() : [];

describe.each(ENTRY_POINTS)("the pipeline core through $name", (entry) => {
  it("stages, transforms and loads the sample events: 77 in, 2 quarantined, 42 orders", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, "orders.orders.v1", "samples.jsonl", SAMPLES("orders", "orders"));
    const outcome = await entry.run(dir, "orders.orders.v1");
    expect(outcome.stderr.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(outcome.code).toBe(0);
    expect(await count(entry, dir, "orders.orders_v1")).toBe(42);
    // The staged batch is named by its content; the quarantine holds the two bad records.
    const staging = readdirSync(
      join(entry.staging(dir, (await modelOf(dir, "orders.orders.v1")).model), "ingest_date=2026-11-24"),
    );
    expect(staging).toEqual([expect.stringMatching(/^batch-[0-9a-f]{32}\.parquet$/)]);
  });

  it("judges each line alone: the valid lines of a file with bad ones are staged", async () => {
    const dir = scenarioWorkspace();
    await land(
      entry,
      dir,
      "orders.orders.v1",
      "mixed.jsonl",
      [order("o-1"), "{broken", order("o-2", { amount: "1e309" }), order("o-3")].join("\r\n"),
    );
    const outcome = await entry.run(dir, "orders.orders.v1");
    expect(outcome.code).toBe(0);
    expect(await rows(entry, dir, "SELECT order_id FROM orders.orders_v1 ORDER BY 1")).toEqual([
      { order_id: "o-1" },
      { order_id: "o-3" },
    ]);
  });

  it("never lets a bad raw file block the files after it", async () => {
    const dir = scenarioWorkspace();
    // A truncated gzip: the sink died mid-write.
    await land(entry, dir, "orders.orders.v1", "a-broken.jsonl.gz", gzipSync(order("o-1")).subarray(0, 12));
    await land(entry, dir, "orders.orders.v1", "b-good.jsonl", order("o-2"));
    await entry.run(dir, "orders.orders.v1");
    expect(await rows(entry, dir, "SELECT order_id FROM orders.orders_v1")).toEqual([{ order_id: "o-2" }]);
  });

  it("accepts no record that could make a later load fail", async () => {
    const dir = scenarioWorkspace();
    const hostile = [
      order("o-0"),
      order("o-1", { amount: 1e308 }),
      order("o-2", { amount: "99999999999" }),
      order("o-3", { amount: 0.005 }),
      order("o-4", { ordered_at: "2026-11-24T24:00:00Z" }),
      order("o-5", { ordered_at: "2026-11-24T09:00:00+99:99" }),
      order("o-6", { ordered_at: "0000-01-01T00:00:00Z" }),
      '{"order_id": "o-7", "order_id": "o-8", "customer_id": "c-001", "ordered_at": "2026-11-24T09:00:00Z", "status": "paid", "amount": "1.00", "currency": "EUR"}',
    ];
    await land(entry, dir, "orders.orders.v1", "hostile.jsonl", hostile.join("\n"));
    const first = await entry.run(dir, "orders.orders.v1");
    expect(first.code).toBe(0);
    await land(entry, dir, "orders.orders.v1", "good.jsonl", order("o-9"), "2026-11-25");
    const second = await entry.run(dir, "orders.orders.v1");
    expect(second.stderr.join("\n")).not.toMatch(/breaks its contract|error/);
    expect(second.code).toBe(0);
    expect(await rows(entry, dir, "SELECT order_id FROM orders.orders_v1 ORDER BY 1")).toEqual([
      { order_id: "o-0" },
      { order_id: "o-9" },
    ]);
  });

  it("stages the same batch once, whatever day or name it arrives under", async () => {
    const dir = scenarioWorkspace();
    const batch = [order("o-1"), order("o-2")].join("\n");
    await land(entry, dir, "orders.orders.v1", "first.jsonl", batch, "2026-11-24");
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    await land(entry, dir, "orders.orders.v1", "redelivered.jsonl", batch, "2026-11-25");
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    const staging = entry.staging(dir, (await modelOf(dir, "orders.orders.v1")).model);
    expect(filesUnder(staging).filter((f) => f.endsWith(".parquet"))).toHaveLength(1);
    expect(await count(entry, dir, "orders.orders_v1")).toBe(2);
  });

  it("keeps the previous table when the output breaks its contract", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, "orders.orders.v1", "a.jsonl", [order("o-1"), order("o-2")].join("\n"));
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    writeFileSync(
      join(dir, "domains/orders/orders.sql"),
      "SELECT order_id, customer_id, ordered_at, status, amount, currency FROM staging UNION ALL SELECT order_id, customer_id, ordered_at, status, amount, currency FROM staging",
    );
    await land(entry, dir, "orders.orders.v1", "b.jsonl", order("o-3"), "2026-11-25");
    const outcome = await entry.run(dir, "orders.orders.v1");
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.join("\n")).toMatch(/unique \(order_id\)/);
    expect(await count(entry, dir, "orders.orders_v1")).toBe(2);
  });

  it("evolves the table for a field added within the major: earlier rows read NULL", async () => {
    const before = scenarioWorkspace();
    await land(entry, before, "orders.orders.v1", "before.jsonl", order("o-1"));
    expect((await entry.run(before, "orders.orders.v1")).code).toBe(0);
    // The next deploy, as a new process sees it: this process has imported the old domain file.
    const dir = nextCommit(before, "next");
    addCoupon(dir);
    await land(
      entry,
      dir,
      "orders.orders.v1",
      "after.jsonl",
      order("o-2", { coupon: "WINTER" }),
      "2026-11-25",
    );
    const outcome = await entry.run(dir, "orders.orders.v1");
    expect(outcome.stderr.filter((l) => /error|breaks/.test(l))).toEqual([]);
    expect(outcome.code).toBe(0);
    expect(await rows(entry, dir, "SELECT order_id, coupon FROM orders.orders_v1 ORDER BY 1")).toEqual([
      { order_id: "o-1", coupon: null },
      { order_id: "o-2", coupon: "WINTER" },
    ]);
  });

  it("folds only the new batches into an incremental product's table", async () => {
    const dir = scenarioWorkspace();
    await land(
      entry,
      dir,
      "orders.orders.v1",
      "a.jsonl",
      [order("o-1", { status: "placed" }), order("o-2")].join("\n"),
    );
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    // A later event for o-1, and an out-of-order older one for o-2 that must not win.
    await land(
      entry,
      dir,
      "orders.orders.v1",
      "b.jsonl",
      [
        order("o-1", { status: "shipped", ordered_at: "2026-11-25T09:00:00Z" }),
        order("o-2", { status: "placed", ordered_at: "2026-11-23T09:00:00Z" }),
      ].join("\n"),
      "2026-11-25",
    );
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    expect(await rows(entry, dir, "SELECT order_id, status FROM orders.orders_v1 ORDER BY 1")).toEqual([
      { order_id: "o-1", status: "shipped" },
      { order_id: "o-2", status: "paid" },
    ]);
    const ledger = JSON.parse(
      readFileSync(
        join(entry.staging(dir, (await modelOf(dir, "orders.orders.v1")).model), "state/ledger.json"),
        "utf8",
      ),
    );
    expect(ledger.folded).toHaveLength(2);
  });

  it("gives a derived product exactly its declared inputs: the PII-free projection when not admitted", async () => {
    const dir = scenarioWorkspace();
    await land(entry, dir, "customers.customers.v2", "c.jsonl", SAMPLES("customers", "customers"));
    await land(entry, dir, "orders.orders.v1", "o.jsonl", SAMPLES("orders", "orders"));
    expect((await entry.run(dir, "customers.customers.v2")).code).toBe(0);
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    expect((await entry.run(dir, "analytics.revenue-by-segment.v2")).code).toBe(0);
    expect(await count(entry, dir, "analytics.revenue_by_segment_v2")).toBeGreaterThan(0);
    // Its SQL reaching for a PII column is refused before it runs: its view of customers has none.
    const sql = join(dir, "domains/analytics/revenue-by-segment.sql");
    writeFileSync(sql, readFileSync(sql, "utf8").replace("c.segment,", "c.segment, c.email,"));
    await expect(entry.run(dir, "analytics.revenue-by-segment.v2")).rejects.toThrow(
      /"email".*customers__customers is customers\.customers\.v2 without its PII/,
    );
  });
});

describe("a transform job given SQL the plan would refuse (its ConfigMap edited by hand)", () => {
  it("still cannot read a PII column its domain is not admitted to: the table it reads has none", async () => {
    const dir = scenarioWorkspace();
    await land(production, dir, "customers.customers.v2", "c.jsonl", SAMPLES("customers", "customers"));
    await land(production, dir, "orders.orders.v1", "o.jsonl", SAMPLES("orders", "orders"));
    expect((await production.run(dir, "customers.customers.v2")).code).toBe(0);
    expect((await production.run(dir, "orders.orders.v1")).code).toBe(0);
    const { model } = await modelOf(dir, "analytics.revenue-by-segment.v2");
    const outcome = await runTransformJob(
      dir,
      model,
      { catalog: production.warehouse(dir) },
      model.sql.replace("c.segment,", "c.segment, c.email,"),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.join("\n")).toMatch(/Binder Error: .*"email"/);
  });
});

/** A domain whose raw records are not its product: shipments arrive without the order's amount. */
const SHIPPING = `import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "shipping",
  owner: { team: "logistics", email: "logistics@example.com" },
  description: "Parcels handed to carriers.",
  consumes: [{ domain: "orders", product: "orders", major: 1, purpose: "Order value per parcel" }],
  dataProducts: [
    {
      name: "shipments",
      version: "1.0.0",
      description: "One row per shipment, with the value of its order.",
      classification: Classification.Internal,
      schema: {
        shipment_id: { type: "string", required: true, unique: true, description: "Shipment." },
        order_id: { type: "string", required: true, description: "Order shipped." },
        order_amount: { type: "decimal(12,2)", required: true, description: "The order's total." },
      },
      ingestion: {
        // The carrier's events: no amount; the transform joins it from orders.
        schema: {
          shipment_id: { type: "string", required: true, description: "Shipment." },
          order_id: { type: "string", required: true, description: "Order shipped." },
        },
        unknownFields: "UNKNOWN",
      },
      transform: {
        sql: "SELECT s.shipment_id, s.order_id, o.amount AS order_amount FROM staging AS s JOIN orders__orders AS o USING (order_id)",
        schedule: "0 * * * *",
      },
      slos: { freshness: "1d" },
    },
  ],
});
`;

describe.each(ENTRY_POINTS)("raw records with their own schema, through $name", (entry) => {
  it.each([
    ["reject", ["s-1"], 1],
    ["drop", ["s-1", "s-2"], 0],
  ] as const)("validates raw records against the raw schema; unknown fields: %s", async (policy, shipped, quarantined) => {
    const dir = scenarioWorkspace();
    mkdirSync(join(dir, "domains/shipping"), { recursive: true });
    writeFileSync(join(dir, "domains/shipping/index.ts"), SHIPPING.replace("UNKNOWN", policy));
    await land(
      entry,
      dir,
      "orders.orders.v1",
      "o.jsonl",
      [order("o-1"), order("o-2", { amount: "7.50" })].join("\n"),
    );
    expect((await entry.run(dir, "orders.orders.v1")).code).toBe(0);
    await land(
      entry,
      dir,
      "shipping.shipments.v1",
      "s.jsonl",
      [
        JSON.stringify({ shipment_id: "s-1", order_id: "o-1" }),
        // A field the raw schema does not declare, even one the product has.
        JSON.stringify({ shipment_id: "s-2", order_id: "o-2", order_amount: "1.00" }),
      ].join("\n"),
    );
    const outcome = await entry.run(dir, "shipping.shipments.v1");
    expect(outcome.code).toBe(0);
    const table = await rows(
      entry,
      dir,
      "SELECT shipment_id, order_amount::VARCHAR AS amount FROM shipping.shipments_v1 ORDER BY 1",
    );
    expect(table.map((r) => r.shipment_id)).toEqual(shipped);
    // The amount comes from orders, never from the raw record.
    expect(table.map((r) => r.amount)).toEqual(shipped.map((s) => (s === "s-1" ? "10.00" : "7.50")));
    const ledger = join(
      entry.staging(dir, (await modelOf(dir, "shipping.shipments.v1")).model),
      "quarantine",
    );
    expect(filesUnder(ledger).filter((f) => f.endsWith(".ndjson")).length).toBe(quarantined);
  });
});
