/**
 * The extract stage on real files: each line judged alone, each problem quarantined with its file,
 * line, value and reason, the valid lines of the same file staged, and in = staged + quarantined.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import type { RawRecords } from "../../components/declaration/productModel.js";
import type { Field } from "../../components/declaration/schema.js";
import { type BatchResult, extractBatch } from "../../runner/extract.js";
import { literal } from "../../runner/sql.js";

const field = (type: Field["type"], required = false): Field => ({
  type,
  description: "A field.",
  required,
  pii: false,
  unique: false,
});

const raw: RawRecords = {
  schema: {
    order_id: field("string", true),
    amount: field("decimal(12,2)", true),
    qty: field("int"),
    big: field("bigint"),
    ratio: field("double"),
    ordered_at: field("timestamp", true),
    day: field("date"),
  },
  unknownFields: "reject",
  maxRecordBytes: 1000,
};

const good = { order_id: "o-1", amount: "19.99", ordered_at: "2026-11-24T10:00:00Z" };
const rec = (edits: Record<string, unknown> = {}) => JSON.stringify({ ...good, ...edits });
/** A record with a field written as raw JSON text (numbers JSON.stringify cannot write). */
const recRaw = (name: string, json: string) => rec({ [name]: "@@" }).replace('"@@"', json);

interface Entry {
  file: string;
  line: number | null;
  value: string | null;
  reason: string;
  record: string | null;
}

let connection: DuckDBConnection;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:")).connect();
});

async function extract(
  content: string | Buffer,
  options: { name?: string; raw?: RawRecords } = {},
): Promise<{ result: BatchResult; quarantine: Entry[]; staged: Record<string, unknown>[] }> {
  const dir = mkdtempSync(join(tmpdir(), "mesh-extract-"));
  const file = join(dir, options.name ?? "batch.ndjson");
  writeFileSync(file, content);
  const targets = {
    staged: join(dir, "out", "staged.parquet"),
    quarantine: join(dir, "out", "quarantine.ndjson"),
    scratch: join(dir, "checked.parquet"),
  };
  const result = await extractBatch(connection, options.raw ?? raw, file, targets, "raw/batch.ndjson");
  const quarantine = existsSync(targets.quarantine)
    ? readFileSync(targets.quarantine, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Entry)
    : [];
  const staged = (
    await connection.runAndReadAll(`SELECT * FROM read_parquet(${literal(targets.staged)})`)
  ).getRowObjectsJson() as Record<string, unknown>[];
  expect(result.rowsIn).toBe(result.staged + result.quarantined);
  expect(result.staged).toBe(staged.length);
  expect(result.quarantined).toBe(quarantine.length);
  expect(Object.values(result.reasons).reduce((a, b) => a + b, 0)).toBe(result.quarantined);
  expect(existsSync(targets.scratch)).toBe(false);
  return { result, quarantine, staged };
}

/** `bad` lines between two good ones: each quarantined on its line, the good ones staged. */
async function judged(bad: string[], raw?: RawRecords) {
  const lines = [rec({ order_id: "first" }), ...bad, rec({ order_id: "last" })];
  const out = await extract(`${lines.join("\n")}\n`, { raw });
  expect(out.staged.map((r) => r.order_id)).toEqual(["first", "last"]);
  expect(out.quarantine.map((q) => q.line)).toEqual(bad.map((_, i) => i + 2));
  expect(out.quarantine.map((q) => q.file)).toEqual(bad.map(() => "raw/batch.ndjson"));
  expect(out.quarantine.map((q) => q.record)).toEqual(bad);
  return out;
}

describe("extractBatch: every line is judged alone", () => {
  it("quarantines a line that is not valid UTF-8, showing the invalid bytes as ?", async () => {
    const bad = Buffer.from(`${rec({ order_id: "o-\u00ff" })}`.replace("\u00ff", "@"));
    bad[bad.indexOf("@")] = 0xff;
    const file = Buffer.concat([
      Buffer.from(`${rec()}\n`),
      bad,
      Buffer.from(`\n${rec({ order_id: "é" })}\n`),
    ]);
    const { quarantine, staged, result } = await extract(file);
    expect(staged.map((r) => r.order_id)).toEqual(["o-1", "é"]);
    expect(quarantine).toEqual([
      {
        file: "raw/batch.ndjson",
        line: 2,
        value: null,
        reason: "not valid UTF-8 (the record shows each invalid byte as ?)",
        record: rec({ order_id: "o-?" }),
      },
    ]);
    expect(result.reasons).toEqual({ "not valid UTF-8": 1 });
  });

  it("quarantines a line over maxRecordBytes", async () => {
    const long = rec({ order_id: "x".repeat(2000) });
    const { quarantine } = await judged([long]);
    expect(quarantine[0]!.reason).toMatch(/over the limit of 1000 bytes/);
    const justOver = rec({ order_id: "y".repeat(1000 - rec({ order_id: "" }).length + 1) });
    const { quarantine: q2 } = await judged([justOver]);
    expect(q2[0]!.reason).toBe(`the record is 1001 bytes, over the limit of 1000`);
  });

  it("reads CR LF and lone CR line ends as one record each, the CR not part of the value", async () => {
    const crlf = await extract(`${rec({ order_id: "a" })}\r\n\r\n${rec({ order_id: "b" })}\r\n{oops\r\n`);
    expect(crlf.staged.map((r) => r.order_id)).toEqual(["a", "b"]);
    expect(crlf.quarantine.map((q) => [q.line, q.record])).toEqual([[4, "{oops"]]);
    const mixed = await extract(
      `${rec({ order_id: "a" })}\r\n${rec({ order_id: "b" })}\r${rec({ order_id: "c" })}\n${rec({ order_id: "d" })}\r`,
    );
    expect(mixed.staged.map((r) => r.order_id)).toEqual(["a", "b", "c", "d"]);
    expect(mixed.result.rowsIn).toBe(4);
    const strings = mixed.staged.flatMap((r) => Object.values(r)).filter((v) => typeof v === "string");
    expect(strings.some((v) => (v as string).includes("\r"))).toBe(false);
  });

  it("quarantines broken JSON and non-objects", async () => {
    const { quarantine } = await judged(['{"order_id": "o-2",', "[1, 2]", `${rec()} trailing`]);
    expect(quarantine.map((q) => q.reason)).toEqual([
      "not valid JSON",
      "not a JSON object",
      "not valid JSON",
    ]);
  });

  it.each([
    ["amount", "1e309", "decimal(12,2)"],
    ["amount", "NaN", "decimal(12,2)"],
    ["amount", "Infinity", "decimal(12,2)"],
    ["amount", "-Infinity", "decimal(12,2)"],
    ["amount", "99999999999", "decimal(12,2)"],
    ["amount", '"99999999999"', "decimal(12,2)"],
    ["ratio", "1e309", "double"],
    ["ratio", "NaN", "double"],
    ["ratio", "-Infinity", "double"],
    ["big", "9223372036854775808", "bigint"],
    ["big", "-9223372036854775809", "bigint"],
    ["qty", "2147483648", "int"],
    ["qty", "-2147483649", "int"],
  ])("quarantines %s: %s as out of range for %s", async (name, json, type) => {
    const { quarantine, result } = await judged([recRaw(name, json)]);
    expect(quarantine[0]).toMatchObject({
      value: json.replace(/^"|"$/g, ""),
      reason: `${name}: ${json} is out of range for ${type}`,
    });
    expect(result.reasons).toEqual({ "out of range": 1 });
  });

  it("never rounds: more decimal places than the scale is a reason, as a number or a string", async () => {
    const { quarantine } = await judged([
      recRaw("amount", "0.005"),
      rec({ amount: "0.005" }),
      recRaw("amount", "1e-7"),
    ]);
    expect(quarantine.map((q) => q.reason)).toEqual([
      "amount: 0.005 has more than 2 decimal places for decimal(12,2)",
      'amount: "0.005" has more than 2 decimal places for decimal(12,2)',
      "amount: 1e-7 has more than 2 decimal places for decimal(12,2)",
    ]);
    expect(quarantine.map((q) => q.value)).toEqual(["0.005", "0.005", "1e-7"]);
  });

  it("quarantines a JSON string or fraction where an integer or number is declared", async () => {
    const { quarantine } = await judged([rec({ qty: "3" }), rec({ qty: 1.5 }), rec({ ratio: "0.5" })]);
    expect(quarantine.map((q) => q.reason)).toEqual([
      'qty: "3" is not an integer',
      "qty: 1.5 is not an integer",
      'ratio: "0.5" is not a number',
    ]);
  });

  it.each([
    ["ordered_at", "2026-01-01T24:00:00Z", "timestamp"],
    ["ordered_at", "2026-01-01T10:00:00+99:99", "timestamp"],
    ["ordered_at", "0000-01-01T10:00:00Z", "timestamp"],
    ["ordered_at", "2026-02-30T10:00:00Z", "timestamp"],
    ["ordered_at", "2026-01-01T10:00:00.1234567Z", "timestamp"],
    ["day", "0000-01-01", "date"],
    ["day", "2026-02-30", "date"],
    ["day", "2025-02-29", "date"],
  ])("quarantines %s: %s as not a valid %s", async (name, text, type) => {
    const { quarantine } = await judged([rec({ [name]: text })]);
    expect(quarantine[0]).toMatchObject({ value: text, reason: `${name}: "${text}" is not a valid ${type}` });
  });

  it("quarantines a record whose bad value is long, shortened in the reason, and stages the others", async () => {
    const long = "x".repeat(100);
    const { quarantine } = await judged([rec({ qty: long }), recRaw("big", `[${"1,".repeat(60)}1]`)]);
    expect(quarantine.map((q) => q.reason)).toEqual([
      `qty: "${"x".repeat(76)}... is not an integer`,
      `big: [${"1,".repeat(38)}... is not an integer`,
    ]);
  });

  it("quarantines a record with a key that appears twice", async () => {
    const bad = rec().replace("{", '{"order_id":"o-0",');
    const { quarantine, result } = await judged([bad]);
    expect(quarantine[0]!.reason).toBe("order_id: appears twice in the record");
    expect(result.reasons).toEqual({ "duplicate field": 1 });
  });

  it("unknownFields: reject quarantines undeclared fields by name, drop stages the record without them", async () => {
    const extra = rec({ coupon: "X", note: 1 });
    const rejected = await judged([extra]);
    expect(rejected.quarantine[0]!.reason).toBe("undeclared field(s): coupon, note");
    const dropped = await extract(`${extra}\n`, { raw: { ...raw, unknownFields: "drop" } });
    expect(dropped.quarantine).toEqual([]);
    expect(Object.keys(dropped.staged[0]!)).toEqual(Object.keys(raw.schema));
  });

  it("counts records in = staged + quarantined; blank and whitespace-only lines are not records", async () => {
    const { result } = await extract(`\n${rec()}\n   \n\t\n{oops\n\n${recRaw("amount", "1e309")}\n${rec()}`);
    expect(result).toEqual({
      rowsIn: 4,
      staged: 2,
      quarantined: 2,
      reasons: { "not valid JSON": 1, "out of range": 1 },
    });
  });

  it("reads a .gz file, and a corrupt one does not throw: it is quarantined with the reason", async () => {
    const gz = await extract(gzipSync(`${rec()}\n{oops\n`), { name: "batch.ndjson.gz" });
    expect(gz.result).toMatchObject({ rowsIn: 2, staged: 1, quarantined: 1 });
    expect(gz.quarantine[0]!.line).toBe(2);
    const corrupt = await extract(Buffer.from("this is not gzip at all"), { name: "batch.ndjson.gz" });
    expect(corrupt.result).toEqual({
      rowsIn: 1,
      staged: 0,
      quarantined: 1,
      reasons: { "unreadable file": 1 },
    });
    expect(corrupt.quarantine[0]).toMatchObject({ file: "raw/batch.ndjson", line: null, value: null });
    expect(corrupt.quarantine[0]!.reason).toMatch(/cannot be read.*GZIP/i);
    // A truncated archive: the lines before the cut are judged.
    const whole = gzipSync(
      `${Array.from({ length: 2000 }, (_, i) => rec({ order_id: `o-${i}` })).join("\n")}\n`,
    );
    const cut = await extract(whole.subarray(0, Math.floor(whole.length / 2)), { name: "batch.ndjson.gz" });
    expect(cut.result.staged).toBeGreaterThan(0);
  });

  it("does not throw on a binary file: its lines are quarantined", async () => {
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const { result } = await extract(Buffer.concat([Buffer.from(`${rec()}\n`), bytes]));
    expect(result.staged).toBe(1);
    expect(result.quarantined).toBeGreaterThan(0);
  });

  it("numbers lines exactly in a file large enough to be read in parallel", async () => {
    const bad = new Set([1, 77_777, 150_001, 299_999]);
    const lines = Array.from({ length: 300_000 }, (_, i) =>
      bad.has(i + 1) ? `{oops ${i + 1}` : i % 1000 === 0 ? "" : rec({ order_id: `o-${i + 1}` }),
    );
    const { quarantine, result } = await extract(`${lines.join("\n")}\n`);
    expect(quarantine.map((q) => [q.line, q.record])).toEqual([...bad].map((n) => [n, `{oops ${n}`]));
    expect(result.rowsIn).toBe(300_000 - 298); // every 1000th line is blank, but lines 1 and 150001 are bad
  });

  it("throws on a real I/O failure: a missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-extract-"));
    await expect(
      extractBatch(connection, raw, join(dir, "missing.ndjson"), {
        staged: join(dir, "s.parquet"),
        quarantine: join(dir, "q.ndjson"),
        scratch: join(dir, "x.parquet"),
      }),
    ).rejects.toThrow();
  });
});

describe("extractBatch: nothing accepted can poison a product", () => {
  it("stages nasty-but-valid records exactly as written, every required column non-null", async () => {
    const nasty = [
      recRaw("amount", "9999999999.99"),
      recRaw("amount", "-9999999999.99"),
      rec({ amount: "0.1" }),
      recRaw("amount", "1E2"),
      recRaw("amount", "0"),
      rec({ amount: "-0.00" }),
      rec({ big: "@" }).replace('"@"', "9223372036854775807"),
      rec({ big: "@" }).replace('"@"', "-9223372036854775808"),
      rec({ qty: 2147483647, ratio: 1e308 }),
      rec({ qty: -2147483648, ratio: 5e-324 }),
      rec({ ordered_at: "2026-11-24T10:00:00.123456+05:30", day: "2024-02-29" }),
      rec({ ordered_at: "2026-11-24T23:59:59z", day: "0001-01-01" }),
      rec({ order_id: 'é \u2603 \ud83d\ude00 "quoted" \\ \t' }),
      rec({ order_id: "  spaced  ", qty: null, big: null, ratio: null, day: null }),
    ];
    const { staged, quarantine } = await extract(`${nasty.join("\n")}\n`);
    expect(quarantine).toEqual([]);
    expect(staged).toHaveLength(nasty.length);
    for (const row of staged)
      for (const name of ["order_id", "amount", "ordered_at"]) expect(row[name]).not.toBeNull();
    expect(staged.map((r) => r.amount)).toEqual([
      "9999999999.99",
      "-9999999999.99",
      "0.10",
      "100.00",
      "0.00",
      "0.00",
      ...Array(8).fill("19.99"),
    ]);
    expect(staged.slice(6, 8).map((r) => r.big)).toEqual(["9223372036854775807", "-9223372036854775808"]);
    expect(staged.slice(8, 10).map((r) => [r.qty, r.ratio])).toEqual([
      [2147483647, 1e308],
      [-2147483648, 5e-324],
    ]);
    expect(staged.slice(10, 12).map((r) => [r.ordered_at, r.day])).toEqual([
      ["2026-11-24 04:30:00.123456", "2024-02-29"],
      ["2026-11-24 23:59:59", "0001-01-01"],
    ]);
    expect(staged[12]!.order_id).toBe('é \u2603 \ud83d\ude00 "quoted" \\ \t');
    expect(staged[13]).toMatchObject({
      order_id: "  spaced  ",
      qty: null,
      big: null,
      ratio: null,
      day: null,
    });
  });
});
