/**
 * `mesh contract diff` binds every consumer's SQL against the proposed contract, in copies of the
 * example mesh: removing a field a consumer's SQL reads lists that SQL at its file, line and column
 * (and refuses the change); removing one nobody reads says that no consumer's SQL stops binding,
 * naming the SQL it checked; a new major lists what each consumer must change before it moves.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture } from "../runner/support.js";

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-impact-"));
  for (const entry of ["domains", "stacks", "platform.yaml", "contracts.lock.json"])
    cpSync(entry, join(dir, entry), { recursive: true });
  return dir;
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  const edited = text.replace(from, to);
  expect(edited, `${file}: ${from} was found`).not.toBe(text);
  writeFileSync(path, edited);
}

/** Removes orders' `amount` field (which analytics' SQL sums) from its contract and its SQL. */
function dropAmount(dir: string): void {
  edit(dir, "domains/orders/index.ts", /\n\s+amount: \{[^}]+\},/, "");
  edit(dir, "domains/orders/orders.sql", "status, amount,", "status,");
}

async function diff(dir: string, ...args: string[]) {
  const io = capture();
  const code = await main(["contract", "diff", ...args], io, dir);
  return { code, stdout: io.stdout, stderr: io.stderr.join("\n") };
}

const REVENUE_SQL = "domains/analytics/revenue-by-segment.sql";

describe("mesh contract diff: the consumers' SQL a change breaks", () => {
  it("lists the consumer's SQL that reads a removed field, at its line and column, and refuses the change", async () => {
    const dir = workspace();
    dropAmount(dir);
    const { code, stdout, stderr } = await diff(dir);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const at = stdout.indexOf(
      "orders.orders.v1 (1.2.0 → 1.2.0): BREAKING changes without a major version bump",
    );
    expect(at).toBeGreaterThanOrEqual(0);
    expect(stdout).toEqual(
      expect.arrayContaining([
        "  consumers' SQL that stops binding against the proposed contract:",
        `    ${REVENUE_SQL}:6:12: analytics.revenue-by-segment.v2: the transform SQL does not bind against its inputs' contracts: Binder Error: Table "o" does not have a column named "amount" Candidate bindings: : "status" (orders__orders is orders.orders.v1; customers__customers is customers.customers.v2 without its PII (the domain is not admitted to it))`,
        "1 product(s) change their contract in a way a consumer's SQL stops binding to: orders.orders.v1",
      ]),
    );
    expect(stdout).not.toContain("No breaking change within a published major version.");
  });

  it("keeps the impact in --json", async () => {
    const dir = workspace();
    dropAmount(dir);
    const { stdout } = await diff(dir, "--json");
    const report = JSON.parse(stdout.join("\n"));
    expect(report.sqlImpact).toEqual([
      {
        id: "orders.orders.v1",
        onMove: false,
        checked: [REVENUE_SQL],
        broken: [
          expect.objectContaining({
            consumer: "analytics.revenue-by-segment.v2",
            sql: `${REVENUE_SQL}:6:12`,
            message: expect.stringContaining('Table "o" does not have a column named "amount"'),
          }),
        ],
      },
    ]);
  });

  it("says no consumer's SQL stops binding when the removed field is read by none, naming the SQL checked", async () => {
    const dir = workspace();
    edit(dir, "domains/orders/index.ts", /\n\s+currency: \{[^}]+\},/, "");
    edit(dir, "domains/orders/orders.sql", "amount, currency", "amount");
    const { stdout } = await diff(dir);
    expect(stdout).toEqual(
      expect.arrayContaining([
        "  breaking    schema.currency: field removed (consumers that read it fail)",
        `  consumers' SQL: none stops binding against the proposed contract (checked: ${REVENUE_SQL})`,
      ]),
    );
    expect(stdout.join("\n")).not.toContain("stops binding to");
  });

  it("for a new major, lists what each consumer must change before it moves, and refuses nothing", async () => {
    const dir = workspace();
    dropAmount(dir);
    edit(dir, "domains/orders/index.ts", 'version: "1.2.0"', 'version: "2.0.0"');
    const { code, stdout } = await diff(dir);
    expect(code).toBe(0);
    expect(stdout).toEqual(
      expect.arrayContaining([
        "  consumers' SQL that stops binding against the new major (each must change before it moves):",
        expect.stringMatching(
          /^ {4}domains\/analytics\/revenue-by-segment\.sql:6:12: analytics\.revenue-by-segment\.v2: .*column named "amount"/,
        ),
      ]),
    );
  });
});
