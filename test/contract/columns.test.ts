/**
 * One comparison of a table's columns with its contract, shared by the plan (the bound SQL's
 * output) and the run (the transformed table, before it loads): every contract column of exactly
 * its DuckDB type, no other column, none twice.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { columnMismatches } from "../../components/contract/columns.js";
import type { Contract } from "../../components/contract/contract.js";
import { enforceContract } from "../../runner/enforce.js";

const contract = {
  id: "orders.orders.v1",
  schema: {
    order_id: { type: "string", required: true, description: "Order." },
    amount: { type: "decimal(12,2)", required: true, description: "Total." },
    currency: { type: "string", description: "Code." },
  },
  quality: {},
} as unknown as Contract;

describe("columnMismatches", () => {
  it("accepts exactly the contract's columns and types, in any order", () => {
    const columns = [
      { name: "currency", type: "VARCHAR" },
      { name: "order_id", type: "VARCHAR" },
      { name: "amount", type: "DECIMAL(12,2)" },
    ];
    expect(columnMismatches(columns, contract)).toEqual([]);
  });

  it("names a missing column, a type that differs, an extra column and a column twice", () => {
    const columns = [
      { name: "order_id", type: "VARCHAR" },
      { name: "order_id", type: "VARCHAR" },
      { name: "amount", type: "DOUBLE" },
      { name: "note", type: "VARCHAR" },
    ];
    expect(columnMismatches(columns, contract)).toEqual([
      { kind: "duplicate", column: "order_id" },
      { kind: "type", column: "amount", actual: "DOUBLE", expected: "DECIMAL(12,2)" },
      { kind: "missing", column: "currency", expected: "VARCHAR" },
      { kind: "extra", column: "note", actual: "VARCHAR" },
    ]);
  });
});

describe("columnMismatches on json fields", () => {
  const events = {
    schema: { payload: { type: "json", description: "Payload." } },
  } as unknown as Pick<Contract, "schema">;

  // A VARCHAR may hold any text: the transform casts it (`::JSON`), which refuses text that is not JSON.
  it("accepts a JSON column and names a VARCHAR one, which may hold text that is no JSON", () => {
    expect(columnMismatches([{ name: "payload", type: "JSON" }], events)).toEqual([]);
    expect(columnMismatches([{ name: "payload", type: "VARCHAR" }], events)).toEqual([
      { kind: "type", column: "payload", actual: "VARCHAR", expected: "JSON" },
    ]);
  });
});

describe("the run enforces the same comparison on the transformed table", () => {
  it("fails a table whose columns are not the contract's, before any value rule", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(
        "CREATE TABLE candidate AS SELECT 'o-1' AS order_id, 1.5::DOUBLE AS amount, 'x' AS note",
      );
      const { failures, rows } = await enforceContract(connection, "candidate", contract);
      expect(rows).toBe(1);
      expect(failures.map((f) => [f.rule, f.column, f.message])).toEqual([
        ["type", "amount", "column amount is DOUBLE, the contract says DECIMAL(12,2)"],
        ["column", "currency", "column currency is missing"],
        ["column", "note", "column note is not in the contract"],
      ]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
