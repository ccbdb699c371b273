/**
 * `mesh transform`, the TransformJob's entry point. Production attaches the Glue catalog
 * (`--catalog glue:<account>`, Iceberg tables) and reads staging from s3://; here the catalog is a
 * DuckDB database file and staging a folder. Reads, the contract check and the load are the same SQL.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { runnerProductFile } from "../../components/compute/runnerProductFile.js";
import { loadMesh } from "../../program/loadMesh.js";
import { attachStatements, parseCatalog } from "../../runner/catalog.js";
import { duckdbSettings, EXTENSION_DIRECTORY_ENV } from "../../runner/session.js";
import { capture, ordersTransformArgs, queryFile, workspace } from "./support.js";

let dir: string;
let catalog: string;
/** The product file the TransformJob mounts (components/compute/runnerProtocol.ts). */
const productFile = (id: string) => join(dir, `${id}.product.json`);

const sql = <T = Record<string, unknown>>(file: string, text: string) =>
  queryFile(file, text) as Promise<T[]>;

beforeAll(async () => {
  dir = workspace();
  // Stage every product's sample events and build the tables the consumers read.
  expect(await main(["run", "--all", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
  const mesh = await loadMesh({}, join(dir, "domains"));
  for (const model of mesh.products)
    writeFileSync(productFile(model.id), JSON.stringify(runnerProductFile(model)));
  // customers declares its SQL inline; the TransformJob mounts it as a file.
  const customers = mesh.domains.find((d) => d.name === "customers")!.dataProducts[0]!;
  writeFileSync(join(dir, "customers.sql"), customers.transform.sql!);
  // The "production" catalog: the tables exist (the platform creates them), orders' is stale.
  catalog = join(dir, "catalog.duckdb");
  copyFileSync(join(dir, ".mesh/warehouse/mesh.duckdb"), catalog);
  await sql(catalog, "DELETE FROM orders.orders_v1 WHERE status <> 'delivered'");
});

const transform = (args: string[], io = capture()) => main(["transform", ...args], io, dir);
/** What a run said on standard error besides its progress lines (which a pod's log keeps). */
const problems = (stderr: readonly string[]) =>
  stderr.filter(
    (l) => !/^[\w.-]+: (extracted and staged|transformed|loaded|extracting|transforming|loading)\b/.test(l),
  );
const ordersArgs = (sqlFile = join(dir, "domains/orders/orders.sql")) =>
  ordersTransformArgs(dir, sqlFile, productFile("orders.orders.v1"), catalog);
const ordersRows = () => sql(catalog, "SELECT * FROM orders.orders_v1 ORDER BY order_id");

describe("mesh transform: the production transform", () => {
  it("replaces the table's rows with the transform of every staged batch", async () => {
    const local = await sql(
      join(dir, ".mesh/warehouse/mesh.duckdb"),
      "SELECT * FROM orders.orders_v1 ORDER BY order_id",
    );
    expect((await ordersRows()).length).toBeLessThan(local.length);
    const io = capture();
    expect(await transform(ordersArgs(), io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^orders\/orders: 42 rows loaded into orders\.orders_v1 in [\d.]+s$/);
    expect(await ordersRows()).toEqual(local);
    // Run again: the same table, no duplicates.
    expect(await transform(ordersArgs())).toBe(0);
    expect(await ordersRows()).toEqual(local);
  });

  it("first stages the raw files the ingestion sink landed: each once, invalid records quarantined", async () => {
    // The sink's layout (RAW_FILE_TEMPLATE): gzipped JSON lines per topic partition and start offset.
    const staging = join(dir, "prod-staging/v1");
    const raw = join(staging, "raw/ingest_date=2026-11-24");
    mkdirSync(raw, { recursive: true });
    const events = readFileSync(join(dir, "domains/orders/samples/orders.ndjson"), "utf8").trim().split("\n");
    const half = Math.floor(events.length / 2);
    const names = [
      "orders.orders.v1-0000000000-00000000000000000000",
      "orders.orders.v1-0000000001-00000000000000000000",
    ];
    writeFileSync(join(raw, `${names[0]}.jsonl.gz`), gzipSync(`${events.slice(0, half).join("\n")}\n`));
    writeFileSync(join(raw, `${names[1]}.jsonl.gz`), gzipSync(`${events.slice(half).join("\n")}\n`));
    writeFileSync(join(raw, "notes.txt"), "not a batch");
    const args = ordersArgs();
    args[args.indexOf("--staging") + 1] = staging;

    let io = capture();
    expect(await transform(args, io)).toBe(0);
    expect(io.stdout).toEqual([
      "orders/orders: staged 2 raw files: 77 records, 75 staged, 2 quarantined",
      expect.stringMatching(
        /^orders\/orders: quarantined: 1 [^,]+, 1 [^;]+; in .*\/quarantine\/ingest_date=2026-11-24\/batch-[0-9a-f]{32}\.ndjson(, .*\.ndjson)*$/,
      ),
      expect.stringMatching(/^orders\/orders: 42 rows loaded into orders\.orders_v1 in [\d.]+s$/),
    ]);
    // Each batch is named by its raw file's content.
    expect(readdirSync(join(staging, "ingest_date=2026-11-24"))).toEqual([
      expect.stringMatching(/^batch-[0-9a-f]{32}\.parquet$/),
      expect.stringMatching(/^batch-[0-9a-f]{32}\.parquet$/),
    ]);
    const quarantined = readdirSync(join(staging, "quarantine/ingest_date=2026-11-24")).flatMap((f) =>
      readFileSync(join(staging, "quarantine/ingest_date=2026-11-24", f), "utf8")
        .trim()
        .split("\n"),
    );
    expect(quarantined).toHaveLength(2);
    for (const line of quarantined) expect(JSON.parse(line).reason).not.toBe("");
    const local = await sql(
      join(dir, ".mesh/warehouse/mesh.duckdb"),
      "SELECT * FROM orders.orders_v1 ORDER BY order_id",
    );
    expect(await ordersRows()).toEqual(local);

    // Run again: nothing new to stage, the same table.
    io = capture();
    expect(await transform(args, io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    expect(await ordersRows()).toEqual(local);

    // A new file: only it is staged, and its order joins the table.
    const order = {
      order_id: "o-9000",
      customer_id: "c-001",
      ordered_at: "2026-11-25T08:00:00Z",
      status: "paid",
      amount: "5.00",
      currency: "EUR",
    };
    const next = join(staging, "raw/ingest_date=2026-11-25");
    mkdirSync(next, { recursive: true });
    writeFileSync(
      join(next, "orders.orders.v1-0000000000-00000000000000000040.jsonl.gz"),
      gzipSync(`${JSON.stringify(order)}\n`),
    );
    io = capture();
    expect(await transform(args, io)).toBe(0);
    expect(io.stdout[0]).toBe("orders/orders: staged 1 raw file: 1 record, 1 staged, 0 quarantined");
    expect(await ordersRows()).toHaveLength(43);
    // Back to the shared staging's table, which the next tests read. (Re-running over the shared
    // staging would not do: an incremental product's table is part of its own history.)
    await sql(catalog, "DELETE FROM orders.orders_v1 WHERE order_id = 'o-9000'");
  });

  it("mesh stage runs the extract stage alone, as a Spark product's driver does first", async () => {
    const staging = join(dir, "spark-staging/v1");
    const raw = join(staging, "raw/ingest_date=2026-11-24");
    mkdirSync(raw, { recursive: true });
    const events = readFileSync(join(dir, "domains/orders/samples/orders.ndjson"));
    writeFileSync(join(raw, "orders.orders.v1-0000000000-00000000000000000000.jsonl.gz"), gzipSync(events));
    const stage = [
      "stage",
      "orders/orders",
      "--major",
      "1",
      "--product",
      productFile("orders.orders.v1"),
      "--staging",
      staging,
    ];
    let io = capture();
    expect(await main(stage, io, dir)).toBe(0);
    expect(io.stdout[0]).toBe("orders/orders: staged 1 raw file: 77 records, 75 staged, 2 quarantined");
    expect(readdirSync(join(staging, "ingest_date=2026-11-24"))).toEqual([
      expect.stringMatching(/^batch-[0-9a-f]{32}\.parquet$/),
    ]);
    io = capture();
    expect(await main(stage, io, dir)).toBe(0);
    expect(io.stdout).toEqual(["orders/orders: staged 0 raw files: 0 records, 0 staged, 0 quarantined"]);
    io = capture();
    expect(await main(["stage", "orders/orders"], io, dir)).toBe(2);
    expect(io.stderr[0]).toBe("error: missing --major, --product, --staging");
    expect(io.stderr[1]).toMatch(
      /^Usage: mesh stage <domain>\/<product> --major N --product FILE --staging URI/,
    );
  });

  it("reads consumed products from their tables in the catalog (--read VIEW=DB.TABLE)", async () => {
    await sql(catalog, "DELETE FROM analytics.revenue_by_segment_v2");
    const io = capture();
    const code = await transform(
      [
        "analytics/revenue-by-segment",
        "--major",
        "2",
        "--product",
        productFile("analytics.revenue-by-segment.v2"),
        "--sql",
        join(dir, "domains/analytics/revenue-by-segment.sql"),
        "--staging",
        join(dir, ".mesh/staging/analytics/revenue-by-segment/v2"),
        "--catalog",
        catalog,
        "--table",
        "analytics.revenue_by_segment_v2",
        "--read",
        "orders__orders=orders.orders_v1",
        "--read",
        // analytics is not admitted to customers' PII: the platform passes the projection.
        "customers__customers=customers.customers_v2_redacted",
      ],
      io,
    );
    expect(problems(io.stderr)).toEqual([]);
    expect(code).toBe(0);
    const rows = await sql<{ n: string }>(
      catalog,
      "SELECT count(*)::VARCHAR AS n FROM analytics.revenue_by_segment_v2",
    );
    expect(rows[0]!.n).toBe("17");
  });

  it("also replaces the PII-free projection of a product with PII (--redacted-table)", async () => {
    await sql(catalog, "DELETE FROM customers.customers_v2_redacted");
    const io = capture();
    const code = await transform(
      [
        "customers/customers",
        "--major",
        "2",
        "--product",
        productFile("customers.customers.v2"),
        "--sql",
        join(dir, "customers.sql"),
        "--staging",
        join(dir, ".mesh/staging/customers/customers/v2"),
        "--catalog",
        catalog,
        "--table",
        "customers.customers_v2",
        "--redacted-table",
        "customers.customers_v2_redacted",
      ],
      io,
    );
    expect(problems(io.stderr)).toEqual([]);
    expect(code).toBe(0);
    const table = await sql(
      catalog,
      "SELECT * EXCLUDE (email, full_name) FROM customers.customers_v2 ORDER BY 1",
    );
    expect(table).toHaveLength(12);
    expect(await sql(catalog, "SELECT * FROM customers.customers_v2_redacted ORDER BY 1")).toEqual(table);
  });

  it("refuses --redacted-table for a contract without PII", async () => {
    const io = capture();
    expect(await transform([...ordersArgs(), "--redacted-table", "orders.orders_v1_redacted"], io)).toBe(2);
    expect(io.stderr).toEqual([
      "error: --redacted-table orders.orders_v1_redacted: the contract has no PII field to leave out",
    ]);
  });

  it("leaves the table unchanged when the output breaks the contract", async () => {
    const before = await ordersRows();
    const broken = join(dir, "broken.sql");
    // Every order twice: `unique` breaks whatever staging holds.
    const select = "SELECT order_id, customer_id, ordered_at, status, amount, currency FROM staging";
    writeFileSync(broken, `${select} UNION ALL ${select}`);
    const io = capture();
    expect(await transform(ordersArgs(broken), io)).toBe(1);
    expect(io.stderr).toContain("  unique (order_id): order_id repeats a value in 42 row(s)");
    expect(await ordersRows()).toEqual(before);
  });

  it("fails without a stack trace, the table unchanged, when the SQL or a table is wrong", async () => {
    const before = await ordersRows();
    const bad = join(dir, "bad.sql");
    writeFileSync(bad, "SELECT no_such_column FROM staging");
    let io = capture();
    expect(await transform(ordersArgs(bad), io)).toBe(1);
    expect(problems(io.stderr)).toEqual([
      expect.stringMatching(
        /^orders\.orders\.v1: the transform failed:\n.*bad\.sql:1:8: Binder Error: .*no_such_column.*; orders\.orders_v1 is unchanged$/,
      ),
    ]);
    io = capture();
    const args = ordersArgs();
    args[args.length - 1] = "orders.orders_v9";
    expect(await transform(args, io)).toBe(1);
    expect(problems(io.stderr)[0]).toMatch(
      /^orders\.orders\.v1: orders\.orders_v9: no such table in the warehouse catalog \(the platform creates it with the product: deploy the stack first\)/,
    );
    io = capture();
    expect(await transform([...ordersArgs(), "--read", "customers__customers=customers.nope"], io)).toBe(1);
    expect(problems(io.stderr)[0]).toMatch(
      /^orders\.orders\.v1: its input customers__customers \(customers\.nope\) has no table in the warehouse catalog/,
    );
    expect(await ordersRows()).toEqual(before);
  });

  it("rejects missing arguments, a bad catalog and unreadable files with exit code 2", async () => {
    const io = capture();
    expect(await transform(["orders/orders", "--sql", "x.sql"], io)).toBe(2);
    expect(io.stderr[0]).toBe("error: missing --major, --product, --catalog, --table");
    expect(io.stderr[1]).toMatch(/^Usage: mesh transform /);
    const args = ordersArgs();
    args[args.indexOf("--catalog") + 1] = "glue:eu-west-1";
    expect(await transform(args, io)).toBe(2);
    expect(io.stderr[2]).toBe(
      'error: --catalog "glue:eu-west-1": a Glue catalog is glue:<12-digit account id>',
    );
    const bad = join(dir, "bad.product.json");
    const contract = { id: "x", domain: "orders", product: "orders", version: "1.0.0" };
    writeFileSync(
      bad,
      JSON.stringify({
        contract: { ...contract, schema: { a: { type: "money", description: "d" } } },
        incremental: false,
      }),
    );
    const badProduct = ordersArgs();
    badProduct[badProduct.indexOf("--product") + 1] = bad;
    expect(await transform(badProduct, io)).toBe(2);
    expect(io.stderr[3]).toMatch(
      /^error: --product .*bad\.product\.json: contract\.schema\.a\.type: expected one of string, int/,
    );
  });
});

describe("the Glue catalog", () => {
  it("is the account's Iceberg REST endpoint, with credentials from the chain in the pod's region", () => {
    const glue = parseCatalog("glue:111111111111");
    expect(glue).toEqual({ kind: "glue", accountId: "111111111111" });
    expect(attachStatements(glue as Exclude<typeof glue, string>, { region: "eu-west-1" })).toEqual([
      "LOAD httpfs",
      "LOAD aws",
      "CREATE OR REPLACE SECRET mesh_s3 (TYPE s3, PROVIDER credential_chain, REGION 'eu-west-1')",
      "SET GLOBAL s3_uploader_max_filesize = '80GB'",
      "LOAD iceberg",
      "ATTACH '111111111111' AS warehouse (TYPE iceberg, ENDPOINT_TYPE 'glue')",
    ]);
  });

  it("fails with a clear message, the table unchanged, when the image lacks the extensions", async () => {
    // The runner image installs them at build time into this folder; here it is empty.
    process.env[EXTENSION_DIRECTORY_ENV] = mkdtempSync(join(tmpdir(), "no-extensions-"));
    try {
      expect(duckdbSettings("/tmp/x")).toMatchObject({ autoinstall_known_extensions: "false" });
      const args = ordersArgs();
      args[args.indexOf("--catalog") + 1] = "glue:111111111111";
      const io = capture();
      expect(await transform(args, io)).toBe(1);
      expect(io.stderr[0]).toMatch(
        /^orders\.orders\.v1: cannot open the warehouse catalog: IO Error: Extension ".*httpfs\.duckdb_extension" not found/,
      );
    } finally {
      delete process.env[EXTENSION_DIRECTORY_ENV];
    }
  });

  it("names what is wrong with a catalog argument", () => {
    expect(parseCatalog("warehouse.db")).toBe(
      '"warehouse.db": expected glue:<account id>, an Iceberg REST catalog URL (http(s)://…) or a DuckDB database file (*.duckdb)',
    );
  });
});
