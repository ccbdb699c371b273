/**
 * Raw records with list and struct fields, end to end on embedded DuckDB: a record whose nested
 * value fits is staged with its typed value (and the staged table has the contract's column types),
 * one whose nested value does not fit is quarantined whole, with a reason; the SQL agrees with the
 * message JSON Schema producers validate against.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { columnMismatches } from "../../components/contract/columns.js";
import { contractChecks, duckdbIdent } from "../../components/contract/sql.js";
import type { RawRecords } from "../../components/declaration/productModel.js";
import type { Field } from "../../components/declaration/schema.js";
import { extractBatch } from "../../runner/extract.js";
import { checkedLinesSql, generatedLinesSql } from "../../runner/recordSql.js";
import { literal } from "../../runner/sql.js";
import { messageValidator } from "../support/messageValidator.js";

const field = (type: Field["type"], required = false): Field => ({
  type,
  description: "A field.",
  required,
  pii: false,
  unique: false,
});

const raw: RawRecords = {
  schema: {
    id: field("string", true),
    tags: field("list<string>"),
    item: field("struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>"),
    lines: field("list<struct<order:int,codes:list<bigint>>>"),
  },
  unknownFields: "reject",
  maxRecordBytes: 2000,
};

let connection: DuckDBConnection;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:")).connect();
});

const GOOD = `{"id":"a","tags":["x",null],"item":{"sku":"s","qty":2,"price":"12.50","at":"2026-01-01T10:00:00+01:00"},"lines":[{"order":1,"codes":[1,2]},null,{"order":null}]}`;
const EMPTY = `{"id":"b","tags":[],"item":{},"lines":[]}`;

/** Each line's problems as `kind: reason`. */
async function problems(lines: string[]): Promise<string[][]> {
  const values = lines.map((r, i) => `(${i}, ${literal(r)})`).join(", ");
  const rawLines = `SELECT i, line FROM (VALUES ${values}) AS v(i, line)`;
  const rows = await connection.runAndReadAll(
    `SELECT list_transform(problems, p -> p.kind || ': ' || p.reason) AS p FROM (${checkedLinesSql(raw, rawLines)}) ORDER BY i`,
  );
  return rows.getRowObjectsJson().map((r) => r.p as string[]);
}

/** Records that do not fit, each by one nested part. */
const BAD: [string, string][] = [
  ['{"id":"c","tags":["x",1]}', 'wrong type: tags: ["x",1] is not a list<string>: tags[2] is not a string'],
  ['{"id":"d","tags":"x"}', 'wrong type: tags: "x" is not a list<string>'],
  [
    '{"id":"e","item":{"qty":"2"}}',
    'wrong type: item: {"qty":"2"} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.qty is not an int',
  ],
  [
    '{"id":"f","item":{"sku":"s","extra":1}}',
    'wrong type: item: {"sku":"s","extra":1} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.extra is not declared',
  ],
  [
    '{"id":"g","item":{"price":1.234}}',
    'wrong type: item: {"price":1.234} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.price is not a decimal(6,2)',
  ],
  [
    '{"id":"h","item":{"price":"1.234"}}',
    'wrong type: item: {"price":"1.234"} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.price is not a decimal(6,2)',
  ],
  [
    '{"id":"i","item":{"price":12345.5}}',
    'wrong type: item: {"price":12345.5} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.price is not a decimal(6,2)',
  ],
  [
    '{"id":"j","item":{"qty":2147483648}}',
    'wrong type: item: {"qty":2147483648} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.qty is not an int',
  ],
  [
    '{"id":"k","item":{"at":"2026-02-30T10:00:00Z"}}',
    'wrong type: item: {"at":"2026-02-30T10:00:00Z"} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.at is not a timestamp',
  ],
  [
    '{"id":"l","item":[1]}',
    "wrong type: item: [1] is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>",
  ],
  [
    '{"id":"m","lines":[{"codes":[1,"2"]}]}',
    'wrong type: lines: [{"codes":[1,"2"]}] is not a list<struct<order:int,codes:list<bigint>>>: lines[1].codes[2] is not a bigint',
  ],
  [
    '{"id":"n","lines":[{"order":1.5}]}',
    'wrong type: lines: [{"order":1.5}] is not a list<struct<order:int,codes:list<bigint>>>: lines[1].order is not an int',
  ],
];

describe("raw records with nested fields", () => {
  it("accepts values that fit all the way down, nulls and empty lists and structs included", async () => {
    expect(await problems([GOOD, EMPTY])).toEqual([[], []]);
  });

  it.each(BAD)("quarantines %s with the field's reason and where inside it", async (line, reason) => {
    expect(await problems([line])).toEqual([[reason]]);
  });

  it("refuses a struct whose key repeats, which JSON Schema cannot see", async () => {
    expect(await problems(['{"id":"o","item":{"sku":"a","sku":"b"}}'])).toEqual([
      [
        'wrong type: item: {"sku":"a","sku":"b"} is not a struct<sku:string,qty:int,price:decimal(6,2),at:timestamp>: item.sku appears twice',
      ],
    ]);
  });

  it("agrees with the message JSON Schema on every record above", () => {
    const validate = messageValidator(raw, {
      id: "shop.orders.v1",
      version: "1.0.0",
      domain: "shop",
      product: "orders",
      description: "Orders.",
    });
    expect(validate(JSON.parse(GOOD)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(EMPTY))).toBe(true);
    // A decimal's scale written as a JSON number is what JSON Schema cannot say (messageSchema.ts).
    const scaleAsNumber = '{"id":"g","item":{"price":1.234}}';
    for (const [line] of BAD) expect(validate(JSON.parse(line)), line).toBe(line === scaleAsNumber);
  });

  it("stages the good record typed, the contract's column types, and quarantines the bad one whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-nested-"));
    const file = join(dir, "batch.ndjson");
    writeFileSync(file, `${GOOD}\n${BAD[0]![0]}\n`);
    const targets = {
      staged: join(dir, "staged.parquet"),
      quarantine: join(dir, "quarantine.ndjson"),
      scratch: join(dir, "checked.parquet"),
    };
    const result = await extractBatch(connection, raw, file, targets, "raw/batch.ndjson");
    expect(result).toMatchObject({ staged: 1, quarantined: 1, reasons: { "wrong type": 1 } });
    expect(existsSync(targets.quarantine)).toBe(true);
    expect(JSON.parse(readFileSync(targets.quarantine, "utf8").trim())).toMatchObject({
      line: 2,
      reason: 'tags: ["x",1] is not a list<string>: tags[2] is not a string',
    });
    const staged = await connection.runAndReadAll(
      `SELECT tags, item.price::VARCHAR AS price, item.at::VARCHAR AS at, lines[1].codes AS codes, lines[2] IS NULL AS gap FROM read_parquet(${literal(targets.staged)})`,
    );
    expect(staged.getRowObjectsJson()).toEqual([
      { tags: ["x", null], price: "12.50", at: "2026-01-01 09:00:00", codes: ["1", "2"], gap: true },
    ]);
    const described = await connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${literal(targets.staged)})`,
    );
    const columns = described
      .getRowObjectsJson()
      .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    expect(columnMismatches(columns, { schema: raw.schema })).toEqual([]);
  });

  it("generates sample records that pass its own rules", async () => {
    const lines = await connection.runAndReadAll(generatedLinesSql(raw.schema, 50, 7));
    const generated = lines.getRowObjectsJson().map((r) => String(r.line));
    expect((await problems(generated)).flat()).toEqual([]);
  });

  it("counts nulls and repeats of whole lists and structs in the contract checks", async () => {
    const schema = {
      codes: { ...field("list<int>", true), unique: true },
      item: { ...field("struct<a:int>", true), unique: true },
    };
    const checks = contractChecks({ schema }, duckdbIdent);
    const table = `SELECT * FROM (VALUES ([1, 2], {'a': 1}), ([1, 2], {'a': 2}), (NULL, {'a': 2})) AS t(codes, item)`;
    const counts = await connection.runAndReadAll(
      `SELECT ${checks.map((c) => c.sql).join(", ")} FROM (${table})`,
    );
    expect(
      Object.fromEntries(checks.map((c, i) => [`${c.rule}:${c.column}`, Number(counts.getRows()[0]![i])])),
    ).toEqual({
      "required:codes": 1,
      "unique:codes": 1,
      "required:item": 0,
      "unique:item": 1,
    });
  });

  it("keeps the SQL of a hostile nested type (8 deep, 150 fields) linear in its size, and runs it", async () => {
    let type = `struct<${Array.from({ length: 150 }, (_, i) => `x${i}:int`).join(",")}>`;
    for (let i = 0; i < 7; i++) type = `struct<abcdefghijkl:${type}>`;
    const hostile: RawRecords = {
      ...raw,
      schema: { id: field("string", true), deep: field(type as Field["type"]) },
    };
    const sql = checkedLinesSql(hostile, `SELECT '{"id":"a","deep":{"abcdefghijkl":{"x":1}}}' AS line`);
    // Each struct's members bound once: nesting the member reads instead made this 743 KB.
    expect(sql.length).toBeLessThan(200_000);
    const checked = await connection.runAndReadAll(`SELECT problems[1].reason AS reason FROM (${sql})`);
    expect(String(checked.getRowObjectsJson()[0]!.reason)).toMatch(
      /: deep\.abcdefghijkl\.x is not declared$/,
    );
  });
});
