/**
 * `mesh run` end to end on small data: orders and customers, then analytics built from both. What
 * the pipeline core does for both entry points is in core.scenarios.test.ts; this is the local
 * command itself: targets, inputs, the summary, the lock.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, nextCommit, query, workspace } from "./support.js";

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** Revenue per segment computed independently from the sample events: latest event per order wins. */
function expectedRevenue(dir: string): Record<string, { orders: number; revenue: number }> {
  const customers = new Map(
    lines(join(dir, "domains/customers/samples/customers.ndjson")).map((c) => [c.customer_id, c.segment]),
  );
  const latest = new Map<string, any>();
  for (const o of lines(join(dir, "domains/orders/samples/orders.ndjson"))) {
    if (!["placed", "paid", "shipped", "cancelled"].includes(o.status) || typeof o.amount !== "string")
      continue; // quarantined
    const seen = latest.get(o.order_id);
    if (
      !seen ||
      o.ordered_at > seen.ordered_at ||
      (o.ordered_at === seen.ordered_at && o.status > seen.status)
    )
      latest.set(o.order_id, o);
  }
  const totals: Record<string, { orders: number; revenue: number }> = {};
  for (const o of latest.values()) {
    if (!["paid", "shipped"].includes(o.status)) continue;
    const segment = customers.get(o.customer_id)!;
    totals[segment] ??= { orders: 0, revenue: 0 };
    totals[segment].orders += 1;
    totals[segment].revenue += Number(o.amount);
  }
  return totals;
}

describe("mesh run --all on the example mesh's sample events", () => {
  it("runs orders and customers, then analytics, and computes revenue per customer segment", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["run", "--all"], io, dir)).toBe(0);
    expect(io.stdout[0]).toMatch(
      /^product\s+status\s+records in\s+staged\s+quarantined\s+rows out\s+seconds\s+rows\/s$/,
    );
    expect(io.stdout.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 6))).toEqual([
      ["orders.orders.v1", "ok", "77", "75", "2", "42"],
      ["customers.customers.v2", "ok", "12", "12", "0", "12"],
      ["analytics.revenue-by-segment.v2", "ok", "0", "0", "0", "17"],
    ]);
    // Where the quarantined records are, and why, in a line a person reads.
    expect(io.stdout[4]).toMatch(/^Quarantined \(orders\.orders\.v1\): 1 [^,]+, 1 [^,]+$/);
    expect(io.stdout[5]).toMatch(
      /^ {2}\.mesh\/staging\/orders\/orders\/v1\/quarantine\/ingest_date=\d{4}-\d{2}-\d{2}\/batch-[0-9a-f]{32}\.ndjson$/,
    );
    const actual = await query(
      dir,
      "SELECT segment, sum(order_count)::INTEGER AS orders, sum(revenue)::DOUBLE AS revenue FROM analytics.revenue_by_segment_v2 GROUP BY ALL ORDER BY 1",
    );
    const expected = expectedRevenue(dir);
    expect(actual.map((r) => r.segment)).toEqual(Object.keys(expected).sort());
    for (const row of actual) {
      expect(row.orders).toBe(expected[row.segment as string]!.orders);
      expect(row.revenue).toBeCloseTo(expected[row.segment as string]!.revenue, 2);
    }
  });

  it("lands its input in the raw zone and lays staging out like the bucket", async () => {
    const dir = workspace();
    expect(await main(["run", "orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    const root = join(dir, ".mesh/staging/orders/orders/v1");
    expect(readdirSync(join(root, "raw/ingest_date=2026-11-24"))).toEqual([
      expect.stringMatching(/^orders-[0-9a-f]{16}\.jsonl$/),
    ]);
    expect(readdirSync(join(root, "ingest_date=2026-11-24"))).toEqual([
      expect.stringMatching(/^batch-[0-9a-f]{32}\.parquet$/),
    ]);
    expect(existsSync(join(root, "state/ledger.json"))).toBe(true);
    // The lock is released and scratch is cleaned.
    expect(existsSync(join(dir, ".mesh/run.lock"))).toBe(false);
    expect(readdirSync(join(dir, ".mesh/tmp")).filter((f) => f !== "spill")).toEqual([]);
  });

  it("is idempotent: re-running the same input gives the same table, without duplicates", async () => {
    const dir = workspace();
    const table = "SELECT * FROM orders.orders_v1 ORDER BY order_id";
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    const first = await query(dir, table);
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    expect(await query(dir, table)).toEqual(first);
    expect(first).toHaveLength(42);
  });

  it("is incremental by ingest partition: a new batch adds its records", async () => {
    const dir = workspace();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-23"], capture(), dir)).toBe(0);
    const batch = join(dir, "more.ndjson");
    writeFileSync(
      batch,
      `${JSON.stringify({ order_id: "o-5000", customer_id: "c-001", ordered_at: "2026-11-24T09:00:00Z", status: "paid", amount: "10.00", currency: "EUR" })}\n`,
    );
    expect(
      await main(["run", "orders/orders", "--input", batch, "--ingest-date", "2026-11-24"], capture(), dir),
    ).toBe(0);
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1")).toEqual([{ n: 43 }]);
  });
});

describe("PII: a consumer not admitted reads the product without its PII columns, as in production", () => {
  it("writes the PII-free projection beside the table, and analytics cannot select email", async () => {
    const dir = workspace();
    expect(await main(["run", "customers", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    const columns = async (table: string) =>
      (
        await query(
          dir,
          `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'customers' AND table_name = '${table}'`,
        )
      ).map((r) => r.column_name);
    expect(await columns("customers_v2")).toContain("email");
    expect(await columns("customers_v2_redacted")).toEqual([
      "customer_id",
      "segment",
      "country",
      "signed_up_on",
    ]);
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM customers.customers_v2_redacted")).toEqual([
      { n: 12 },
    ]);

    // analytics' SQL asking for a PII column is refused before it runs: its view of customers has none.
    expect(await main(["run", "orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    const sql = join(dir, "domains/analytics/revenue-by-segment.sql");
    writeFileSync(sql, readFileSync(sql, "utf8").replace("c.segment,", "c.segment, c.email,"));
    const io = capture();
    expect(await main(["run", "analytics"], io, dir)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(
      /revenue-by-segment\.sql:\d+:\d+: .*Binder Error: .*"email".*customers__customers is customers\.customers\.v2 without its PII/,
    );
  });
});

describe("extract: invalid records go to the quarantine with their reason", () => {
  it("keeps every valid record and quarantines each crafted bad one with its line and reason", async () => {
    const dir = workspace();
    const good = {
      order_id: "o-1",
      customer_id: "c-001",
      ordered_at: "2026-11-24T09:00:00+02:00",
      status: "paid",
      amount: "10.50",
      currency: "EUR",
    };
    const file = join(dir, "crafted.ndjson");
    const bad = [
      '{"order_id": "o-2",',
      "[1, 2]",
      JSON.stringify({ ...good, order_id: undefined }),
      JSON.stringify({ ...good, status: "lost" }),
      JSON.stringify({ ...good, amount: -1 }),
      JSON.stringify({ ...good, amount: "10.505" }),
      JSON.stringify({ ...good, coupon: "X" }),
    ];
    writeFileSync(file, [JSON.stringify(good), ...bad].join("\n"));
    const io = capture();
    expect(
      await main(["run", "orders/orders", "--input", file, "--ingest-date", "2026-11-24"], io, dir),
    ).toBe(0);
    expect(io.stdout[1]!.split(/\s+/).slice(0, 6)).toEqual(["orders.orders.v1", "ok", "8", "1", "7", "1"]);
    const folder = join(dir, ".mesh/staging/orders/orders/v1/quarantine/ingest_date=2026-11-24");
    const records = lines(join(folder, readdirSync(folder)[0]!));
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(records.map((r) => r.record)).toEqual(bad);
    expect(records.every((r) => typeof r.reason === "string" && r.reason.length > 0)).toBe(true);
    expect(records[0]!.file).toMatch(/^raw\/ingest_date=2026-11-24\/crafted-[0-9a-f]{16}\.jsonl$/);
    // The timestamp's offset is applied: the table holds UTC.
    expect(
      await query(dir, "SELECT strftime(ordered_at, '%Y-%m-%d %H:%M') AS at FROM orders.orders_v1"),
    ).toEqual([{ at: "2026-11-24 07:00" }]);
  });
});

describe("load: the output contract is enforced", () => {
  it("fails the run with a report per rule and keeps the previous good table", async () => {
    const dir = workspace();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    // A transform that forgets to keep only the latest event per order breaks `unique` as soon as
    // a later event of a known order arrives.
    writeFileSync(
      join(dir, "domains/orders/orders.sql"),
      "SELECT order_id, customer_id, ordered_at, status, amount, currency FROM staging",
    );
    const later = join(dir, "later.ndjson");
    writeFileSync(
      later,
      `${JSON.stringify({ order_id: "o-0001", customer_id: "c-006", ordered_at: "2026-11-25T09:00:00Z", status: "paid", amount: "379.41", currency: "EUR" })}\n`,
    );
    const io = capture();
    expect(
      await main(["run", "orders/orders", "--input", later, "--ingest-date", "2026-11-25"], io, dir),
    ).toBe(1);
    expect(io.stderr).toContain(
      "orders.orders.v1: the output breaks its contract; the previous table is kept:",
    );
    expect(io.stderr).toContain("  unique (order_id): order_id repeats a value in 1 row(s)");
    expect(io.stdout[1]).toMatch(/^orders\.orders\.v1\s+failed\s+1\s+1\s+0\s+43\s/);
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1")).toEqual([{ n: 42 }]);
  });

  it("refuses, before it runs, SQL whose columns and types do not match the contract", async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, "domains/orders/orders.sql"),
      "SELECT order_id, customer_id, ordered_at, status, amount::DOUBLE AS amount FROM staging",
    );
    const io = capture();
    expect(await main(["run", "orders/orders"], io, dir)).toBe(2);
    const text = io.stderr.join("\n");
    expect(text).toContain(
      "orders.sql:1:51: dataProducts[0].transform.sqlFile: the transform SQL outputs column amount as DOUBLE, but its contract orders.orders.v1 says DECIMAL(12,2)",
    );
    expect(text).toContain(
      "the transform SQL has no output column currency, which its contract orders.orders.v1 declares (VARCHAR)",
    );
  });
});

describe("mesh run: inputs and errors", () => {
  it("generates deterministic records from the contract that pass validation", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["run", "customers/customers", "--rows", "500", "--seed", "7"], io, dir)).toBe(0);
    expect(io.stdout[1]!.split(/\s+/).slice(0, 6)).toEqual([
      "customers.customers.v2",
      "ok",
      "500",
      "500",
      "0",
      "500",
    ]);
    const first = await query(dir, "SELECT * FROM customers.customers_v2 ORDER BY customer_id LIMIT 3");
    expect(await main(["run", "customers/customers", "--rows", "500", "--seed", "7"], capture(), dir)).toBe(
      0,
    );
    expect(await query(dir, "SELECT * FROM customers.customers_v2 ORDER BY customer_id LIMIT 3")).toEqual(
      first,
    );
  });

  it("runs a consumer before its inputs ran: their tables exist empty, as after a deploy", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["run", "analytics"], io, dir)).toBe(0);
    expect(io.stdout[1]).toMatch(/^analytics\.revenue-by-segment\.v2\s+ok\s+0\s+0\s+0\s+0\s/);
  });

  it("rejects unknown targets and conflicting options with exit code 2", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["run", "billing"], io, dir)).toBe(2);
    expect(io.stderr[0]).toBe('error: unknown domain "billing" (known: analytics, customers, orders)');
    expect(await main(["run", "orders/returns"], io, dir)).toBe(2);
    expect(io.stderr[1]).toBe('error: domain "orders" runs no product returns (it runs: orders@1)');
    expect(await main(["run", "--all", "--rows", "5"], io, dir)).toBe(2);
    expect(io.stderr[2]).toBe(
      "error: --input and --rows apply to one product; name it as <domain>/<product>",
    );
    expect(await main(["run", "orders/orders", "--input", "nope.ndjson"], io, dir)).toBe(2);
    expect(io.stderr[3]).toBe("error: --input nope.ndjson: no such file");
    expect(await main(["run", "orders/orders", "--rows", "many"], io, dir)).toBe(2);
    expect(io.stderr[4]).toBe("error: --rows must be a whole number, got many");
  });
});

describe("a superseded major still consumed keeps running", () => {
  it("runs orders/orders@1 from the lock beside v2, and feeds analytics in --all", async () => {
    const published = workspace();
    expect(await main(["contract", "publish"], capture(), published)).toBe(0);
    // The next commit, as a new process reads it (this one has imported the old domain file).
    const dir = nextCommit(published, "v2");
    // orders v2 renames amount to total (breaking); analytics still consumes v1.
    const domainFile = join(dir, "domains/orders/index.ts");
    writeFileSync(
      domainFile,
      readFileSync(domainFile, "utf8")
        .replace('version: "1.2.0"', 'version: "2.0.0"')
        .replace("amount: {", "total: {"),
    );
    const sql = join(dir, "domains/orders/orders.sql");
    writeFileSync(sql, readFileSync(sql, "utf8").replace("amount, currency", "total, currency"));
    const samples = join(dir, "domains/orders/samples");
    const v1 = readFileSync(join(samples, "orders.ndjson"), "utf8");
    // v1's topic keeps its records; v2's carry the new field.
    writeFileSync(join(samples, "orders.v1.ndjson"), v1);
    writeFileSync(join(samples, "orders.ndjson"), v1.replaceAll('"amount"', '"total"'));

    const io = capture();
    expect(await main(["run", "--all", "--ingest-date", "2026-11-24"], io, dir)).toBe(0);
    const ran = io.stdout.slice(1, 5).map((l) => l.split(/\s+/)[0]);
    expect([...ran].sort()).toEqual([
      "analytics.revenue-by-segment.v2",
      "customers.customers.v2",
      "orders.orders.v1",
      "orders.orders.v2",
    ]);
    expect(ran.indexOf("analytics.revenue-by-segment.v2")).toBeGreaterThan(ran.indexOf("orders.orders.v1"));
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1")).toEqual([{ n: 42 }]);
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM orders.orders_v2")).toEqual([{ n: 42 }]);
    expect(
      (await query(dir, "SELECT count(*)::INTEGER AS n FROM analytics.revenue_by_segment_v2"))[0]!.n,
    ).toBeGreaterThan(0);

    const one = capture();
    expect(await main(["run", "orders/orders@1"], one, dir)).toBe(0);
    expect(one.stdout.slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual(["orders.orders.v1"]);
    const current = capture();
    expect(await main(["run", "orders/orders"], current, dir)).toBe(0);
    expect(current.stdout.slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual(["orders.orders.v2"]);
    const unknown = capture();
    expect(await main(["run", "orders/orders@7"], unknown, dir)).toBe(2);
    expect(unknown.stderr[0]).toBe(
      'error: domain "orders" runs no product orders@7 (it runs: orders@2, orders@1)',
    );
  });
});

describe("an incremental product's history stops growing", () => {
  it("removes folded batches past twice the retention; the table keeps their rows", async () => {
    const dir = workspace();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-01"], capture(), dir)).toBe(0);
    const root = join(dir, ".mesh/staging/orders/orders/v1");
    const staged = () =>
      readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".parquet"));
    expect(staged()).toHaveLength(1);
    const later = join(dir, "later.ndjson");
    writeFileSync(
      later,
      `${JSON.stringify({ order_id: "o-9000", customer_id: "c-001", ordered_at: "2026-11-20T09:00:00Z", status: "paid", amount: "5.00", currency: "EUR" })}\n`,
    );
    // Orders keeps raw records 7 days: its folded batches go after 14.
    expect(
      await main(["run", "orders/orders", "--input", later, "--ingest-date", "2026-11-20"], capture(), dir),
    ).toBe(0);
    expect(staged()).toEqual([
      expect.stringMatching(/^ingest_date=2026-11-20\/batch-[0-9a-f]{32}\.parquet$/),
    ]);
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1")).toEqual([{ n: 43 }]);
    const ledger = JSON.parse(readFileSync(join(root, "state/ledger.json"), "utf8"));
    expect(ledger.folded).toHaveLength(1);
    expect(ledger.expired).toBe(true);

    // Turning incremental off would rebuild the table from what is left: refused, table kept.
    const next = nextCommit(dir, "full");
    const domainFile = join(next, "domains/orders/index.ts");
    writeFileSync(
      domainFile,
      readFileSync(domainFile, "utf8").replace("incremental: true", "incremental: false"),
    );
    const io = capture();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-21"], io, next)).toBe(1);
    expect(io.stderr.join("\n")).toMatch(
      /orders\.orders\.v1: its staged history was partly expired while its transform was incremental/,
    );
    expect(await query(next, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1")).toEqual([{ n: 43 }]);
  });
});

describe("the input's name", () => {
  it("lands under a plain name, so that DuckDB never reads it as a glob of other files", async () => {
    const dir = workspace();
    const odd = join(dir, "orders [copy] *.ndjson");
    writeFileSync(odd, readFileSync(join(dir, "domains/orders/samples/orders.ndjson")));
    const io = capture();
    expect(await main(["run", "orders/orders", "--input", odd, "--ingest-date", "2026-11-24"], io, dir)).toBe(
      0,
    );
    expect(readdirSync(join(dir, ".mesh/staging/orders/orders/v1/raw/ingest_date=2026-11-24"))).toEqual([
      expect.stringMatching(/^orders_copy_-[0-9a-f]{16}\.jsonl$/),
    ]);
    expect(await query(dir, "SELECT count(*)::INTEGER AS n FROM orders.orders_v1")).toEqual([{ n: 42 }]);
  });
});

describe("a run that cannot finish", () => {
  it("says why, exit 1, and its summary counts what it staged (which stays for the next run)", async () => {
    const dir = workspace();
    // It binds (an explicit cast), and fails on the first value that is no decimal.
    writeFileSync(
      join(dir, "domains/orders/orders.sql"),
      "SELECT order_id, customer_id, ordered_at, status, CAST(status AS DECIMAL(12,2)) AS amount, currency FROM staging",
    );
    const io = capture();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], io, dir)).toBe(1);
    expect(io.stderr.join("\n")).toMatch(
      /^error: orders\.orders\.v1: the transform failed:\ndomains\/orders\/orders\.sql:1:51: Conversion Error: Could not convert string/m,
    );
    expect(io.stdout[1]!.split(/\s+/).slice(0, 6)).toEqual([
      "orders.orders.v1",
      "error",
      "77",
      "75",
      "2",
      "0",
    ]);
    // Fixed, the next run goes on from the staged batch: nothing new to stage, the table built.
    writeFileSync(join(dir, "domains/orders/orders.sql"), readFileSync("domains/orders/orders.sql", "utf8"));
    const next = capture();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], next, dir)).toBe(0);
    expect(next.stdout[1]!.split(/\s+/).slice(0, 6)).toEqual(["orders.orders.v1", "ok", "0", "0", "0", "42"]);
  });
});
