/**
 * `mesh transform`, the TransformJob's entry point, over local folders laid out like the buckets
 * (production passes s3:// locations; the code path is the same apart from DuckDB's S3 secret).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { contractsOf } from "../../components/contract/contract.js";
import { loadMesh } from "../../program/loadMesh.js";
import { capture, workspace } from "./support.js";

let dir: string;
const contractFile = (id: string) => join(dir, `${id}.contract.json`);

async function rowsIn(file: string): Promise<number> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  return Number((await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${file}')`)).getRows()[0]![0]);
}

beforeAll(async () => {
  dir = workspace();
  // Stage every product's sample events and build the tables the consumers read.
  expect(await main(["run", "--all", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
  for (const c of contractsOf((await loadMesh({}, join(dir, "domains"))).domains)) {
    writeFileSync(contractFile(c.id), JSON.stringify(c));
  }
});

const transform = (args: string[], io = capture()) => main(["transform", ...args], io, dir);

describe("mesh transform: the production transform", () => {
  it("transforms the staged batches and writes the table's data.parquet", async () => {
    const warehouse = join(dir, "prod-warehouse/orders/orders/v1");
    mkdirSync(warehouse, { recursive: true });
    const io = capture();
    const code = await transform(
      [
        "orders/orders",
        "--sql",
        join(dir, "domains/orders/orders.sql"),
        "--contract",
        contractFile("orders.orders.v1"),
        "--staging",
        join(dir, ".mesh/staging/orders/orders/v1"),
        "--warehouse",
        warehouse,
        "--table",
        "orders_prod.orders_v1",
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout[0]).toMatch(/^orders\/orders: 42 rows loaded into orders_prod\.orders_v1 in [\d.]+s$/);
    expect(await rowsIn(join(warehouse, "data.parquet"))).toBe(42);
  });

  it("reads consumed products from their table locations (--read)", async () => {
    const warehouse = join(dir, "prod-warehouse/analytics/revenue-by-segment/v1");
    mkdirSync(warehouse, { recursive: true });
    const sql = join(dir, "domains/analytics/revenue-by-segment.sql");
    const io = capture();
    const code = await transform(
      [
        "analytics/revenue-by-segment",
        "--sql",
        sql,
        "--contract",
        contractFile("analytics.revenue-by-segment.v1"),
        "--staging",
        join(dir, ".mesh/staging/analytics/revenue-by-segment/v1"),
        "--warehouse",
        warehouse,
        "--table",
        "analytics_prod.revenue_by_segment_v1",
        "--read",
        `orders__orders=${join(dir, ".mesh/warehouse/orders/orders/v1")}`,
        "--read",
        `customers__customers=${join(dir, ".mesh/warehouse/customers/customers/v2")}`,
      ],
      io,
    );
    expect(code).toBe(0);
    expect(await rowsIn(join(warehouse, "data.parquet"))).toBe(17);
  });

  it("leaves the table unchanged when the output breaks the contract", async () => {
    const warehouse = join(dir, "prod-warehouse/orders/orders/v1");
    const before = readFileSync(join(warehouse, "data.parquet"));
    const broken = join(dir, "broken.sql");
    writeFileSync(broken, "SELECT order_id, customer_id, ordered_at, status, amount, currency FROM staging");
    const io = capture();
    const code = await transform(
      [
        "orders/orders",
        "--sql",
        broken,
        "--contract",
        contractFile("orders.orders.v1"),
        "--staging",
        join(dir, ".mesh/staging/orders/orders/v1"),
        "--warehouse",
        warehouse,
        "--table",
        "orders_prod.orders_v1",
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr).toContain("  unique (order_id): order_id repeats a value in 33 row(s)");
    expect(readFileSync(join(warehouse, "data.parquet"))).toEqual(before);
    expect(statSync(join(warehouse, "data.parquet")).size).toBeGreaterThan(0);
  });

  it("rejects missing arguments and unreadable files with exit code 2", async () => {
    const io = capture();
    expect(await transform(["orders/orders", "--sql", "x.sql"], io)).toBe(2);
    expect(io.stderr[0]).toMatch(
      /^error: usage: mesh transform .*\(missing --contract, --staging, --warehouse, --table\)$/,
    );
    const bad = join(dir, "bad.contract.json");
    writeFileSync(
      bad,
      JSON.stringify({ id: "x", version: "1.0.0", schema: { a: { type: "money", description: "d" } } }),
    );
    expect(
      await transform(
        [
          "o/o",
          "--sql",
          join(dir, "domains/orders/orders.sql"),
          "--contract",
          bad,
          "--staging",
          dir,
          "--warehouse",
          dir,
          "--table",
          "t",
        ],
        io,
      ),
    ).toBe(2);
    expect(io.stderr[1]).toMatch(
      /^error: --contract .*bad\.contract\.json: schema\.a\.type: expected one of string, int/,
    );
  });
});
