/**
 * PII follows the data: an output column computed from a PII column must be marked `pii` in the
 * product's own contract, unless an aggregate over groups of at least the minimum size
 * de-identifies it. Every way around it — a rename, a CTE, a function, a UNION, a window — is
 * refused by the plan, naming the output column and the PII column it comes from.
 */
import { describe, expect, it } from "vitest";
import { planMesh } from "./lineageMesh.js";

const FROM = "FROM customers__customers";

describe("PII follows the data", () => {
  it.each([
    ["directly, renamed", `SELECT email AS contact ${FROM}`, "direct", 8],
    ["through a CTE", `WITH c AS (SELECT email AS e ${FROM}) SELECT e AS contact FROM c`, "direct", 64],
    ["through concat()", `SELECT concat('mailto:', email) AS contact ${FROM}`, "transformed", 8],
    ["through a UNION", `SELECT segment AS contact ${FROM} UNION ALL SELECT email ${FROM}`, "direct", 8],
    [
      "through a window function",
      `SELECT lag(email) OVER (ORDER BY customer_id) AS contact ${FROM}`,
      "aggregated",
      8,
    ],
    [
      "through a hash (no key the tenant cannot read)",
      `SELECT md5(email) AS contact ${FROM}`,
      "transformed",
      8,
    ],
    [
      "through an aggregate without HAVING",
      `SELECT max(email) AS contact ${FROM} GROUP BY segment`,
      "aggregated",
      8,
    ],
  ])("refuses an unmarked column that carries PII %s", async (_, sql, kind, column) => {
    const { problems } = await planMesh({ sql, columns: { contact: false } });
    expect(problems).toEqual([
      expect.stringContaining(
        `output column contact (SQL line 1, column ${column}) comes from customers.customers.v2 email (PII, ${kind}): mark contact pii: true in reports.report.v1's schema, or de-identify it (an aggregate with HAVING count(*) >= 10)`,
      ),
    ]);
    expect(problems[0]).toMatch(/^fixtures\/reports\/index\.ts:3: dataProducts\[0\]\.transform\.sql: /);
  });

  it("accepts it marked pii", async () => {
    const { mesh, problems } = await planMesh({
      sql: `SELECT email AS contact ${FROM}`,
      columns: { contact: true },
    });
    expect(problems).toEqual([]);
    const report = mesh!.products.find((p) => p.id === "reports.report.v1")!;
    expect(report.lineage).toEqual([
      {
        column: "contact",
        sources: [{ input: "customers.customers.v2", column: "email", kind: "direct" }],
        at: { line: 1, column: 8 },
      },
    ]);
  });

  it("accepts a column that reads PII only to filter rows", async () => {
    const sql = `SELECT segment ${FROM} WHERE email LIKE '%@example.com'`;
    expect((await planMesh({ sql, columns: { segment: false } })).problems).toEqual([]);
  });

  it("accepts an aggregate over groups of at least 10 rows (HAVING count(*) >= 10)", async () => {
    const sql = `SELECT segment, count(email) AS n_contacts ${FROM} GROUP BY segment HAVING count(*) >= 10`;
    expect((await planMesh({ sql, columns: { segment: false, n_contacts: false } })).problems).toEqual([]);
    const strict = sql.replace(">= 10", "> 9");
    expect(
      (await planMesh({ sql: strict, columns: { segment: false, n_contacts: false } })).problems,
    ).toEqual([]);
  });

  it.each([
    ["with groups below the minimum size", "HAVING count(*) >= 5"],
    ["without HAVING", ""],
    ["with a HAVING that can be true of one row", "HAVING count(*) >= 10 OR true"],
  ])("refuses an aggregate %s", async (_, having) => {
    const sql = `SELECT segment, count(email) AS n_contacts ${FROM} GROUP BY segment ${having}`;
    const { problems } = await planMesh({ sql, columns: { segment: false, n_contacts: false } });
    expect(problems).toEqual([
      expect.stringContaining(
        "output column n_contacts (SQL line 1, column 17) comes from customers.customers.v2 email (PII, aggregated)",
      ),
    ]);
  });

  it.each([
    ["a FILTER that picks one row", "count(email) FILTER (WHERE customer_id = 'c-1')", "n_contacts"],
    ["a CASE that picks one row", "count(CASE WHEN customer_id = 'c-1' THEN email END)", "n_contacts"],
    ["an aggregate that returns a member's value", "min(email)", "first_contact"],
  ])("refuses an aggregate over a large group with %s", async (_, aggregate, column) => {
    const sql = `SELECT segment, ${aggregate} AS ${column} ${FROM} GROUP BY segment HAVING count(*) >= 10`;
    const { problems } = await planMesh({ sql, columns: { segment: false, [column]: false } });
    expect(problems).toEqual([expect.stringContaining(`output column ${column}`)]);
  });

  it("refuses an aggregate in several grouping sets: subtotals subtract to the groups HAVING hides", async () => {
    const sql = `SELECT segment, count(email) AS n_contacts ${FROM} GROUP BY ROLLUP (segment) HAVING count(*) >= 10`;
    const { problems } = await planMesh({ sql, columns: { segment: false, n_contacts: false } });
    expect(problems).toEqual([expect.stringContaining("output column n_contacts")]);
  });

  it.each([
    ["a join", `SELECT count(email) AS n_contacts ${FROM}, range(10) HAVING count(*) >= 10`],
    [
      "a CTE",
      `WITH twice AS (SELECT * ${FROM} UNION ALL SELECT * ${FROM})
SELECT count(email) AS n_contacts FROM twice HAVING count(*) >= 10`,
    ],
  ])("refuses an aggregate over rows %s can repeat", async (_, sql) => {
    const { problems } = await planMesh({ sql, columns: { n_contacts: false } });
    expect(problems).toEqual([expect.stringContaining("output column n_contacts")]);
  });

  it("refuses a PII group key even with HAVING: a shared email is still an email", async () => {
    const sql = `SELECT email AS contact, count(*) AS n_rows ${FROM} GROUP BY email HAVING count(*) >= 10`;
    const { problems } = await planMesh({ sql, columns: { contact: false, n_rows: false } });
    expect(problems).toEqual([
      expect.stringContaining(
        "output column contact (SQL line 1, column 8) comes from customers.customers.v2 email (PII, direct)",
      ),
    ]);
  });

  it("refuses PII of the product's own raw records (staging)", async () => {
    const { problems } = await planMesh({
      sql: `SELECT email AS contact ${FROM}`,
      columns: { contact: true },
      customers: (product) => {
        product.schema.contact = { type: "string", description: "Lower-cased email." };
        product.transform.sql =
          "SELECT customer_id, email, segment, score, lower(email) AS contact FROM staging";
      },
    });
    expect(problems).toEqual([
      "fixtures/customers/index.ts:3: dataProducts[0].transform.sql: output column contact (SQL line 1, column 44) comes from its raw records (staging) email (PII, transformed): mark contact pii: true in customers.customers.v2's schema, or de-identify it (an aggregate with HAVING count(*) >= 10)",
    ]);
  });
});

describe("PII from several columns", () => {
  it("names every PII column an output column comes from", async () => {
    const { problems } = await planMesh({
      sql: `SELECT concat(email, segment) AS contact ${FROM}`,
      columns: { contact: false },
      customers: (product) => {
        product.schema.segment.pii = true;
      },
    });
    expect(problems).toEqual([
      expect.stringContaining(
        "comes from customers.customers.v2 email (PII, transformed), customers.customers.v2 segment (PII, transformed): mark contact pii: true",
      ),
    ]);
  });
});
