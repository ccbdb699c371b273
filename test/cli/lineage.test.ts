/**
 * Column lineage end to end, in a copy of the example mesh where a `reports` domain (admitted to
 * the customers' PII) derives a product from customers: `mesh plan` refuses an output column that
 * carries PII its contract does not mark, naming the SQL file, line and column, and plans nothing;
 * `mesh plan --json` carries every product's lineage; `mesh contract publish` records it in
 * contracts.lock.json.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, workspace } from "../runner/support.js";

const REPORT_SQL = `-- Contacts per segment.
SELECT
  segment,
  lower(email) AS contact
FROM customers__customers
WHERE country = 'NL'
`;

/**
 * The example mesh with `reports` in place of analytics (the only other consumer of customers),
 * and no contracts.lock.json: nothing published yet.
 */
function meshWithReports(contactIsPii: boolean): string {
  const dir = workspace();
  rmSync(join(dir, "domains", "analytics"), { recursive: true });
  for (const file of readdirSync(join(dir, "stacks")).filter((f) => f.includes("analytics")))
    rmSync(join(dir, "stacks", file));
  rmSync(join(dir, "contracts.lock.json"));
  const customers = join(dir, "domains", "customers", "index.ts");
  const source = readFileSync(customers, "utf8");
  const admitted = source.replace(
    'access: { consumers: ["analytics"], pii: [] }',
    'access: { consumers: ["reports"], pii: ["reports"] }',
  );
  expect(admitted).not.toBe(source);
  writeFileSync(customers, admitted);
  mkdirSync(join(dir, "domains", "reports"));
  writeFileSync(join(dir, "domains", "reports", "contacts.sql"), REPORT_SQL);
  writeFileSync(
    join(dir, "domains", "reports", "index.ts"),
    `import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "reports",
  owner: { team: "insights", email: "insights-team@example.com" },
  description: "Reports.",
  consumes: [{ domain: "customers", product: "customers", major: 2, purpose: "Contact lists" }],
  dataProducts: [
    {
      name: "contacts",
      version: "1.0.0",
      description: "Dutch customers' contacts by segment.",
      classification: Classification.Confidential,
      schema: {
        segment: { type: "string", required: true, description: "Customer segment." },
        contact: { type: "string", required: true, pii: ${contactIsPii}, description: "Contact email." },
      },
      ingestion: false,
      transform: { sqlFile: "contacts.sql", schedule: "5 * * * *" },
      slos: { freshness: "2h" },
    },
  ],
});
`,
  );
  return dir;
}

describe("column lineage in the CLI", () => {
  it("mesh plan refuses an output column carrying unmarked PII, at its SQL file, line and column", async () => {
    const dir = meshWithReports(false);
    const io = capture();
    expect(await main(["plan", "--quiet"], io, dir)).toBe(2);
    const text = [...io.stdout, ...io.stderr].join("\n");
    expect(text).toContain(
      "domains/reports/contacts.sql:4:3: dataProducts[0].transform.sqlFile: output column contact comes from customers.customers.v2 email (PII, transformed): mark contact pii: true in reports.contacts.v1's schema, or de-identify it (an aggregate with HAVING count(*) >= 10)",
    );
    expect(text).not.toMatch(/^Stack /m);
    expect(text).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("mesh plan --json carries each product's column lineage", async () => {
    const dir = meshWithReports(true);
    const io = capture();
    expect(await main(["plan", "--stack", "orders-dev", "--json", "-", "--quiet"], io, dir)).toBe(0);
    const plan = JSON.parse(io.stdout.join("\n"));
    expect(plan.lineage["reports.contacts.v1"]).toEqual([
      {
        column: "segment",
        sources: [
          { input: "customers.customers.v2", column: "country", kind: "filtered" },
          { input: "customers.customers.v2", column: "segment", kind: "direct" },
        ],
        at: { line: 3, column: 3 },
      },
      {
        column: "contact",
        sources: [
          { input: "customers.customers.v2", column: "country", kind: "filtered" },
          { input: "customers.customers.v2", column: "email", kind: "transformed" },
        ],
        at: { line: 4, column: 3 },
      },
    ]);
    expect(plan.lineage["orders.orders.v1"][0]).toEqual({
      column: "order_id",
      sources: [
        { input: "staging", column: "order_id", kind: "direct" },
        { input: "staging", column: "ordered_at", kind: "filtered" },
        { input: "staging", column: "status", kind: "filtered" },
      ],
      at: { line: 2, column: 8 },
    });
  });

  it("mesh contract publish records each product's lineage in contracts.lock.json", async () => {
    const dir = meshWithReports(true);
    expect(await main(["contract", "publish"], capture(), dir)).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, "contracts.lock.json"), "utf8"));
    // Without positions in the SQL: a comment added above a column is no change to the lock.
    expect(lock.products["reports.contacts.v1"].lineage).toEqual([
      {
        column: "segment",
        sources: [
          { input: "customers.customers.v2", column: "country", kind: "filtered" },
          { input: "customers.customers.v2", column: "segment", kind: "direct" },
        ],
      },
      {
        column: "contact",
        sources: [
          { input: "customers.customers.v2", column: "country", kind: "filtered" },
          { input: "customers.customers.v2", column: "email", kind: "transformed" },
        ],
      },
    ]);
    // What it wrote, it reads back: the next publish finds nothing changed.
    const io = capture();
    expect(await main(["contract", "publish"], io, dir)).toBe(0);
    expect(io.stdout.join("\n")).toContain("Published 3 product version(s)");
  });
});
