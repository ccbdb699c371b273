/**
 * The SQL quality checks (`quality.sql`) on a candidate output: run sandboxed on its Parquet file,
 * compared with their threshold, and — tenant SQL being hostile — every query that reads anything
 * but `{object}`, is not one SELECT, or returns anything but one number is a failed check with its
 * reason, never a crash of the run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import type { Contract } from "../../components/contract/contract.js";
import { QualitySchema } from "../../components/declaration/schema.js";
import { qualityChecks } from "../../runner/qualityChecks.js";
import { readRunHistory } from "../../runner/runHistory.js";
import { withSandbox } from "../../runner/sandbox.js";
import { capture, workspace } from "./support.js";

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let file: string;
let scratch: string;

const field = (type: string) => ({ type, description: "x", required: false, pii: false, unique: false });
const contractWith = (sql: unknown[]) =>
  ({
    schema: { id: field("string"), status: field("string"), amount: field("int") },
    slos: { freshness: "1h" },
    quality: QualitySchema.parse({ sql }),
  }) as unknown as Contract;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "sqlchecks-"));
  file = join(dir, "result.parquet");
  scratch = join(dir, "checks");
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  // The pipeline's session has other tables: a check must not reach them.
  await connection.run("CREATE TABLE secrets AS SELECT 'hunter2' AS password");
  await connection.run(
    "CREATE TABLE t AS SELECT 'o' || i AS id, CASE WHEN i % 2 = 0 THEN 'paid' ELSE 'open' END AS status, i AS amount FROM range(1, 11) r(i)",
  );
  await connection.run(`COPY t TO '${file}' (FORMAT parquet)`);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const check = (query: string, extra: Record<string, unknown> = { mustBe: 0 }) => ({
  name: "c",
  query,
  ...extra,
});
const run = (...checks: unknown[]) =>
  qualityChecks(connection, "t", contractWith(checks), 10, [], new Date(), { file, scratch });

describe("SQL checks measure the candidate with their query", () => {
  it("passes a query whose number meets the threshold, and records it as sql:<name>", async () => {
    const outcome = await run(check("SELECT count(*) FROM {object} WHERE amount <= 0"));
    expect(outcome.failures).toEqual([]);
    expect(outcome.checks).toEqual([{ rule: "sql:c", passed: true, observed: 0, expected: "mustBe 0" }]);
  });

  it("refuses the table when a check of severity error fails, naming the value and the threshold", async () => {
    const outcome = await run(
      check("SELECT quantile_cont(amount, 0.5) AS median FROM {object}", { mustBeBetween: [6, 9] }),
    );
    expect(outcome.checks[0]).toMatchObject({ rule: "sql:c", passed: false, observed: 5.5 });
    expect(outcome.failures).toEqual([
      {
        rule: "sql:c",
        rows: 0,
        message: "SQL check c returned 5.5; the contract says mustBeBetween 6 and 9",
      },
    ]);
  });

  it("only reports a failing check of severity warning", async () => {
    const outcome = await run(
      check("SELECT max(amount) FROM {object}", { mustBeLessThan: 5, severity: "warning" }),
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.warnings).toEqual([
      "sql:c (warning): SQL check c returned 10; the contract says mustBeLessThan 5",
    ]);
  });
});

describe("hostile or broken check SQL fails its check with a clear message, and the run goes on", () => {
  it.each([
    [
      "another table",
      "SELECT count(*) FROM {object}, secrets",
      /its SQL is refused: reads "secrets", which is not one of its inputs \({object}\); a quality check reads only {object}/,
    ],
    [
      "a file",
      "SELECT count(*) FROM {object}, read_csv('/etc/passwd')",
      /its SQL is refused: calls the table function read_csv\(\)/,
    ],
    [
      "a file by its path",
      "SELECT count(*) FROM {object}, '/etc/passwd'",
      /its SQL is refused: reads "\/etc\/passwd"/,
    ],
    [
      "the run history",
      "SELECT count(*) FROM {object}, _mesh.runs",
      /its SQL is refused: reads "_mesh.runs"/,
    ],
    [
      "the staging table",
      "SELECT count(*) FROM {object} JOIN staging USING (id)",
      /its SQL is refused: reads "staging"/,
    ],
    [
      "two statements",
      "SELECT count(*) FROM {object}; DROP TABLE secrets",
      /its SQL is refused: has 2 statements; a quality check is exactly one SELECT/,
    ],
    [
      "a text result",
      "SELECT min(status) FROM {object}",
      /its SQL returned a VARCHAR; a quality check returns one number/,
    ],
    [
      "many rows",
      "SELECT amount FROM {object}",
      /its SQL returned 10 row\(s\) of 1 column\(s\); a quality check returns one row with one number/,
    ],
    ["no number", "SELECT max(amount) FROM {object} WHERE amount > 100", /its SQL returned NULL/],
    [
      "an error at run time",
      "SELECT sum(CAST(status AS INTEGER)) FROM {object}",
      /its SQL failed: Conversion Error: Could not convert string 'open' to INT32/,
    ],
  ])("%s", async (_, query, message) => {
    const outcome = await run(check(query));
    expect(outcome.checks).toEqual([{ rule: "sql:c", passed: false, expected: "mustBe 0" }]);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.message).toMatch(message);
    expect((await connection.runAndReadAll("SELECT count(*) FROM secrets")).getRows()).toEqual([[1n]]);
  });

  it("runs the other checks when one fails", async () => {
    const outcome = await run(check("SELECT count(*) FROM {object}, read_csv('/etc/passwd')"), {
      name: "d",
      query: "SELECT count(*) FROM {object}",
      mustBe: 10,
    });
    expect(outcome.checks.map((c) => [c.rule, c.passed])).toEqual([
      ["sql:c", false],
      ["sql:d", true],
    ]);
  });
});

describe("the checks' sandbox, beneath the SQL check", () => {
  it("reads the candidate's file and nothing else, and cannot be unlocked", async () => {
    const options = {
      scratch,
      allowedDirectories: [],
      allowedPaths: [file],
      what: "the quality checks",
      prepare: async () => {},
    };
    await withSandbox(options, async (sandbox) => {
      expect((await sandbox.runAndReadAll(`SELECT count(*) FROM read_parquet('${file}')`)).getRows()).toEqual(
        [[10n]],
      );
      await expect(sandbox.run("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/Permission Error/);
      await expect(sandbox.run("SET enable_external_access = true")).rejects.toThrow(/locked/);
    });
  });
});

describe("mesh run", () => {
  it("refuses a table a check of severity error fails, and records it in the run history and OpenLineage", async () => {
    const dir = workspace();
    const file = join(dir, "domains/orders/index.ts");
    const sql = [
      { name: "no_negative", query: "SELECT count(*) FROM {object} WHERE amount < 0", mustBe: 0 },
      { name: "many_orders", query: "SELECT count(*) FROM {object}", mustBeGreaterThan: 1000000 },
    ];
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "quality: { rowCount: { min: 1 } },",
        `quality: { rowCount: { min: 1 }, sql: ${JSON.stringify(sql)} },`,
      ),
    );
    const io = capture();
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], io, dir)).toBe(1);
    expect(io.stderr.join("\n")).toMatch(
      /SQL check many_orders returned \d+; the contract says mustBeGreaterThan 1000000/,
    );

    const db = await DuckDBInstance.create(":memory:");
    const session = await db.connect();
    await session.run(`ATTACH '${join(dir, ".mesh/warehouse/mesh.duckdb")}' AS warehouse (READ_ONLY)`);
    const [run] = await readRunHistory(session, {});
    session.closeSync();
    db.closeSync();
    expect(run!.outcome).toBe("failed");
    expect(run!.error).toMatch(/breaks its contract \(sql:many_orders\); the previous table is kept/);
    expect(run!.checks).toContainEqual({
      rule: "sql:no_negative",
      passed: true,
      observed: 0,
      expected: "mustBe 0",
    });

    const events = readFileSync(join(dir, ".mesh/lineage/events.ndjson"), "utf8").split("\n").filter(Boolean);
    const assertions = JSON.parse(events.at(-1)!).outputs[0].facets.dataQualityAssertions.assertions;
    expect(assertions).toContainEqual(
      expect.objectContaining({ assertion: "sql:no_negative", success: true, expected: "mustBe 0" }),
    );
    expect(assertions).toContainEqual(
      expect.objectContaining({ assertion: "sql:many_orders", success: false }),
    );
  });
});
