import { beforeEach, describe, expect, it } from "vitest";
import {
  addCoupon,
  land as landLocally,
  local,
  modelOf,
  rows,
  scenarioWorkspace,
} from "../runner/entryPoints.js";
import { nextCommit } from "../runner/support.js";
import { dropTables, readIceberg, realProduction, sorted, tableOf } from "./production.js";

const order = (id: string, status: string, at: string, amount = "10.00") =>
  JSON.stringify({ order_id: id, customer_id: "c-1", ordered_at: at, status, amount, currency: "EUR" });

const FIRST = [
  order("o-1", "placed", "2026-11-24T10:00:00Z"),
  order("o-2", "placed", "2026-11-24T10:05:00Z", "20.50"),
  order("o-1", "paid", "2026-11-24T10:10:00Z"),
].join("\n");
const SECOND = [
  order("o-2", "shipped", "2026-11-24T11:00:00Z", "20.50"),
  order("o-3", "placed", "2026-11-24T11:05:00Z"),
].join("\n");

describe("mesh transform on S3 and an Iceberg REST catalog", () => {
  // Every scenario starts without the table: its first run creates it, as on a new catalog.
  beforeEach(() => dropTables("orders.orders_v1"));

  it("stages raw NDJSON in the bucket and commits the table PyIceberg reads back; a second batch appends", async () => {
    const dir = scenarioWorkspace();
    const prod = realProduction();
    const { model } = await modelOf(dir, "orders.orders.v1");
    await prod.land(dir, model.id, "part-0001.jsonl", FIRST);
    const first = await prod.run(dir, model.id);
    expect(first.code, first.stderr.join("\n")).toBe(0);
    expect(first.stdout.at(-1)).toMatch(/^orders\/orders: 2 rows loaded into orders\.orders_v1/);

    const staged = await prod.client.list(prod.bucket, prod.stagingPrefix(model));
    expect(staged.filter((k) => /ingest_date=2026-11-24\/batch-[0-9a-f]{32}\.parquet$/.test(k))).toHaveLength(
      1,
    );
    const afterFirst = readIceberg(tableOf(model));
    expect(afterFirst.rows.map((r) => [r.order_id, r.status])).toEqual(
      expect.arrayContaining([
        ["o-1", "paid"],
        ["o-2", "placed"],
      ]),
    );
    expect(afterFirst.rows).toHaveLength(2);

    await prod.land(dir, model.id, "part-0002.jsonl", SECOND, "2026-11-25");
    expect((await prod.run(dir, model.id)).code).toBe(0);
    const afterSecond = readIceberg(tableOf(model));
    expect(afterSecond.rows.map((r) => [r.order_id, r.status]).sort()).toEqual([
      ["o-1", "paid"],
      ["o-2", "shipped"],
      ["o-3", "placed"],
    ]);
    expect(afterSecond.snapshots.length).toBeGreaterThan(afterFirst.snapshots.length);
    // The first run's snapshot still reads as it was (time travel on the real table).
    const asBefore = readIceberg(tableOf(model), afterFirst.snapshots.at(-1)!.id);
    expect(sorted(asBefore.rows)).toEqual(sorted(afterFirst.rows));

    // The same input through mesh run on the laptop gives the same rows (one pipeline core).
    const laptop = scenarioWorkspace();
    await landLocally(local, laptop, model.id, "part-0001.jsonl", FIRST);
    expect((await local.run(laptop, model.id)).code).toBe(0);
    await landLocally(local, laptop, model.id, "part-0002.jsonl", SECOND, "2026-11-25");
    expect((await local.run(laptop, model.id)).code).toBe(0);
    const localRows = await rows(local, laptop, "SELECT * FROM orders.orders_v1");
    expect(sorted(afterSecond.rows)).toEqual(sorted(localRows));
  });

  it("commits nothing when the output breaks the contract, and a re-run changes no row", async () => {
    const dir = scenarioWorkspace();
    const prod = realProduction();
    const id = "orders.orders.v1";
    const { model } = await modelOf(dir, id);
    await prod.land(dir, id, "part-0001.jsonl", FIRST);
    expect((await prod.run(dir, id)).code).toBe(0);
    const loaded = readIceberg(tableOf(model));

    // A deploy whose SQL makes amounts negative: the contract's min 0 refuses the candidate.
    await prod.land(dir, id, "part-0002.jsonl", SECOND, "2026-11-25");
    const broken = await prod.run(dir, id, { sql: model.sql.replace("amount,", "-amount AS amount,") });
    expect(broken.code).toBe(1);
    expect(broken.stderr.join("\n")).toMatch(/breaks its contract; orders\.orders_v1 is unchanged/);
    const after = readIceberg(tableOf(model));
    expect(after.snapshots).toEqual(loaded.snapshots);
    expect(after.metadataLog).toBe(loaded.metadataLog);
    expect(sorted(after.rows)).toEqual(sorted(loaded.rows));

    // The fixed SQL takes the batches the failed run staged; running again changes no row.
    expect((await prod.run(dir, id)).code).toBe(0);
    const fixed = readIceberg(tableOf(model));
    expect(fixed.rows).toHaveLength(3);
    expect((await prod.run(dir, id)).code).toBe(0);
    const again = readIceberg(tableOf(model));
    expect(sorted(again.rows)).toEqual(sorted(fixed.rows));
    // Each run is one commit of the catalog: its delete and append land together.
    expect(again.metadataLog).toBe(fixed.metadataLog + 1);
  });

  it("evolves the real Iceberg table for a field added within the major: earlier rows read NULL", async () => {
    const before = scenarioWorkspace();
    const prod = realProduction();
    const id = "orders.orders.v1";
    const { model } = await modelOf(before, id);
    await prod.land(before, id, "part-0001.jsonl", FIRST);
    expect((await prod.run(before, id)).code).toBe(0);
    const old = readIceberg(tableOf(model));
    expect(old.columns.map((c) => c.name)).not.toContain("coupon");

    const dir = nextCommit(before, "next");
    addCoupon(dir);
    const withCoupon = JSON.stringify({
      ...JSON.parse(order("o-9", "placed", "2026-11-25T09:00:00Z")),
      coupon: "WINTER",
    });
    await prod.land(dir, id, "part-0002.jsonl", withCoupon, "2026-11-25");
    // This run signs in with OAuth2 client credentials, as a pod given credentialsSecret does:
    // DuckDB's ATTACH and the runner's own REST commit both take a token from the catalog.
    Object.assign(process.env, { MESH_CATALOG_CLIENT_ID: "orders", MESH_CATALOG_CLIENT_SECRET: "s3cret" });
    const outcome = await prod.run(dir, id).finally(() => {
      delete process.env.MESH_CATALOG_CLIENT_ID;
      delete process.env.MESH_CATALOG_CLIENT_SECRET;
    });
    expect(outcome.code, outcome.stderr.join("\n")).toBe(0);

    const evolved = readIceberg(tableOf(model));
    expect(evolved.columns.at(-1)).toEqual({ name: "coupon", type: "string", required: false });
    expect(evolved.rows.map((r) => [r.order_id, r.coupon]).sort()).toEqual([
      ["o-1", null],
      ["o-2", null],
      ["o-9", "WINTER"],
    ]);
    // The snapshot before the change still reads with the schema it was written with.
    const history = readIceberg(tableOf(model), old.snapshots.at(-1)!.id);
    expect(sorted(history.rows)).toEqual(sorted(old.rows));
  });
});
