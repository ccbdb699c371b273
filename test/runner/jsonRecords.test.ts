/**
 * Raw records with `json` fields, end to end on embedded DuckDB: any JSON value (object, array,
 * scalar) is staged as its minified JSON text in a DuckDB JSON column, a missing or null value
 * follows `required`, a json value inside a struct or list is any value too; the SQL agrees with
 * the message JSON Schema producers validate against.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { columnMismatches } from "../../components/contract/columns.js";
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
    payload: field("json", true),
    extra: field("json"),
    item: field("struct<sku:string,meta:json>"),
  },
  unknownFields: "reject",
  maxRecordBytes: 2000,
};

let connection: DuckDBConnection;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:")).connect();
});

const GOOD = [
  '{"id":"a","payload":{ "b" : [1, 2.50, "x"] },"extra":null,"item":{"sku":"s","meta":[true]}}',
  '{"id":"b","payload":[{"c":null}],"extra":"text","item":{"meta":{"k":1}}}',
  '{"id":"c","payload":42,"extra":false}',
  '{"id":"d","payload":"just a string","extra":[]}',
];
const BAD: [string, string][] = [
  ['{"id":"e","payload":null}', "missing required field: payload: required"],
  ['{"id":"f"}', "missing required field: payload: required"],
  [
    '{"id":"g","payload":1,"item":{"meta":1,"other":2}}',
    'wrong type: item: {"meta":1,"other":2} is not a struct<sku:string,meta:json>: item.other is not declared',
  ],
];

/** Each line's problems as `kind: reason`. */
async function problems(lines: string[]): Promise<string[][]> {
  const values = lines.map((r, i) => `(${i}, ${literal(r)})`).join(", ");
  const rawLines = `SELECT i, line FROM (VALUES ${values}) AS v(i, line)`;
  const rows = await connection.runAndReadAll(
    `SELECT list_transform(problems, p -> p.kind || ': ' || p.reason) AS p FROM (${checkedLinesSql(raw, rawLines)}) ORDER BY i`,
  );
  return rows.getRowObjectsJson().map((r) => r.p as string[]);
}

describe("raw records with json fields", () => {
  it("accepts an object, an array, a scalar and null, top-level and inside a struct", async () => {
    expect(await problems(GOOD)).toEqual([[], [], [], []]);
  });

  it.each(BAD)("quarantines %s: a required json value is never null", async (line, reason) => {
    expect(await problems([line])).toEqual([[reason]]);
  });

  it("agrees with the message JSON Schema on every record above", () => {
    const validate = messageValidator(raw, {
      id: "shop.events.v1",
      version: "1.0.0",
      domain: "shop",
      product: "events",
      description: "Events.",
    });
    for (const line of GOOD) expect(validate(JSON.parse(line)), line).toBe(true);
    for (const [line] of BAD) expect(validate(JSON.parse(line)), line).toBe(false);
  });

  it("stages each value as its minified JSON text in JSON columns, the contract's types", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-json-"));
    const file = join(dir, "batch.ndjson");
    writeFileSync(file, `${GOOD.join("\n")}\n`);
    const targets = {
      staged: join(dir, "staged.parquet"),
      quarantine: join(dir, "quarantine.ndjson"),
      scratch: join(dir, "checked.parquet"),
    };
    const result = await extractBatch(connection, raw, file, targets, "raw/batch.ndjson");
    expect(result).toMatchObject({ staged: 4, quarantined: 0 });
    const staged = await connection.runAndReadAll(
      `SELECT payload::VARCHAR AS payload, extra::VARCHAR AS extra, item.meta::VARCHAR AS meta FROM read_parquet(${literal(targets.staged)}) ORDER BY id`,
    );
    expect(staged.getRowObjectsJson()).toEqual([
      { payload: '{"b":[1,2.5,"x"]}', extra: null, meta: "[true]" },
      { payload: '[{"c":null}]', extra: '"text"', meta: '{"k":1}' },
      { payload: "42", extra: "false", meta: null },
      { payload: '"just a string"', extra: "[]", meta: null },
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
});
