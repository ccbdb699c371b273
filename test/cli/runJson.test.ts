/**
 * `mesh run --json FILE|-`: the run's summary as data, for scripts and CI; with `-` the JSON alone
 * is on stdout and the report for people goes to stderr.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, workspace } from "../runner/support.js";

describe("mesh run --json", () => {
  it("- writes the summary as JSON on stdout, alone: per product records, quarantine reasons, status, time", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["run", "orders/orders", "--json", "-"], io, dir)).toBe(0);
    const report = JSON.parse(io.stdout.join("\n"));
    expect(report.exitCode).toBe(0);
    expect(report.products).toHaveLength(1);
    const [orders] = report.products;
    expect(orders).toMatchObject({
      product: "orders.orders.v1",
      status: "ok",
      rowsIn: 77,
      staged: 75,
      quarantined: 2,
      rowsOut: 42,
      errors: [],
    });
    expect(Object.values(orders.reasons as Record<string, number>).reduce((a, b) => a + b)).toBe(2);
    expect(orders.quarantineFiles[0]).toMatch(/quarantine\/ingest_date=/);
    expect(orders.seconds).toBeGreaterThan(0);
    // The table for people is still printed, on stderr.
    expect(io.stderr.join("\n")).toMatch(/^product\s+status\s+records in/m);
  });

  it("FILE writes the same to a file, the table staying on stdout", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["run", "customers", "--json", "run.json"], io, dir)).toBe(0);
    expect(io.stdout[0]).toMatch(/^product\s+status/);
    expect(io.stdout.at(-1)).toBe("Wrote run.json");
    const report = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(report.products.map((p: { product: string; rowsOut: number }) => [p.product, p.rowsOut])).toEqual([
      ["customers.customers.v2", 12],
    ]);
  });
});
