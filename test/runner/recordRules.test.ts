/**
 * A raw record's quality rules — accepted values, min and max — keep it out of staging, each with
 * its own reason; a value on a bound is accepted.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import type { RawRecords } from "../../components/declaration/productModel.js";
import { parsedLinesSql, reasonSql, typedColumnsSql } from "../../runner/recordSql.js";
import { literal } from "../../runner/sql.js";

const field = (type: string, extra: Record<string, unknown> = {}) =>
  ({ type, description: `A ${type}.`, required: false, pii: false, unique: false, ...extra }) as never;

const raw = (schema: Record<string, unknown>): RawRecords => ({
  schema: schema as RawRecords["schema"],
  unknownFields: "reject",
  maxRecordBytes: 1000,
});

/** Each record's reason for staying out of staging ('' when it is valid). */
async function reasons(records: RawRecords, lines: string[]): Promise<string[]> {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const values = lines.map((r, i) => `(${i}, ${literal(r)})`).join(", ");
  const rawLines = `SELECT i, line FROM (VALUES ${values}) AS v(i, line)`;
  const typed = `SELECT *, ${typedColumnsSql(records.schema)} FROM (${parsedLinesSql(records.schema, rawLines)})`;
  const rows = await connection.runAndReadAll(
    `SELECT ${reasonSql(records)} AS reason FROM (${typed}) ORDER BY i`,
  );
  connection.closeSync();
  return rows.getRowObjectsJson().map((r) => String(r.reason));
}

describe("raw records: min, max and accepted values", () => {
  it("refuses a number above the maximum, accepts one on it", async () => {
    const schema = raw({ qty: field("int", { min: 1, max: 10 }) });
    expect(await reasons(schema, ['{"qty": 10}', '{"qty": 11}', '{"qty": 1}', '{"qty": 0}'])).toEqual([
      "",
      "qty: 11 is above the maximum 10",
      "",
      "qty: 0 is below the minimum 1",
    ]);
  });

  it("holds decimals and doubles to their bounds too", async () => {
    const schema = raw({
      amount: field("decimal(6,2)", { max: 100 }),
      ratio: field("double", { min: 0, max: 1 }),
    });
    expect(
      await reasons(schema, ['{"amount": "100.00", "ratio": 1}', '{"amount": "100.01"}', '{"ratio": 1.5}']),
    ).toEqual(["", 'amount: "100.01" is above the maximum 100', "ratio: 1.5 is above the maximum 1"]);
  });

  it("refuses a value outside the accepted ones, naming them", async () => {
    const schema = raw({ status: field("string", { accepted: ["open", "it's"] }) });
    expect(await reasons(schema, ['{"status": "it\'s"}', '{"status": "closed"}'])).toEqual([
      "",
      `status: "closed" is not one of the accepted values (open, it's)`,
    ]);
  });
});

describe("raw records: string length and pattern", () => {
  it("refuses a string shorter or longer than its length rules, counting characters, not bytes", async () => {
    const schema = raw({ code: field("string", { minLength: 2, maxLength: 3 }) });
    expect(
      await reasons(schema, ['{"code": "ab"}', '{"code": "é€字"}', '{"code": "a"}', '{"code": "abcd"}']),
    ).toEqual(["", "", 'code: "a" is shorter than 2 characters', 'code: "abcd" is longer than 3 characters']);
  });

  it("refuses a string that does not match its pattern anywhere; an anchored one must match whole", async () => {
    const schema = raw({
      sku: field("string", { pattern: "^[A-Z]{3}-[0-9]+$" }),
      note: field("string", { pattern: "ok" }),
    });
    expect(
      await reasons(schema, [
        '{"sku": "ABC-12", "note": "is ok here"}',
        '{"sku": "ABC-12x"}',
        '{"note": "fine"}',
      ]),
    ).toEqual([
      "",
      'sku: "ABC-12x" does not match the pattern ^[A-Z]{3}-[0-9]+$',
      'note: "fine" does not match the pattern ok',
    ]);
  });
});
