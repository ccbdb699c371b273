/**
 * Quality rules one at a time between the mesh and ODCS (`components/contract/odcs/quality.ts`,
 * `qualityChecks.ts`): each field rule, row-count range and check as the ODCS entry export writes,
 * and each ODCS entry as what import makes of it — a field rule only when no row may fail, a
 * metric or SQL check otherwise, and a problem naming the entry when the mesh has no place for it.
 */
import { describe, expect, it } from "vitest";
import {
  fieldQuality,
  type QualityRule,
  readFieldQuality,
  readTableQuality,
  tableQuality,
} from "../../components/contract/odcs/quality.js";
import {
  historyRules,
  metricRule,
  readHistoryRule,
  readMetric,
  readSqlCheck,
  sqlRule,
} from "../../components/contract/odcs/qualityChecks.js";
import type { DataProduct, Field } from "../../components/declaration/schema.js";

const field = (rules: Partial<Field>) => ({ type: "int", description: "d", ...rules }) as Field;
const quality = (q: object) => q as DataProduct["quality"];
const onField = (rules: QualityRule[]) =>
  readFieldQuality(rules, "schema[0].properties[1]", "amount", ["orders"]);
const onTable = (rules: QualityRule[]) => readTableQuality(rules, "schema[0]", ["orders"]);
const AT = "schema[0].properties[1].quality[0]";
const RANGE = "SELECT COUNT(*) FROM {object} WHERE {property}";

describe("export of a field's rules", () => {
  it("writes required, unique and accepted as library metrics no row may fail, and bounds as SQL counts", () => {
    expect(
      fieldQuality(field({ required: true, unique: true, accepted: [1, 2], min: 0, max: 1.5 })),
    ).toStrictEqual([
      {
        type: "library",
        metric: "nullValues",
        mustBe: 0,
        unit: "rows",
        dimension: "completeness",
        description: "The value is never null.",
      },
      {
        type: "library",
        metric: "duplicateValues",
        mustBe: 0,
        unit: "rows",
        dimension: "uniqueness",
        description: "No two rows share a value.",
      },
      {
        type: "library",
        metric: "invalidValues",
        mustBe: 0,
        unit: "rows",
        dimension: "conformity",
        description: "Only the accepted values occur.",
        arguments: { validValues: [1, 2] },
      },
      {
        type: "sql",
        query: `${RANGE} < 0`,
        mustBe: 0,
        dimension: "accuracy",
        description: "No value is less than 0.",
      },
      {
        type: "sql",
        query: `${RANGE} > 1.5`,
        mustBe: 0,
        dimension: "accuracy",
        description: "No value is greater than 1.5.",
      },
    ]);
    expect(fieldQuality(field({}))).toStrictEqual([]);
  });

  it("writes metric and SQL checks with their threshold, description and severity", () => {
    expect(
      metricRule({
        metric: "missingValues",
        field: "a",
        missingValues: ["n/a"],
        mustBeLessThan: 5,
        unit: "percent",
        severity: "warning",
      }),
    ).toStrictEqual({
      type: "library",
      metric: "missingValues",
      mustBeLessThan: 5,
      unit: "percent",
      arguments: { missingValues: [null, "n/a"] },
      dimension: "completeness",
      description: "Missing values: null, or one of the listed values.",
      severity: "warning",
    });
    const description = (metric: string, extra: object = {}) =>
      metricRule({ metric, mustBe: 0, unit: "rows", severity: "error", ...extra } as never).description;
    expect(description("rowCount")).toBe("Rows in the table.");
    expect(description("nullValues")).toBe("Null values.");
    expect(description("invalidValues", { validValues: ["a"] })).toBe(
      "Values outside the valid ones (nulls are not counted).",
    );
    expect(description("duplicateValues")).toBe("Values that repeat another row's.");
    expect(sqlRule({ name: "c", query: "SELECT 1", mustBe: 0, severity: "error" } as never)).toStrictEqual({
      type: "sql",
      name: "c",
      query: "SELECT 1",
      mustBe: 0,
    });
  });

  it("writes the history checks as custom entries of engine mesh", () => {
    expect(
      historyRules(
        quality({ volumeChange: { maxPercent: 30, lastRuns: 7 }, freshness: { field: "at" } }),
      ).map((r) => r.description),
    ).toStrictEqual([
      "The row count stays within 30 % of the median of the last 7 successful runs.",
      "At load, the newest at is within the latency SLA.",
    ]);
  });
});

describe("export of a table's row count", () => {
  it("writes the range with the one operator that states it", () => {
    const rowCount = (r: object | undefined) => tableQuality(quality({ rowCount: r }));
    const entry = (operator: object) => [
      {
        type: "library",
        metric: "rowCount",
        ...operator,
        dimension: "completeness",
        description: "Rows in the table.",
      },
    ];
    expect(rowCount({ min: 3, max: 3 })).toStrictEqual(entry({ mustBe: 3 }));
    expect(rowCount({ min: 1, max: 5 })).toStrictEqual(entry({ mustBeBetween: [1, 5] }));
    expect(rowCount({ min: 1 })).toStrictEqual(entry({ mustBeGreaterOrEqualTo: 1 }));
    expect(rowCount({ max: 5 })).toStrictEqual(entry({ mustBeLessOrEqualTo: 5 }));
    expect(rowCount({})).toStrictEqual([]);
    expect(rowCount(undefined)).toStrictEqual([]);
  });
});

describe("import of a property's SQL entry", () => {
  it("reads the exported range count as min or max, in any case and spacing", () => {
    const read = (query: string) => onField([{ type: "sql", query, mustBe: 0 }]).read;
    expect(read(`${RANGE} < 0`)).toStrictEqual({ min: 0 });
    expect(read(`${RANGE} > 1.25`)).toStrictEqual({ max: 1.25 });
    expect(read(`${RANGE} < -2.5e3`)).toStrictEqual({ min: -2500 });
    expect(read(`${RANGE} > 1E+2`)).toStrictEqual({ max: 100 });
    expect(read(`${RANGE} > 1e10`)).toStrictEqual({ max: 1e10 });
    expect(read("  select count(*)  from {object}\n  where {property} > 10 ")).toStrictEqual({ max: 10 });
  });

  it("reads any other SQL, a range with another threshold, or a warning as an SQL check", () => {
    const check = (rule: QualityRule) => onField([rule]).read;
    const sqlCheck = (query: string, extra: object = {}) => ({
      sql: [{ name: "amount_sql_1", field: "amount", query, mustBe: 0, severity: "error", ...extra }],
    });
    expect(check({ type: "sql", query: `WITH t AS (SELECT 1) ${RANGE} < 0`, mustBe: 0 })).toStrictEqual(
      sqlCheck("WITH t AS (SELECT 1) SELECT COUNT(*) FROM {object} WHERE amount < 0"),
    );
    expect(check({ type: "sql", query: `${RANGE} < 0 OR {property} IS NULL`, mustBe: 0 })).toStrictEqual(
      sqlCheck("SELECT COUNT(*) FROM {object} WHERE amount < 0 OR amount IS NULL"),
    );
    const { mustBe: _, ...withoutMustBe } = sqlCheck("").sql[0]!;
    expect(check({ type: "sql", query: `${RANGE} < 0`, mustBeLessThan: 5 })).toStrictEqual({
      sql: [{ ...withoutMustBe, query: "SELECT COUNT(*) FROM {object} WHERE amount < 0", mustBeLessThan: 5 }],
    });
    expect(check({ type: "sql", query: `${RANGE} < 0`, mustBe: 0, severity: "warning" })).toStrictEqual(
      sqlCheck("SELECT COUNT(*) FROM {object} WHERE amount < 0", { severity: "warning" }),
    );
  });

  it("names an unnamed check after its field and place, and says so; a named one keeps its name", () => {
    expect(onField([{ type: "sql", query: "SELECT 1 FROM orders", mustBe: 0 }]).warnings).toStrictEqual([
      `${AT} (sql): no name; named amount_sql_1`,
    ]);
    const named = onField([{ type: "sql", name: "Null Amounts", query: "SELECT 1 FROM orders", mustBe: 0 }]);
    expect(named.warnings).toStrictEqual([]);
    expect(named.read.sql![0]!.name).toBe("null_amounts");
  });
});

describe("import of a property's library entry", () => {
  it("reads a zero threshold as the field rule", () => {
    const read = (rule: QualityRule) => onField([{ mustBe: 0, ...rule }]);
    expect(read({ metric: "nullValues" }).read).toStrictEqual({ required: true });
    expect(read({ metric: "duplicateValues" }).read).toStrictEqual({ unique: true });
    expect(read({ rule: "duplicateValues", unit: "rows" })).toStrictEqual({
      read: { unique: true },
      problems: [],
      warnings: [],
    });
    expect(read({ metric: "missingValues" }).read).toStrictEqual({ required: true });
    expect(read({ metric: "missingValues", arguments: { missingValues: [null] } }).read).toStrictEqual({
      required: true,
    });
    expect(read({ metric: "invalidValues", arguments: { validValues: ["a", 1] } }).read).toStrictEqual({
      accepted: ["a", 1],
    });
  });

  it("refuses what a field rule cannot say, naming the entry", () => {
    const problem = (rule: QualityRule) => onField([{ mustBe: 0, ...rule }]).problems;
    const at = (label: string, message: string) => [{ path: `${AT} (${label})`, message }];
    expect(problem({ metric: "rowCount" })).toStrictEqual(
      at("rowCount", "rowCount applies to a table, not to a property"),
    );
    expect(problem({ metric: "missingValues", arguments: { missingValues: ["", null] } })).toStrictEqual(
      at("missingValues", 'missing values ["",null]: the mesh only knows null as missing (required: true)'),
    );
    expect(problem({ metric: "invalidValues", arguments: { pattern: "^a" } })).toStrictEqual(
      at("invalidValues", "pattern (regular expression) checks have no place in the mesh model"),
    );
    for (const args of [{}, { validValues: [] }]) {
      expect(problem({ metric: "invalidValues", arguments: args })).toStrictEqual(
        at("invalidValues", "invalidValues without validValues says nothing the mesh can check"),
      );
    }
    expect(problem({ metric: "invalidValues", arguments: { validValues: ["a", true] } })).toStrictEqual(
      at("invalidValues", 'validValues ["a",true]: the mesh accepts only string and number values'),
    );
    expect(problem({ metric: "fooValues" })).toStrictEqual(
      at("fooValues", "metric fooValues has no place in the mesh model"),
    );
    expect(problem({ type: "custom", engine: "soda" })).toStrictEqual(
      at("custom", "custom (engine-specific) quality rules have no place in the mesh model"),
    );
    expect(problem({ type: "library" })).toStrictEqual(
      at("library", "metric undefined has no place in the mesh model"),
    );
  });

  it("reads any other threshold, or a warning, as a metric check on the field", () => {
    expect(onField([{ metric: "nullValues", mustBeLessThan: 5, unit: "percent" }]).read).toStrictEqual({
      metrics: [
        { metric: "nullValues", field: "amount", unit: "percent", mustBeLessThan: 5, severity: "error" },
      ],
    });
    expect(onField([{ metric: "duplicateValues", mustBe: 0, severity: "info" }]).read).toStrictEqual({
      metrics: [{ metric: "duplicateValues", field: "amount", mustBe: 0, severity: "warning" }],
    });
    expect(onField([{ metric: "nullValues", mustBeLessThan: 5, unit: "bananas" }]).problems).toStrictEqual([
      { path: `${AT} (nullValues)`, message: "unit: unit must be rows or percent" },
    ]);
  });

  it("warns of a text rule and of what it drops of a rule it reads, but not of what it keeps", () => {
    const { warnings } = onField([
      { type: "text", description: "Amounts are positive." },
      {
        metric: "nullValues",
        mustBe: 0,
        unit: "rows",
        dimension: "completeness",
        name: "n",
        engine: "x",
        implementation: "y",
        description: "d",
        tags: [],
        method: null,
        businessImpact: "high",
        scheduler: "cron",
      },
    ]);
    expect(warnings).toStrictEqual([
      `${AT} (text): text quality rule ignored: the mesh only runs executable rules`,
      "schema[0].properties[1].quality[1] (nullValues): businessImpact, scheduler ignored: the mesh checks every rule on every run, and any breach fails the run",
    ]);
    expect(onField([{ metric: "nullValues", mustBe: 0, tags: ["a"] }]).warnings).toStrictEqual([
      `${AT} (nullValues): tags ignored: the mesh checks every rule on every run, and any breach fails the run`,
    ]);
  });
});

describe("import of a table's entries", () => {
  it("reads a whole-number row count range of severity error, in rows, as the table's row count", () => {
    expect(onTable([{ metric: "rowCount", mustBeGreaterOrEqualTo: 5, unit: "rows" }]).read).toStrictEqual({
      rowCount: { min: 5 },
    });
    expect(
      onTable([
        { metric: "rowCount", mustBeGreaterOrEqualTo: 5 },
        { metric: "rowCount", mustBeLessThan: 10 },
      ]).read,
    ).toStrictEqual({ rowCount: { min: 5, max: 9 } });
  });

  it("reads any other row count as a metric check, and refuses one in percent", () => {
    const metric = (rule: QualityRule) => onTable([{ metric: "rowCount", ...rule }]).read;
    expect(metric({ mustBeGreaterThan: -5 })).toStrictEqual({
      metrics: [{ metric: "rowCount", mustBeGreaterThan: -5, severity: "error" }],
    });
    expect(metric({ mustBeGreaterThan: 1.5 })).toStrictEqual({
      metrics: [{ metric: "rowCount", mustBeGreaterThan: 1.5, severity: "error" }],
    });
    expect(metric({ mustBeLessThan: 5, severity: "warning" })).toStrictEqual({
      metrics: [{ metric: "rowCount", mustBeLessThan: 5, severity: "warning" }],
    });
    expect(
      onTable([{ metric: "rowCount", mustBeGreaterOrEqualTo: 5, unit: "percent" }]).problems,
    ).toStrictEqual([
      {
        path: "schema[0].quality[0] (rowCount)",
        message: "rowCount: unit: rowCount is counted in rows, not percent",
      },
    ]);
  });

  it("refuses property metrics, combined uniqueness and kinds it has no place for", () => {
    const problem = (rule: QualityRule) => onTable([rule]).problems[0]?.message;
    expect(problem({ metric: "nullValues", mustBe: 0 })).toBe(
      "metric nullValues applies to a property, not to a table",
    );
    expect(problem({ metric: "duplicateValues", mustBe: 0 })).toBe(
      "uniqueness of a combination of properties has no place in the mesh model: it checks unique per field",
    );
    expect(problem({ type: "great-expectations" })).toBe(
      "great-expectations quality rules have no place in the mesh model: it checks row counts on a table",
    );
  });

  it("warns of a text rule, and names an unnamed SQL check after the table", () => {
    const { read, warnings } = onTable([
      { type: "text", description: "x" },
      { type: "sql", query: "SELECT COUNT(*) FROM orders", mustBeGreaterThan: 0 },
    ]);
    expect(warnings).toStrictEqual([
      "schema[0].quality[0] (text): text quality rule ignored: the mesh only runs executable rules",
      "schema[0].quality[1] (sql): no name; named table_sql_2",
    ]);
    expect(read.sql).toStrictEqual([
      {
        name: "table_sql_2",
        query: "SELECT COUNT(*) FROM {object}",
        mustBeGreaterThan: 0,
        severity: "error",
      },
    ]);
  });
});

describe("a metric entry as a metric check", () => {
  it("keeps the field, unit, value lists without null, and threshold", () => {
    expect(
      readMetric(
        {
          metric: "invalidValues",
          arguments: { validValues: ["a", null, 1] },
          mustBeLessThan: 3,
          unit: "rows",
        },
        "x",
      ),
    ).toStrictEqual({
      metric: {
        metric: "invalidValues",
        field: "x",
        unit: "rows",
        validValues: ["a", 1],
        mustBeLessThan: 3,
        severity: "error",
      },
    });
    expect(
      readMetric(
        { metric: "missingValues", arguments: { missingValues: [null, "n/a"] }, mustBeLessThan: 3 },
        "x",
      ),
    ).toStrictEqual({
      metric: {
        metric: "missingValues",
        field: "x",
        missingValues: ["n/a"],
        mustBeLessThan: 3,
        severity: "error",
      },
    });
    expect(
      readMetric({ metric: "missingValues", arguments: { missingValues: [null] }, mustBeLessThan: 3 }, "x"),
    ).toStrictEqual({
      metric: { metric: "missingValues", field: "x", mustBeLessThan: 3, severity: "error" },
    });
    expect(
      readMetric(
        { metric: "nullValues", arguments: { validValues: ["a"], missingValues: ["b"] }, mustBeLessThan: 3 },
        "x",
      ),
    ).toStrictEqual({ metric: { metric: "nullValues", field: "x", mustBeLessThan: 3, severity: "error" } });
  });

  it("refuses a list with other values, a pattern, an unknown metric and what the declaration refuses", () => {
    expect(
      readMetric({ metric: "missingValues", arguments: { missingValues: [1, { a: 1 }] }, mustBe: 1 }, "x"),
    ).toStrictEqual({
      problem: 'missingValues [1,{"a":1}]: the mesh accepts only string and number values',
    });
    expect(
      readMetric({ metric: "invalidValues", arguments: { pattern: "a" }, mustBe: 1 }, "x"),
    ).toStrictEqual({
      problem: "pattern (regular expression) checks have no place in the mesh model",
    });
    expect(readMetric({ metric: "median", mustBe: 1 }, "x")).toStrictEqual({
      problem: "metric median has no place in the mesh model",
    });
    expect(readMetric({ mustBe: 1 }, "x")).toStrictEqual({
      problem: "metric undefined has no place in the mesh model",
    });
    expect(readMetric({ metric: "nullValues", mustBeLessThan: 3 }, undefined)).toStrictEqual({
      problem: "field: nullValues measures a field: name it in field",
    });
  });
});

describe("an SQL entry as an SQL check", () => {
  it("reads other tools' placeholders and the table's own name as {object}, the property as its field", () => {
    expect(
      readSqlCheck(
        {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: another tool's placeholder, literally
          query: "  SELECT COUNT(*) FROM {table} JOIN orders o ON true WHERE ${column} IS NULL  ",
          mustBe: 0,
          name: "Null Amounts",
          description: "  Amounts are set.  ",
        },
        { tables: ["orders"], field: "amount", index: 2 },
      ),
    ).toStrictEqual({
      check: {
        name: "null_amounts",
        description: "Amounts are set.",
        field: "amount",
        query: "SELECT COUNT(*) FROM {object} JOIN {object} o ON true WHERE amount IS NULL",
        mustBe: 0,
        severity: "error",
      },
      named: true,
    });
  });

  it("leaves {property} alone on a table, and names a check whose name is no identifier after its place", () => {
    expect(
      readSqlCheck(
        { query: "SELECT {property} FROM orders", mustBe: 0, name: "9 lives" },
        { tables: ["orders"], index: 2 },
      ),
    ).toStrictEqual({
      check: { name: "table_sql_3", query: "SELECT {property} FROM {object}", mustBe: 0, severity: "error" },
      named: false,
    });
    expect(
      readSqlCheck(
        { query: "SELECT 1 FROM {object}", mustBe: 0, name: "x".repeat(64), description: " " },
        { tables: [], index: 0 },
      ),
    ).toStrictEqual({
      check: { name: "table_sql_1", query: "SELECT 1 FROM {object}", mustBe: 0, severity: "error" },
      named: false,
    });
  });

  it("refuses a query that reads no known table, or one the declaration refuses", () => {
    expect(
      readSqlCheck({ query: "SELECT 1 FROM elsewhere", mustBe: 0 }, { tables: ["orders", "ord"], index: 0 }),
    ).toStrictEqual({
      problem: "its query reads no table the mesh knows: write the table as {object} (or orders or ord)",
    });
    expect(
      readSqlCheck({ query: "SELECT COUNT(*) FROM {object}", name: "x" }, { tables: [], index: 0 }),
    ).toStrictEqual({
      problem: expect.stringMatching(/^query: SQL check x needs a threshold: one of mustBe, /),
    });
  });
});

describe("a custom entry of engine mesh", () => {
  it("is read as the history checks it holds, or refused with zod's problem, at its path when it has one", () => {
    expect(
      readHistoryRule({ type: "custom", engine: "mesh", implementation: { freshness: { field: "at" } } }),
    ).toStrictEqual({
      read: { freshness: { field: "at" } },
    });
    expect(readHistoryRule({ type: "custom", engine: "mesh", implementation: 5 })).toStrictEqual({
      problem: "mesh implementation: Invalid input: expected object, received number",
    });
    expect(
      readHistoryRule({
        type: "custom",
        engine: "mesh",
        implementation: { volumeChange: { maxPercent: 0 } },
      }),
    ).toStrictEqual({
      problem: "mesh implementation: volumeChange.maxPercent: volumeChange.maxPercent must be more than 0",
    });
  });
});

describe("the table's own name in an SQL entry", () => {
  it("is read as {object} only where it is written exactly, dots and all", () => {
    expect(
      readSqlCheck(
        { query: "SELECT 1 FROM sales.orders, salesXorders", mustBe: 0, name: 5 },
        { tables: ["sales.orders"], index: 0 },
      ),
    ).toStrictEqual({
      check: {
        name: "table_sql_1",
        query: "SELECT 1 FROM {object}, salesXorders",
        mustBe: 0,
        severity: "error",
      },
      named: false,
    });
  });

  it("is not a row count range when the range is below zero rows", () => {
    expect(onTable([{ metric: "rowCount", mustBeLessThan: 0 }]).read).toStrictEqual({
      metrics: [{ metric: "rowCount", mustBeLessThan: 0, severity: "error" }],
    });
  });
});
