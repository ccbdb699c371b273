/**
 * SQL errors in `mesh run` name the SQL file, line and column with DuckDB's own message, in copies
 * of the example mesh: a misspelt column (found by DuckDB's binder against the inputs' contracts,
 * before anything runs), a misspelt view (refused before anything runs, with the view it was
 * probably meant to be), and SQL written inline in the domain file (the domain file's line). None
 * carries a hint about missing input tables.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, workspace } from "./support.js";

function edit(file: string, change: (source: string) => string): void {
  const source = readFileSync(file, "utf8");
  const edited = change(source);
  expect(edited, `${file} was edited`).not.toBe(source);
  writeFileSync(file, edited);
}

const run = async (dir: string, target = "orders/orders") => {
  const io = capture();
  const code = await main(["run", target, "--ingest-date", "2026-11-24"], io, dir);
  return { code, stderr: io.stderr.join("\n") };
};

describe("mesh run: SQL errors", () => {
  it("a misspelt column: DuckDB's message at the SQL file's line and column", async () => {
    const dir = workspace();
    edit(join(dir, "domains/orders/orders.sql"), (s) => s.replace("status, amount,", "status, amont,"));
    const { code, stderr } = await run(dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /domains\/orders\/orders\.sql:2:51: dataProducts\[0\]\.transform\.sqlFile: the transform SQL does not bind against its inputs' contracts: Binder Error: Referenced column "amont" not found in FROM clause! Candidate bindings: "amount"/,
    );
    expect(stderr).not.toMatch(/LINE \d|COPY|query\(|no table/);
  });

  it("a misspelt view: refused before it runs, suggesting the declared view, with no missing-table hint", async () => {
    const dir = workspace();
    edit(join(dir, "domains/orders/orders.sql"), (s) => s.replace("FROM staging", "FROM stagin"));
    const { code, stderr } = await run(dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /domains\/orders\/orders\.sql:3:6: dataProducts\[0\]\.transform\.sqlFile: the transform SQL reads "stagin", which is not one of its inputs \(staging\): did you mean staging\?/,
    );
    expect(stderr).not.toMatch(/no table/);
  });

  it("SQL inline in the domain file: the domain file's line and column", async () => {
    const dir = workspace();
    const domainFile = join(dir, "domains/orders/index.ts");
    edit(domainFile, (s) =>
      s.replace(
        'sqlFile: "orders.sql",',
        "sql: `SELECT order_id, customer_id, ordered_at,\n  status, amont, currency\nFROM staging`,",
      ),
    );
    const line = readFileSync(domainFile, "utf8").split("\n").indexOf("  status, amont, currency") + 1;
    expect(line).toBeGreaterThan(1);
    const { code, stderr } = await run(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `domains/orders/index.ts:${line}:11: dataProducts[0].transform.sql: the transform SQL does not bind against its inputs' contracts: Binder Error: Referenced column "amont" not found in FROM clause!`,
    );
  });

  it("SQL inline as a string with \\n escapes: still the domain file's line", async () => {
    const dir = workspace();
    const domainFile = join(dir, "domains/orders/index.ts");
    edit(domainFile, (s) =>
      s.replace(
        'sqlFile: "orders.sql",',
        'sql: "SELECT order_id, customer_id, ordered_at,\\n  status, amont, currency\\nFROM staging",',
      ),
    );
    const lines = readFileSync(domainFile, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes("amont")) + 1;
    const column = lines[line - 1]!.indexOf("amont") + 1;
    const { code, stderr } = await run(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `domains/orders/index.ts:${line}:${column}: dataProducts[0].transform.sql: the transform SQL does not bind against its inputs' contracts: Binder Error: Referenced column "amont"`,
    );
  });
});
