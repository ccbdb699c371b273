/**
 * The breaking-change gate end to end, in a copy of the example mesh: a breaking change without a
 * major bump is refused by `contract diff`, `contract publish` and `plan`; a major bump runs the
 * new version beside the old one until the old one's last consumer moves.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Output } from "../../cli/io.js";
import { main } from "../../cli/mesh.js";

function capture(): Output & { stdout: string[]; stderr: string[]; text: () => string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l = "") => stdout.push(l),
    err: (l = "") => stderr.push(l),
    text: () => [...stdout, ...stderr].join("\n"),
  };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-gate-"));
  for (const entry of ["domains", "stacks", "platform.yaml", "contracts.lock.json"])
    cpSync(entry, join(dir, entry), { recursive: true });
  return dir;
}

/** Edits the orders domain file and, so that its output keeps matching its contract, its SQL. */
function editOrders(
  dir: string,
  edit: (source: string) => string,
  editSql: (sql: string) => string = (sql) => sql,
): void {
  const file = join(dir, "domains", "orders", "index.ts");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  const sql = join(dir, "domains", "orders", "orders.sql");
  writeFileSync(sql, editSql(readFileSync(sql, "utf8")));
}

/** The orders SQL without its `currency` column, as the product without the field must be. */
const currencyOutOfSql = (sql: string) => sql.replace("amount, currency", "amount");

/** Drops the `currency` field from the orders product (a breaking change). */
function dropCurrency(source: string): string {
  const edited = source.replace(/\n\s+currency: \{[^}]+\},/, "");
  expect(edited, "the currency field was found and removed").not.toBe(source);
  return edited;
}

describe("a breaking change within a published major", () => {
  it("is refused by contract diff, naming the change and the consumers it affects", async () => {
    const dir = workspace();
    editOrders(dir, dropCurrency, currencyOutOfSql);
    const io = capture();
    expect(await main(["contract", "diff"], io, dir)).toBe(1);
    expect(io.stdout).toEqual(
      expect.arrayContaining([
        "orders.orders.v1 (1.2.0 → 1.2.0): BREAKING changes without a major version bump",
        "  breaking    schema.currency: field removed (consumers that read it fail)",
        "  consumers affected: analytics",
        "1 product(s) need a major version bump: orders.orders.v1",
      ]),
    );
  });

  it("is refused by contract publish, leaving the lock as it was", async () => {
    const dir = workspace();
    const before = readFileSync(join(dir, "contracts.lock.json"), "utf8");
    editOrders(dir, dropCurrency, currencyOutOfSql);
    const io = capture();
    expect(await main(["contract", "publish"], io, dir)).toBe(1);
    expect(io.stderr.at(-1)).toBe(
      "Not published: bump the major version of orders.orders.v1, or make the changes compatible.",
    );
    expect(readFileSync(join(dir, "contracts.lock.json"), "utf8")).toBe(before);
  });

  it("fails mesh plan through the mesh-contract-compatible-within-major policy, naming the consumers it would break and the remedy", async () => {
    const dir = workspace();
    editOrders(dir, dropCurrency, currencyOutOfSql);
    const io = capture();
    expect(await main(["plan", "--stack", "orders-prod", "--quiet"], io, dir)).toBe(1);
    expect(io.text()).toMatch(
      /\[mandatory\] mesh-contract-compatible-within-major\n.*mesh:index:Domain::orders\n\s+contracts\["orders\.orders\.v1"\]: breaking changes to version 1\.2\.0 without a major version bump \(now 1\.2\.0\): schema\.currency: field removed \(consumers that read it fail\)\. It would break the consuming domains analytics: bump the major version to 2\.0\.0 \(orders\.orders\.v2 then runs side by side with v1 until they move to it\), or make the changes compatible\./,
    );
  });

  it("passes once the change is compatible (an optional field added, minor bump)", async () => {
    const dir = workspace();
    editOrders(
      dir,
      (s) =>
        s
          .replace('version: "1.2.0"', 'version: "1.3.0"')
          .replace(
            "        order_id:",
            '        coupon: { type: "string", description: "Coupon code used." },\n        order_id:',
          ),
      (sql) => sql.replace("amount, currency", "amount, currency, coupon"),
    );
    const io = capture();
    expect(await main(["contract", "diff"], io, dir)).toBe(0);
    expect(io.stdout).toContain(
      "  compatible  schema.coupon: optional field added (a new column, which existing queries do not read)",
    );
    expect(await main(["plan", "--stack", "orders-prod", "--quiet"], capture(), dir)).toBe(0);
  });
});

describe("a major version bump", () => {
  const bump = (s: string) => dropCurrency(s).replace('version: "1.2.0"', 'version: "2.0.0"');

  it("runs v2 beside v1 while analytics still consumes v1, and the plan shows both", async () => {
    const dir = workspace();
    editOrders(dir, bump, currencyOutOfSql);
    const io = capture();
    expect(await main(["plan", "--stack", "orders-prod"], io, dir)).toBe(0);
    const text = io.text();
    expect(text).toMatch(/kafka:index\/topic:Topic {2}orders-orders-v1 {2}orders\.orders\.v1 /);
    expect(text).toMatch(/kafka:index\/topic:Topic {2}orders-orders-v2 {2}orders\.orders\.v2 /);
    // analytics keeps its grant on v1, where it still reads; v2 has no consumer yet.
    expect(text).toMatch(/User:analytics Read Topic:orders\.orders\.v1/);
    expect(text).not.toMatch(/User:analytics Read Topic:orders\.orders\.v2/);
  });

  it("is reviewed as a new major, with v1 retained for its consumers, and published with both", async () => {
    const dir = workspace();
    editOrders(dir, bump, currencyOutOfSql);
    const io = capture();
    expect(await main(["contract", "diff"], io, dir)).toBe(0);
    expect(io.stdout).toEqual(
      expect.arrayContaining([
        "orders.orders.v1 (1.2.0): superseded, kept running while consumed",
        "  still consumed by: analytics",
        "orders.orders.v2 (1.2.0 → 2.0.0): new major version, runs beside the previous one",
        "  breaking    schema.currency: field removed (consumers that read it fail)",
      ]),
    );
    expect(await main(["contract", "publish"], capture(), dir)).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, "contracts.lock.json"), "utf8"));
    expect(Object.keys(lock.products)).toEqual([
      "analytics.revenue-by-segment.v2",
      "customers.customers.v2",
      "orders.orders.v1",
      "orders.orders.v2",
    ]);
  });

  it("retires v1 once its last consumer moves to v2", async () => {
    const dir = workspace();
    editOrders(dir, bump, currencyOutOfSql);
    const analytics = join(dir, "domains", "analytics", "index.ts");
    writeFileSync(
      analytics,
      readFileSync(analytics, "utf8").replace(
        '{ domain: "orders", product: "orders", major: 1',
        '{ domain: "orders", product: "orders", major: 2',
      ),
    );
    const io = capture();
    expect(await main(["contract", "diff"], io, dir)).toBe(0);
    expect(io.stdout).toContain(
      "orders.orders.v1 (1.2.0): no longer declared or consumed: retired on publish",
    );
    const plan = capture();
    expect(await main(["plan", "--stack", "orders-prod"], plan, dir)).toBe(0);
    expect(plan.text()).not.toMatch(/orders\.orders\.v1 /);
  });
});

describe("contract diff --base", () => {
  it("compares with the lock at a git revision, or in a given file", async () => {
    const dir = workspace();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "add", ".");
    git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "published");
    editOrders(dir, dropCurrency, currencyOutOfSql);
    const io = capture();
    expect(await main(["contract", "diff", "--base", "HEAD"], io, dir)).toBe(1);
    expect(io.stdout[0]).toBe("Contracts against HEAD:contracts.lock.json:");
    expect(await main(["contract", "diff", "--base", "contracts.lock.json"], capture(), dir)).toBe(1);
    const bad = capture();
    expect(await main(["contract", "diff", "--base", "no-such-ref"], bad, dir)).toBe(2);
    expect(bad.stderr[0]).toBe(
      'error: --base "no-such-ref" is neither a file nor a git revision that has contracts.lock.json',
    );
  });

  it("exits 2 naming the path of a malformed lock file", async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, "contracts.lock.json"),
      JSON.stringify({ lockfileVersion: 1, products: { x: { domain: 1 } } }),
    );
    const io = capture();
    expect(await main(["contract", "diff"], io, dir)).toBe(2);
    expect(io.stderr[0]).toMatch(/contracts\.lock\.json: products\.x\.domain: /);
  });
});
