/** The pipeline validates records in SQL; these tests hold it to the contract's message JSON Schema. */
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { type Contract, contractsOf } from "../../components/contract/contract.js";
import { loadMesh } from "../../program/loadMesh.js";
import { generatedLinesSql, parsedLinesSql, reasonSql } from "../../runner/recordSql.js";
import { literal } from "../../runner/sql.js";
import { messageValidator, sampleOrder } from "../support/messageValidator.js";

let contracts: Contract[];
beforeAll(async () => {
  contracts = contractsOf((await loadMesh()).domains);
});

async function sqlReasons(contract: Contract, records: string[]): Promise<string[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const values = records.map((r, i) => `(${i}, ${literal(r)})`).join(", ");
  const lines = `SELECT i, line FROM (VALUES ${values}) AS v(i, line)`;
  const parsed = parsedLinesSql(contract, lines).replace("SELECT line,", "SELECT i, line,");
  const rows = await c.runAndReadAll(`SELECT ${reasonSql(contract)} AS reason FROM (${parsed}) ORDER BY i`);
  return rows.getRowObjectsJson().map((r) => String(r.reason));
}

function ajvValid(contract: Contract): (record: string) => boolean {
  const validate = messageValidator(contract);
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
        ]).concat(['{"order_id": "o-1"}', "[]", "42", '"text"', "{oops"]),
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
          { signed_up_on: null },
          { segment: "government" },
          { email: undefined },
        ]),
    ],
  ])("%s: valid exactly when the JSON Schema says so", async (id, records) => {
    const contract = contracts.find((c) => c.id === id)!;
    const inputs = records();
    const reasons = await sqlReasons(contract, inputs);
    const valid = ajvValid(contract);
    for (const [i, record] of inputs.entries()) {
      expect(reasons[i] === "", `${record} → SQL "${reasons[i]}"`).toBe(valid(record));
    }
    expect(reasons.filter((r) => r === "").length).toBeGreaterThan(0);
    expect(reasons.filter((r) => r !== "").length).toBeGreaterThan(0);
  });

  it("generates records the JSON Schema accepts, the same for the same seed", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    for (const contract of contracts) {
      const run = async () =>
        (await c.runAndReadAll(generatedLinesSql(contract, 200, 42)))
          .getRowObjectsJson()
          .map((r) => String(r.line));
      const records = await run();
      const valid = ajvValid(contract);
      expect(
        records.filter((r) => !valid(r)),
        contract.id,
      ).toEqual([]);
      expect(await run()).toEqual(records);
    }
  });
});
