/**
 * Issue 11, scenarios 3 and 6: a product with PII fields gets its PII-free projection as its own
 * Iceberg table, a consumer not admitted to the PII reads only that table, and the derived
 * product's rows equal `mesh run`'s on the laptop for the same input.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { land as landLocally, local, modelOf, rows, scenarioWorkspace } from "../runner/entryPoints.js";
import { dropTables, readIceberg, realProduction, sorted, tableOf } from "./production.js";

const CUSTOMERS = [
  {
    customer_id: "c-1",
    email: "ada@example.com",
    full_name: "Ada",
    segment: "consumer",
    country: "DE",
    signed_up_on: "2025-01-01",
  },
  {
    customer_id: "c-2",
    email: "bob@example.com",
    full_name: "Bob",
    segment: "business",
    country: "FR",
    signed_up_on: "2025-02-01",
  },
]
  .map((r) => JSON.stringify(r))
  .join("\n");
const ORDERS = [
  {
    order_id: "o-1",
    customer_id: "c-1",
    ordered_at: "2026-11-24T10:00:00Z",
    status: "paid",
    amount: "10.00",
    currency: "EUR",
  },
  {
    order_id: "o-2",
    customer_id: "c-2",
    ordered_at: "2026-11-24T11:00:00Z",
    status: "shipped",
    amount: "32.50",
    currency: "EUR",
  },
  {
    order_id: "o-3",
    customer_id: "c-2",
    ordered_at: "2026-11-24T12:00:00Z",
    status: "placed",
    amount: "99.00",
    currency: "EUR",
  },
]
  .map((r) => JSON.stringify(r))
  .join("\n");

const CUSTOMERS_ID = "customers.customers.v2";
const ORDERS_ID = "orders.orders.v1";
const REVENUE_ID = "analytics.revenue-by-segment.v2";

describe("the PII-free projection on a real Iceberg catalog", () => {
  const dir = scenarioWorkspace();
  const prod = realProduction();

  beforeAll(async () => {
    await dropTables(
      "customers.customers_v2",
      "customers.customers_v2_redacted",
      "orders.orders_v1",
      "analytics.revenue_by_segment_v2",
    );
    await prod.land(dir, CUSTOMERS_ID, "part-0001.jsonl", CUSTOMERS);
    await prod.land(dir, ORDERS_ID, "part-0001.jsonl", ORDERS);
    for (const id of [CUSTOMERS_ID, ORDERS_ID]) {
      const outcome = await prod.run(dir, id);
      expect(outcome.code, outcome.stderr.join("\n")).toBe(0);
    }
  });

  it("is its own table, with every column but the PII ones", async () => {
    const { model } = await modelOf(dir, CUSTOMERS_ID);
    const full = readIceberg(tableOf(model));
    const projection = readIceberg(tableOf(model, true));
    expect(full.columns.map((c) => c.name)).toEqual(expect.arrayContaining(["email", "full_name"]));
    expect(projection.columns.map((c) => c.name)).toEqual([
      "customer_id",
      "segment",
      "country",
      "signed_up_on",
    ]);
    const withoutPii = full.rows.map(({ email, full_name, ...rest }) => rest);
    expect(sorted(projection.rows)).toEqual(sorted(withoutPii));
    expect(JSON.stringify(projection.rows)).not.toMatch(/@example\.com/);
    // Each at its own warehouse prefix, where the platform grants the product's role (and the
    // consumer's role, for the projection only): not where the catalog would have put them.
    expect(full.location.replace(/\/$/, "")).toBe("s3://warehouse/customers/customers/v2");
    expect(projection.location.replace(/\/$/, "")).toBe("s3://warehouse/customers/customers/v2-redacted");
  });

  it("is all a consumer not admitted to the PII reads, and its rows equal mesh run's", async () => {
    const { model } = await modelOf(dir, REVENUE_ID);
    // analytics consumes customers without PII: its job reads the projection, never the full table.
    expect(model.inputs.find((i) => i.ref.domain === "customers")?.redacted).toBe(true);
    const outcome = await prod.run(dir, REVENUE_ID);
    expect(outcome.code, outcome.stderr.join("\n")).toBe(0);
    const revenue = readIceberg(tableOf(model));
    expect(revenue.rows.map((r) => [r.segment, r.order_count, r.revenue]).sort()).toEqual([
      ["business", 1, "32.50"],
      ["consumer", 1, "10.00"],
    ]);

    // A consumer's SQL that reaches for a PII column finds none: its input is the projection.
    const snooping = await prod.run(dir, REVENUE_ID, {
      sql: model.sql.replace("c.segment,", "c.segment, c.email,").replace("GROUP BY ALL", "GROUP BY ALL"),
    });
    expect(snooping.code).not.toBe(0);
    expect(snooping.stderr.join("\n")).toMatch(/email/);
    expect(readIceberg(tableOf(model)).snapshots).toEqual(revenue.snapshots);

    // The same input through mesh run on the laptop gives the same rows.
    const laptop = scenarioWorkspace();
    await landLocally(local, laptop, CUSTOMERS_ID, "part-0001.jsonl", CUSTOMERS);
    await landLocally(local, laptop, ORDERS_ID, "part-0001.jsonl", ORDERS);
    for (const id of [CUSTOMERS_ID, ORDERS_ID, REVENUE_ID])
      expect((await local.run(laptop, id)).code).toBe(0);
    const localRows = await rows(local, laptop, "SELECT * FROM analytics.revenue_by_segment_v2");
    expect(sorted(revenue.rows)).toEqual(sorted(localRows));
  });
});
