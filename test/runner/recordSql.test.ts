/** The pipeline validates records in SQL; these tests hold it to the contract's message JSON Schema. */
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import type { Contract } from "../../components/contract/contract.js";
import type { RawRecords } from "../../components/declaration/productModel.js";
import { loadMesh } from "../../program/loadMesh.js";
import { generatedLinesSql, parsedLinesSql, reasonSql, typedColumnsSql } from "../../runner/recordSql.js";
import { literal } from "../../runner/sql.js";
import { messageValidator, rawProducts, sampleOrder } from "../support/messageValidator.js";

let products: { contract: Contract; raw: RawRecords }[];
beforeAll(async () => {
  products = rawProducts((await loadMesh()).domains);
});

async function sqlReasons(raw: RawRecords, records: string[]): Promise<string[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const values = records.map((r, i) => `(${i}, ${literal(r)})`).join(", ");
  const lines = `SELECT i, line FROM (VALUES ${values}) AS v(i, line)`;
  const typed = `SELECT *, ${typedColumnsSql(raw.schema)} FROM (${parsedLinesSql(raw.schema, lines)})`;
  const rows = await c.runAndReadAll(`SELECT ${reasonSql(raw)} AS reason FROM (${typed}) ORDER BY i`);
  return rows.getRowObjectsJson().map((r) => String(r.reason));
}

function ajvValid({ raw, contract }: { raw: RawRecords; contract: Contract }): (record: string) => boolean {
  const validate = messageValidator(raw, contract);
  return (record) => {
    try {
      return validate(JSON.parse(record)) === true;
    } catch {
      return false;
    }
  };
}

const order = sampleOrder;
const customer = {
  customer_id: "c-1",
  email: "a@b.c",
  full_name: null,
  segment: "business",
  country: "DE",
  signed_up_on: "2025-02-28",
};
const variants = (base: Record<string, unknown>, edits: Record<string, unknown>[]) =>
  edits.map((e) => JSON.stringify({ ...base, ...e }));

describe("SQL validation agrees with the message JSON Schema", () => {
  it.each([
    [
      "orders.orders.v1",
      () =>
        variants(order, [
          {},
          { amount: 19.99 },
          { amount: 0 },
          { amount: -0.01 },
          { amount: "1234567890.12" },
          { amount: "12345678901.12" },
          { amount: "1.2.3" },
          { amount: "0.005" },
          { amount: 12.5 },
          { amount: 99999999999 },
          { ordered_at: "2026-01-01T24:00:00Z" },
          { ordered_at: "2026-01-01T10:00:00+99:99" },
          { ordered_at: "0000-01-01T10:00:00Z" },
          { ordered_at: "2026-02-30T10:00:00Z" },
          { ordered_at: "2026-11-24T10:00:00.1234567Z" },
          { amount: true },
          { status: "shipped" },
          { status: "Paid" },
          { currency: null },
          { ordered_at: "2026-11-24T10:00:00.123+05:30" },
          { ordered_at: "2026-11-24" },
          { ordered_at: 1732442400 },
          { order_id: "" },
          { order_id: ["o-1"] },
          { extra: 1 },
        ]).concat([
          '{"order_id": "o-1"}',
          "[]",
          "42",
          '"text"',
          "{oops",
          JSON.stringify(order).replace('"amount":"19.99"', '"amount":1e309'),
        ]),
    ],
    [
      "customers.customers.v2",
      () =>
        variants(customer, [
          {},
          { full_name: "Ada" },
          { full_name: 3 },
          { signed_up_on: "2025-02-30" },
          { signed_up_on: "2025-2-3" },
          { signed_up_on: "0000-01-01" },
          { signed_up_on: "2024-02-29" },
          { signed_up_on: null },
          { segment: "government" },
          { email: undefined },
        ]),
    ],
  ])("%s: valid exactly when the JSON Schema says so", async (id, records) => {
    const product = products.find((p) => p.contract.id === id)!;
    const inputs = records();
    const reasons = await sqlReasons(product.raw, inputs);
    const valid = ajvValid(product);
    for (const [i, record] of inputs.entries()) {
      expect(reasons[i] === "", `${record} → SQL "${reasons[i]}"`).toBe(valid(record));
    }
    expect(reasons.filter((r) => r === "").length).toBeGreaterThan(0);
    expect(reasons.filter((r) => r !== "").length).toBeGreaterThan(0);
  });

  it("agrees on string lengths (in code points) and unanchored or anchored patterns", async () => {
    const base = products.find((p) => p.contract.id === "orders.orders.v1")!;
    const schema = {
      ...base.raw.schema,
      order_id: { ...base.raw.schema.order_id!, minLength: 3, maxLength: 4, pattern: "^[A-Z€]{3}" },
      customer_id: { ...base.raw.schema.customer_id!, pattern: "\\d" },
    };
    const product = { ...base, raw: { ...base.raw, schema } };
    const inputs = variants(order, [
      { order_id: "ABC" },
      { order_id: "EU" },
      { order_id: "EURO" },
      { order_id: "EUROS" },
      { order_id: "eur" },
      { order_id: "€€€" },
      { order_id: "EU😀" },
      { order_id: "😀😀😀😀" },
      { order_id: "ABC", customer_id: "c-12" },
      { order_id: "ABC", customer_id: "c-x" },
    ]);
    const reasons = await sqlReasons(product.raw, inputs);
    const valid = ajvValid(product);
    for (const [i, record] of inputs.entries()) {
      expect(reasons[i] === "", `${record} → SQL "${reasons[i]}"`).toBe(valid(record));
    }
    // ABC, EURO, €€€ and c-12: each rule passes somewhere and fails somewhere.
    expect(reasons.filter((r) => r === "")).toHaveLength(4);
  });

  it("generates records the JSON Schema accepts, the same for the same seed", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    for (const product of products) {
      const run = async () =>
        (await c.runAndReadAll(generatedLinesSql(product.raw.schema, 200, 42)))
          .getRowObjectsJson()
          .map((r) => String(r.line));
      const records = await run();
      const valid = ajvValid(product);
      expect(
        records.filter((r) => !valid(r)),
        product.contract.id,
      ).toEqual([]);
      expect(await sqlReasons(product.raw, records), product.contract.id).toEqual(records.map(() => ""));
      expect(await run()).toEqual(records);
    }
  });
});
