/**
 * The `staging` relation (stagingRelation.ts), run on DuckDB as the runner and the plan-time
 * binder use it: staged batches read by name with a typed partition column, the empty relation
 * when nothing is staged, and an incremental product's table folded in.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import type { Field } from "../../components/declaration/schema.js";
import { stagingSql } from "../../components/declaration/stagingRelation.js";

const RAW: Record<string, Field> = {
  id: { type: "string", required: true, description: "Identifier." } as Field,
  amount: { type: "decimal(12,2)", description: "Amount." } as unknown as Field,
};

async function connect() {
  return (await DuckDBInstance.create(":memory:")).connect();
}

/** Rows of `sql`, and its column names and types. */
async function read(sql: string) {
  const connection = await connect();
  const reader = await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY ALL`);
  const columns = reader.columnNames().map((name, i) => `${name} ${reader.columnTypes()[i]!.toString()}`);
  return { columns, rows: reader.getRowObjectsJson() };
}

/** Writes staged batches: one Parquet file per (ingest date, rows) under `ingest_date=` folders. */
async function stage(batches: [string, string][]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "staging-"));
  const connection = await connect();
  return Promise.all(
    batches.map(async ([date, values], i) => {
      mkdirSync(join(dir, `ingest_date=${date}`), { recursive: true });
      const file = join(dir, `ingest_date=${date}`, `batch-${i}.parquet`);
      await connection.run(`COPY (${values}) TO '${file}' (FORMAT parquet)`);
      return file;
    }),
  );
}

describe("stagingSql", () => {
  it("with nothing staged: no rows, but every raw column and the partition column, typed", async () => {
    for (const parts of [undefined, {}, { batches: [] }]) {
      expect(await read(stagingSql(RAW, parts))).toEqual({
        columns: ["id VARCHAR", "amount DECIMAL(12,2)", "ingest_date DATE"],
        rows: [],
      });
    }
  });

  it("reads the staged batches by name, the partition typed as a date, whatever order each batch wrote", async () => {
    const batches = await stage([
      ["2026-11-24", "SELECT 'a' AS id, 1.50::DECIMAL(12,2) AS amount"],
      ["2026-11-25", "SELECT 2.00::DECIMAL(12,2) AS amount, 'b' AS id"],
    ]);
    const { columns, rows } = await read(stagingSql(RAW, { batches }));
    expect(columns).toContain("ingest_date DATE");
    expect(rows).toEqual([
      { id: "a", amount: "1.50", ingest_date: "2026-11-24" },
      { id: "b", amount: "2.00", ingest_date: "2026-11-25" },
    ]);
  });

  it("folds an incremental product's table into the batches, and into the empty relation when none is new", async () => {
    const previous = "SELECT 'z' AS id, 9.99::DECIMAL(12,2) AS amount, DATE '2026-11-01' AS ingest_date";
    expect((await read(stagingSql(RAW, { previous }))).rows).toEqual([
      { id: "z", amount: "9.99", ingest_date: "2026-11-01" },
    ]);
    const batches = await stage([["2026-11-24", "SELECT 'a' AS id, 1.50::DECIMAL(12,2) AS amount"]]);
    expect((await read(stagingSql(RAW, { batches, previous }))).rows).toEqual([
      { id: "a", amount: "1.50", ingest_date: "2026-11-24" },
      { id: "z", amount: "9.99", ingest_date: "2026-11-01" },
    ]);
  });

  it("quotes a batch path that tries to end the string", async () => {
    const sql = stagingSql(RAW, { batches: ["/tmp/x'); COPY (SELECT 1) TO '/tmp/pwned.csv"] });
    expect(sql).toContain("'/tmp/x''); COPY (SELECT 1) TO ''/tmp/pwned.csv'");
  });
});
