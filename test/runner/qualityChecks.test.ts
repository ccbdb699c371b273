/**
 * The table-level quality checks on a new table: each ODCS metric passing and failing, volume
 * change against a synthetic run history, freshness at load against the SLO, and severity.
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Contract } from "../../components/contract/contract.js";
import { QualitySchema } from "../../components/declaration/schema.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { qualityChecks, volumeChangeCheck } from "../../runner/qualityChecks.js";

let instance: DuckDBInstance;
let connection: DuckDBConnection;

const field = (type: string) => ({ type, description: "x", required: false, pii: false, unique: false });

const contractWith = (quality: unknown, freshness = "1h") =>
  ({
    schema: {
      id: field("string"),
      email: field("string"),
      status: field("string"),
      amount: field("int"),
      at: field("timestamp"),
    },
    slos: { freshness },
    quality: QualitySchema.parse(quality),
  }) as unknown as Contract;

const NOW = new Date("2026-11-30T12:00:00Z");

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  // 10 rows: 2 null emails, 1 empty email, 1 status outside the valid ones, id "a" twice.
  await connection.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    ('a', 'a@x', 'paid', 1, TIMESTAMP '2026-11-30 11:30:00'),
    ('a', 'b@x', 'paid', 2, TIMESTAMP '2026-11-30 10:00:00'),
    ('c', NULL, 'paid', 3, TIMESTAMP '2026-11-29 10:00:00'),
    ('d', NULL, 'open', 4, TIMESTAMP '2026-11-29 10:00:00'),
    ('e', '', 'paid', 5, TIMESTAMP '2026-11-29 10:00:00'),
    ('f', 'f@x', 'lost', 6, TIMESTAMP '2026-11-29 10:00:00'),
    ('g', 'g@x', 'paid', 7, TIMESTAMP '2026-11-29 10:00:00'),
    ('h', 'h@x', 'paid', 8, TIMESTAMP '2026-11-29 10:00:00'),
    ('i', 'i@x', 'paid', 9, TIMESTAMP '2026-11-29 10:00:00'),
    ('j', 'j@x', NULL, 10, TIMESTAMP '2026-11-29 10:00:00')
  ) v(id, email, status, amount, "at")`);
  await connection.run("CREATE TABLE empty AS SELECT * FROM t WHERE false");
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const run = (quality: unknown, table = "t", history: RunRecord[] = [], freshness = "1h") =>
  qualityChecks(connection, table, contractWith(quality, freshness), table === "t" ? 10 : 0, history, NOW);

describe("metric checks measure the new table against their threshold", () => {
  it.each([
    ["nullValues", { metric: "nullValues", field: "email", mustBeLessOrEqualTo: 2 }, 2, true],
    ["nullValues", { metric: "nullValues", field: "email", mustBeLessThan: 2 }, 2, false],
    [
      "nullValues in percent",
      { metric: "nullValues", field: "email", mustBeLessThan: 25, unit: "percent" },
      20,
      true,
    ],
    [
      "nullValues in percent",
      { metric: "nullValues", field: "email", mustBeLessThan: 10, unit: "percent" },
      20,
      false,
    ],
    [
      "missingValues with a list",
      { metric: "missingValues", field: "email", missingValues: [""], mustBeLessOrEqualTo: 3 },
      3,
      true,
    ],
    [
      "missingValues with a list",
      { metric: "missingValues", field: "email", missingValues: [""], mustBe: 2 },
      3,
      false,
    ],
    [
      "invalidValues",
      { metric: "invalidValues", field: "status", validValues: ["paid", "open"], mustBeLessThan: 2 },
      1,
      true,
    ],
    [
      "invalidValues",
      { metric: "invalidValues", field: "status", validValues: ["paid"], mustBeLessThan: 2 },
      2,
      false,
    ],
    [
      "invalidValues of a number",
      { metric: "invalidValues", field: "amount", validValues: [1, 2, 3], mustBeGreaterThan: 6 },
      7,
      true,
    ],
    ["duplicateValues", { metric: "duplicateValues", field: "id", mustBeBetween: [1, 1] }, 1, true],
    ["duplicateValues", { metric: "duplicateValues", field: "id", mustBeGreaterThan: 1 }, 1, false],
    ["rowCount", { metric: "rowCount", mustNotBeBetween: [0, 5] }, 10, true],
    ["rowCount", { metric: "rowCount", mustNotBeBetween: [10, 20] }, 10, false],
    ["mustNotBe", { metric: "nullValues", field: "status", mustNotBe: 1 }, 1, false],
  ])("%s: %j measures %d, passes: %s", async (_, metric, observed, passed) => {
    const outcome = await run({ metrics: [metric] });
    expect(outcome.checks).toEqual([expect.objectContaining({ passed, observed })]);
    expect(outcome.failures).toHaveLength(passed ? 0 : 1);
  });

  it("names the rule, the measure and the threshold in the failure and the record", async () => {
    const outcome = await run({
      metrics: [{ metric: "nullValues", field: "email", mustBeLessThan: 1, unit: "percent" }],
    });
    expect(outcome.checks).toEqual([
      { rule: "nullValues:email", passed: false, observed: 20, expected: "mustBeLessThan 1 %" },
    ]);
    expect(outcome.failures).toEqual([
      {
        rule: "nullValues",
        column: "email",
        rows: 2,
        message: "nullValues of email is 20.00 %; the contract says mustBeLessThan 1 %",
      },
    ]);
  });

  it("reports a failing check of severity warning without refusing the table", async () => {
    const outcome = await run({
      metrics: [{ metric: "duplicateValues", field: "id", mustBe: 0, severity: "warning" }],
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.checks).toEqual([expect.objectContaining({ rule: "duplicateValues:id", passed: false })]);
    expect(outcome.warnings).toEqual([
      "duplicateValues:id (warning): duplicateValues of id is 1 row(s); the contract says mustBe 0 rows",
    ]);
  });

  it("counts 0 % of an empty table", async () => {
    const outcome = await run(
      { metrics: [{ metric: "nullValues", field: "email", mustBeLessThan: 1, unit: "percent" }] },
      "empty",
    );
    expect(outcome.checks).toEqual([expect.objectContaining({ passed: true, observed: 0 })]);
  });
});

const runOf = (rowsOut: number, outcome: RunRecord["outcome"] = "succeeded"): RunRecord => ({
  runId: String(rowsOut),
  product: "orders.orders.v1",
  version: "1.2.0",
  startedAt: "2026-11-29T00:00:00.000Z",
  endedAt: "2026-11-29T00:01:00.000Z",
  outcome,
  rowsIn: rowsOut,
  quarantined: {},
  rowsOut,
  checks: [],
});

describe("volume change: the row count against the median of the last successful runs", () => {
  const volume = QualitySchema.parse({ volumeChange: { maxPercent: 30, lastRuns: 3 } }).volumeChange!;
  // The last three successful runs: 90, 100, 1000 (median 100); the refused run of 5 rows and the
  // run before the last three do not count.
  const history = [runOf(10), runOf(90), runOf(5, "failed"), runOf(100), runOf(1000)];

  it("passes within the allowance", () => {
    expect(volumeChangeCheck(volume, 125, history)).toEqual({
      rule: "volumeChange",
      passed: true,
      observed: 25,
      expected: "within 30 % of the median of the last 3 successful runs (median 100 rows)",
    });
  });

  it("fails beyond it, saying by how much, and refuses the table", async () => {
    expect(volumeChangeCheck(volume, 69, history)).toMatchObject({
      passed: false,
      observed: 31,
      message: "69 row(s), 31.0 % away from the median 100 of the last 3 successful runs (at most 30 %)",
    });
    const outcome = await run({ volumeChange: { maxPercent: 30, lastRuns: 3 } }, "t", history);
    expect(outcome.failures).toEqual([expect.objectContaining({ rule: "volumeChange", rows: 10 })]);
  });

  it("passes and says so while the history has fewer successful runs than it asks for", () => {
    expect(volumeChangeCheck(volume, 1, [runOf(100), runOf(100, "failed")])).toEqual({
      rule: "volumeChange",
      passed: true,
      expected:
        "within 30 % of the median of the last 3 successful runs (not checked: 1 successful run(s) in the history so far)",
    });
  });

  it("fails any rows after a run of none", () => {
    expect(volumeChangeCheck(volume, 1, [runOf(0), runOf(0), runOf(0)]).passed).toBe(false);
    expect(volumeChangeCheck(volume, 0, [runOf(0), runOf(0), runOf(0)]).passed).toBe(true);
  });
});

describe("freshness at load: the newest value of the declared field against slos.freshness", () => {
  it("passes when the newest value is within the SLO and records its age", async () => {
    const outcome = await run({ freshness: { field: "at" } }, "t", [], "1h");
    expect(outcome.freshnessAtLoadSeconds).toBe(1800);
    expect(outcome.checks).toEqual([
      { rule: "freshness:at", passed: true, observed: 1800, expected: "<= 3600 s (slos.freshness 1h)" },
    ]);
  });

  it("fails when it is older", async () => {
    const outcome = await run({ freshness: { field: "at" } }, "t", [], "15m");
    expect(outcome.failures).toEqual([
      expect.objectContaining({
        rule: "freshness",
        message: "the newest at is 1800 s old at load, more than slos.freshness 15m",
      }),
    ]);
  });

  it("fails on an empty table, which says nothing about how fresh it is", async () => {
    const outcome = await run({ freshness: { field: "at" } }, "empty");
    expect(outcome.freshnessAtLoadSeconds).toBeUndefined();
    expect(outcome.checks).toEqual([expect.objectContaining({ passed: false })]);
  });
});
