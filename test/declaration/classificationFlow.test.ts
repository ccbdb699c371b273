/**
 * Classification follows the data: a product is at least as restricted as every input whose
 * columns' values it exposes, unless all it exposes of that input is de-identified. Reading an
 * input only to filter rows exposes nothing.
 */
import { describe, expect, it } from "vitest";
import { planMesh } from "./lineageMesh.js";

const FROM = "FROM customers__customers";

describe("classification follows the data", () => {
  it("refuses a product less restricted than an input it exposes columns of", async () => {
    const sql = `SELECT segment, upper(customer_id) AS id ${FROM}`;
    const { problems } = await planMesh({
      sql,
      columns: { segment: false, id: false },
      classification: "internal",
    });
    expect(problems).toEqual([
      "fixtures/reports/index.ts:3: dataProducts[0].classification: reports.report.v1 is internal, but exposes columns of customers.customers.v2, which is confidential: segment (direct) in output column segment, customer_id (transformed) in output column id; raise its classification to confidential, or de-identify those columns (an aggregate with HAVING count(*) >= 10)",
    ]);
  });

  it("accepts a product as restricted as its input, or more", async () => {
    const sql = `SELECT segment ${FROM}`;
    expect(
      (await planMesh({ sql, columns: { segment: false }, classification: "confidential" })).problems,
    ).toEqual([]);
    expect(
      (await planMesh({ sql, columns: { segment: false }, classification: "restricted" })).problems,
    ).toEqual([]);
  });

  it("accepts a product that reads the input only to filter rows", async () => {
    const sql = `SELECT count(*) AS n_rows ${FROM} WHERE segment = 'enterprise'`;
    expect(
      (await planMesh({ sql, columns: { n_rows: false }, classification: "internal" })).problems,
    ).toEqual([]);
  });

  it("accepts a product whose every column of the input is de-identified", async () => {
    const sql = `SELECT avg(score) AS avg_score, count(email) AS n_contacts ${FROM} HAVING count(*) >= 10`;
    const columns = { avg_score: false, n_contacts: false };
    expect((await planMesh({ sql, columns, classification: "internal" })).problems).toEqual([]);
  });

  it("refuses it when one exposed column is not de-identified: a group key is its input's value", async () => {
    const sql = `SELECT segment, count(email) AS n_contacts ${FROM} GROUP BY segment HAVING count(*) >= 10`;
    const { problems } = await planMesh({
      sql,
      columns: { segment: false, n_contacts: false },
      classification: "internal",
    });
    expect(problems).toEqual([
      expect.stringContaining(
        "which is confidential: segment (direct) in output column segment; raise its classification to confidential",
      ),
    ]);
  });
});
