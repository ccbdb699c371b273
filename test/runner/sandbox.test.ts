/**
 * A product's SQL is untrusted: one read-only query over its declared inputs, in a locked DuckDB
 * sandbox, in every runner. Each attack below ran on the previous runner (the SQL was pasted into
 * `CREATE … AS` over a connection holding the whole warehouse) and is refused now.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { runnerProductFile } from "../../components/compute/runnerProductFile.js";
import { loadMesh } from "../../program/loadMesh.js";
import { runPipeline } from "../../runner/core.js";
import { PipelineError, TransformSqlError } from "../../runner/errors.js";
import { localEnv, localProduct, openLocalWarehouse } from "../../runner/localRun.js";
import { localLayout } from "../../runner/locations.js";
import { progressFor } from "../../runner/progress.js";
import { runSandboxed } from "../../runner/sandbox.js";
import { capture, ordersTransformArgs, queryFile, workspace } from "./support.js";

let dir: string;
let catalog: string;

const rows = queryFile;

beforeAll(async () => {
  dir = workspace();
  expect(await main(["run", "--all", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
  const mesh = await loadMesh({}, join(dir, "domains"));
  for (const model of mesh.products)
    writeFileSync(join(dir, `${model.id}.json`), JSON.stringify(runnerProductFile(model)));
  catalog = join(dir, "catalog.duckdb");
  copyFileSync(join(dir, ".mesh/warehouse/mesh.duckdb"), catalog);
});

/** `mesh transform` of orders with `sql` as its SQL file: what the TransformJob's pod runs. */
async function transformWith(sql: string) {
  const file = join(dir, "hostile.sql");
  writeFileSync(file, sql);
  const io = capture();
  const code = await main(
    ["transform", ...ordersTransformArgs(dir, file, join(dir, "orders.orders.v1.json"), catalog)],
    io,
    dir,
  );
  return { code, stderr: io.stderr.join("\n") };
}

const ATTACKS: [string, (d: string) => string, RegExp][] = [
  ["several statements", () => "SELECT 1 AS x; DELETE FROM warehouse.customers.customers_v2", /2 statements/],
  [
    "DELETE from another domain's table",
    () => "DELETE FROM warehouse.customers.customers_v2",
    /not a SELECT but DELETE/,
  ],
  [
    "INSERT into its own table",
    () => "INSERT INTO warehouse.orders.orders_v1 SELECT * FROM warehouse.orders.orders_v1",
    /not a SELECT but INSERT/,
  ],
  [
    "read_text of a local file",
    () => "SELECT * FROM read_text('/etc/passwd')",
    /table function read_text\(\)/,
  ],
  ["a file path as a table", () => "SELECT * FROM '/etc/passwd'", /reads "\/etc\/passwd"/],
  [
    "glob over another domain's staging",
    (d) => `SELECT * FROM glob('${d}/.mesh/staging/customers/**')`,
    /table function glob\(\)/,
  ],
  [
    "another product's staged Parquet",
    (d) => `SELECT * FROM '${d}/.mesh/staging/customers/customers/v2/*/*.parquet'`,
    /which is not one of its inputs/,
  ],
  ["COPY to any path", (d) => `COPY (SELECT 1) TO '${d}/pwned.csv'`, /not a SELECT but COPY/],
  ["ATTACH", (d) => `ATTACH '${d}/pwned.duckdb' AS pwned`, /not a SELECT but ATTACH/],
  ["INSTALL", () => "INSTALL httpfs", /not a SELECT but INSTALL/],
  ["LOAD", () => "LOAD httpfs", /not a SELECT but LOAD/],
  ["SET memory_limit", () => "SET memory_limit = '64GB'", /not a SELECT but SET/],
  [
    "the whole warehouse, PII included",
    () => "SELECT email AS order_id FROM warehouse.customers.customers_v2",
    /reads "warehouse\.customers\.customers_v2"/,
  ],
  [
    "the local run history",
    () => "SELECT run_id AS order_id FROM warehouse._mesh.runs",
    /reads "warehouse\._mesh\.runs"/,
  ],
  [
    "its run history in production, beside its table",
    () => "SELECT run_id AS order_id FROM warehouse.orders.orders_v1_runs",
    /reads "warehouse\.orders\.orders_v1_runs"/,
  ],
  [
    "the warehouse database file itself",
    (d) => `SELECT * FROM read_duckdb('${d}/.mesh/warehouse/mesh.duckdb', table_name = 'runs')`,
    /table function read_duckdb\(\)/,
  ],
  [
    "the session's configuration",
    () => "SELECT current_setting('allowed_directories') AS x",
    /current_setting\(\)/,
  ],
  ["a nested query string", () => "SELECT * FROM query('DELETE FROM x')", /table function query\(\)/],
  ["every table of every attached database", () => "SHOW ALL TABLES", /lists the catalog/],
];

describe("mesh transform runs only one SELECT over the product's declared inputs", () => {
  it.each(ATTACKS)("refuses %s, naming the SQL file, and changes nothing", async (_, attack, reason) => {
    const before = await rows(catalog, "SELECT count(*)::INTEGER AS n FROM customers.customers_v2");
    const { code, stderr } = await transformWith(attack(dir));
    expect(code).toBe(2);
    expect(stderr).toContain("hostile.sql");
    expect(stderr).toMatch(reason);
    expect(stderr).toContain("orders.orders_v1 is unchanged");
    expect(existsSync(join(dir, "pwned.csv"))).toBe(false);
    expect(existsSync(join(dir, "pwned.duckdb"))).toBe(false);
    expect(await rows(catalog, "SELECT count(*)::INTEGER AS n FROM customers.customers_v2")).toEqual(before);
  });

  it("still runs the product's own SQL", async () => {
    expect((await transformWith(readFileSync(join(dir, "domains/orders/orders.sql"), "utf8"))).code).toBe(0);
  });
});

describe("mesh plan and mesh run refuse such SQL before anything runs", () => {
  it("names the SQL file, line and column of the construct, exit 2", async () => {
    const file = join(dir, "domains/orders/orders.sql");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, "SELECT *\nFROM staging\nJOIN warehouse.customers.customers_v2 USING (customer_id)");
    try {
      for (const command of [
        ["plan", "--stack", "orders-dev"],
        ["run", "orders"],
      ]) {
        const io = capture();
        expect(await main(command, io, dir)).toBe(2);
        expect(io.stderr.join("\n")).toContain(
          'domains/orders/orders.sql:3:6: dataProducts[0].transform.sqlFile: the transform SQL reads "warehouse.customers.customers_v2"',
        );
      }
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe("mesh run's pipeline core checks the SQL itself too", () => {
  it("refuses a DELETE handed to runPipeline directly, and the table keeps its rows", async () => {
    const layout = localLayout(join(dir, ".mesh"));
    const before = await rows(
      layout.warehouseDatabase,
      "SELECT count(*)::INTEGER AS n FROM orders.orders_v1",
    );
    const mesh = await loadMesh({}, join(dir, "domains"));
    const orders = mesh.products.find((p) => p.id === "orders.orders.v1")!;
    const session = await openLocalWarehouse(layout, mesh.products, undefined);
    try {
      const env = localEnv(
        layout,
        orders,
        session.connection,
        progressFor(capture(), false),
        "2026-11-24",
        undefined,
      );
      const run = runPipeline(env, {
        ...localProduct(orders),
        sql: "DELETE FROM warehouse.orders.orders_v1",
      });
      await expect(run).rejects.toThrow(TransformSqlError);
      await expect(run).rejects.toThrow(/orders\.orders\.v1: refused:[\s\S]*not a SELECT but DELETE/);
    } finally {
      session.close();
    }
    expect(
      await rows(layout.warehouseDatabase, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1"),
    ).toEqual(before);
  });
});

describe("the sandbox beneath the check", () => {
  it("lets a session read only its inputs' files, whatever the views say", async () => {
    const attempt = runSandboxed({
      product: "orders.orders.v1",
      sql: "SELECT * FROM leaked",
      sqlSource: "test.sql",
      staging: "SELECT 1 AS x",
      declared: ["leaked"],
      // A view over a file outside the allowed paths: DuckDB itself refuses to open it.
      inputs: [{ view: "leaked", query: "SELECT * FROM read_text('/etc/hostname')" }],
      allowedDirectories: [join(dir, ".mesh/staging/orders/orders/v1")],
      allowedPaths: [],
      scratch: join(dir, "scratch"),
    });
    await expect(attempt).rejects.toThrow(PipelineError);
    await expect(attempt).rejects.toThrow(/file system operations are disabled by configuration/);
  });

  it("starts from a clean scratch folder: what a killed run left there is gone", async () => {
    const scratch = join(dir, "scratch-clean");
    mkdirSync(join(scratch, "spill"), { recursive: true });
    writeFileSync(join(scratch, "spill", "stale.tmp"), "left by a run killed half-way");
    const result = await runSandboxed({
      product: "orders.orders.v1",
      sql: "SELECT * FROM staging",
      sqlSource: "test.sql",
      staging: "SELECT 1 AS x",
      declared: [],
      inputs: [],
      allowedDirectories: [],
      allowedPaths: [],
      scratch,
    });
    expect(existsSync(join(scratch, "spill", "stale.tmp"))).toBe(false);
    expect(await rows(":memory:", `SELECT x FROM read_parquet('${result}')`)).toEqual([{ x: 1 }]);
  });
});

describe("the sandbox's memory", () => {
  it("tries the next memory limit when DuckDB runs out of memory at the first, saying so", async () => {
    const stages: string[] = [];
    const attempt = (limits: string[]) =>
      runSandboxed({
        product: "orders.orders.v1",
        // Lists of four million values (32 MB) cannot be built in 16 MiB: list() never spills.
        sql: "SELECT x % 4 AS k, list(x) AS xs FROM staging GROUP BY 1",
        sqlSource: "test.sql",
        staging: "SELECT range::BIGINT AS x FROM range(4000000)",
        declared: [],
        inputs: [],
        allowedDirectories: [],
        allowedPaths: [],
        scratch: join(dir, "scratch-memory"),
        memoryLimits: limits,
        progress: { stage: (_product, stage) => void stages.push(stage) },
      });
    await expect(attempt(["16MiB"])).rejects.toThrow(/the transform failed:\ntest\.sql: Out of Memory Error/);
    const result = await attempt(["16MiB", "512MiB"]);
    expect(existsSync(result)).toBe(true);
    expect(stages).toContain("out of memory at 16MiB; again at 512MiB");
  });
});
