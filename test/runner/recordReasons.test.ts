/**
 * What a quarantined record says: each problem's kind (counted per batch in the run's summary) and
 * its reason (in the quarantine file), exactly, for every field type. The agreement test
 * (recordSql.test.ts) holds which records are refused; this one holds what they are told.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import type { RawRecords } from "../../components/declaration/productModel.js";
import { checkedLinesSql, generatedLinesSql } from "../../runner/recordSql.js";
import { literal } from "../../runner/sql.js";

const field = (type: string, extra: Record<string, unknown> = {}) =>
  ({ type, description: `A ${type}.`, required: false, pii: false, unique: false, ...extra }) as never;

const raw: RawRecords = {
  schema: {
    id: field("string", { required: true }),
    flag: field("boolean"),
    qty: field("int"),
    big: field("bigint"),
    ratio: field("double"),
    amount: field("decimal(6,2)"),
    fraction: field("decimal(2,2)"),
    day: field("date"),
    at: field("timestamp"),
  } as RawRecords["schema"],
  unknownFields: "reject",
  maxRecordBytes: 200,
};

let run: (sql: string) => Promise<Record<string, unknown>[]>;
beforeAll(async () => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
});

/** Each line's problems as `kind: reason`. */
async function problems(lines: string[], records: RawRecords = raw): Promise<string[][]> {
  const values = lines.map((r, i) => `(${i}, ${literal(r)})`).join(", ");
  const rawLines = `SELECT i, line FROM (VALUES ${values}) AS v(i, line)`;
  const rows = await run(
    `SELECT list_transform(problems, p -> p.kind || ': ' || p.reason) AS p FROM (${checkedLinesSql(records, rawLines)}) ORDER BY i`,
  );
  return rows.map((r) => r.p as string[]);
}

const rec = (fields: string) => `{"id": "r-1"${fields ? `, ${fields}` : ""}}`;

describe("a record's problems, kind and reason", () => {
  it.each([
    ["", []],
    ['"flag": 1', ["wrong type: flag: 1 is not a boolean"]],
    ['"flag": true, "qty": "1"', ['wrong type: qty: "1" is not an integer']],
    ['"qty": 1.5', ["wrong type: qty: 1.5 is not an integer"]],
    ['"qty": 1e400', ["out of range: qty: 1e400 is out of range for int"]],
    ['"qty": 2147483648', ["out of range: qty: 2147483648 is out of range for int"]],
    ['"big": "7"', ['wrong type: big: "7" is not an integer']],
    ['"ratio": "0.5"', ['wrong type: ratio: "0.5" is not a number']],
    ['"ratio": 1e400', ["out of range: ratio: 1e400 is out of range for double"]],
    ['"amount": true', ["wrong type: amount: true is not a decimal(6,2)"]],
    ['"amount": "1e3"', ['wrong type: amount: "1e3" is not a decimal number']],
    [
      '"amount": "1.005"',
      ['too many decimal places: amount: "1.005" has more than 2 decimal places for decimal(6,2)'],
    ],
    ['"amount": "10000.00"', ['out of range: amount: "10000.00" is out of range for decimal(6,2)']],
    [
      '"amount": 1.005',
      ["too many decimal places: amount: 1.005 has more than 2 decimal places for decimal(6,2)"],
    ],
    ['"amount": 1e400', ["out of range: amount: 1e400 is out of range for decimal(6,2)"]],
    ['"fraction": "1.00"', ['out of range: fraction: "1.00" is out of range for decimal(2,2)']],
    ['"day": 20260101', ["wrong type: day: 20260101 is not a date string (YYYY-MM-DD)"]],
    ['"day": "2026-02-30"', ['invalid date: day: "2026-02-30" is not a valid date']],
    ['"at": 1', ["wrong type: at: 1 is not a timestamp string (RFC 3339)"]],
    ['"at": "2026-01-01"', ['invalid timestamp: at: "2026-01-01" is not a valid timestamp']],
  ])("%s", async (fields, expected) => {
    expect(await problems([rec(fields)])).toEqual([expected]);
  });

  it("a missing required field, a string that is not one, an undeclared and a repeated key", async () => {
    expect(
      await problems([
        '{"qty": 1}',
        '{"id": 7}',
        rec('"extra": 1, "more": 2'),
        '{"id": "a", "id": "b", "id": "c"}',
      ]),
    ).toEqual([
      ["missing required field: id: required"],
      ["wrong type: id: 7 is not a string"],
      ["undeclared field: undeclared field(s): extra, more"],
      ["duplicate field: id: appears 3 times in the record"],
    ]);
  });

  it("a line too long, not JSON, or not an object is only that", async () => {
    expect(await problems([rec(`"pad": "${"x".repeat(200)}"`), "{", "[1]"])).toEqual([
      [
        `record too long: the record is ${rec(`"pad": "${"x".repeat(200)}"`).length} bytes, over the limit of 200`,
      ],
      ["not valid JSON: not valid JSON"],
      ["not a JSON object: not a JSON object"],
    ]);
  });

  it("a value outside the accepted ones, below the minimum, above the maximum", async () => {
    const bounded: RawRecords = {
      ...raw,
      schema: { s: field("string", { accepted: ["a"] }), n: field("int", { min: 1, max: 3 }) } as never,
    };
    expect(await problems(['{"s": "b"}', '{"n": 0}', '{"n": 4}'], bounded)).toEqual([
      ['not an accepted value: s: "b" is not one of the accepted values (a)'],
      ["below minimum: n: 0 is below the minimum 1"],
      ["above maximum: n: 4 is above the maximum 3"],
    ]);
  });
});

describe("generated records", () => {
  it("honour every type, bound and length, and leave optional fields out now and then", async () => {
    const bounded: RawRecords = {
      ...raw,
      maxRecordBytes: 1000,
      schema: {
        ...raw.schema,
        key: field("string", { required: true, unique: true }),
        count: field("bigint", { required: true, min: 5, max: 7 }),
        price: field("decimal(6,2)", { required: true, min: 10, max: 10.5 }),
        share: field("double", { required: true, min: 2, max: 3 }),
        from: field("int", { required: true, min: 100 }),
        short: field("string", { required: true, maxLength: 4 }),
        long: field("string", { required: true, minLength: 20, maxLength: 25 }),
      } as never,
    };
    const lines = generatedLinesSql(bounded.schema, 200, 1);
    const rows = await run(
      `SELECT count(*) FILTER (WHERE len(problems) > 0) AS bad, count(DISTINCT key) AS keys,
        min(count) AS lo, max(count) AS hi, min(price)::DOUBLE AS plo, max(price)::DOUBLE AS phi,
        min(share) AS slo, max(share) AS shi, min("from") AS flo, max("from") AS fhi,
        count(*) FILTER (WHERE flag IS NULL) AS absent, count(DISTINCT flag) AS flags
       FROM (${checkedLinesSql(bounded, lines)})`,
    );
    const r = rows[0]!;
    expect(r.bad).toBe("0");
    expect(r.keys).toBe("200");
    expect([r.lo, r.hi]).toEqual(["5", "7"]);
    expect(Number(r.plo)).toBeGreaterThanOrEqual(10);
    expect(Number(r.phi)).toBeLessThanOrEqual(10.5);
    expect(Number(r.phi)).toBeGreaterThan(10.25);
    expect(Number(r.slo)).toBeGreaterThanOrEqual(2);
    expect(Number(r.shi)).toBeLessThanOrEqual(3);
    expect(Number(r.flo)).toBeGreaterThanOrEqual(100);
    expect(Number(r.fhi)).toBeGreaterThan(1000);
    expect(Number(r.absent)).toBeGreaterThan(0);
    expect(r.flags).toBe("2");
  });
});
