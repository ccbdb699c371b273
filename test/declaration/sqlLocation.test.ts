/**
 * DuckDB's error messages as a transform's author needs them (sqlLocation.ts): the runner and the
 * plan-time binder both place DuckDB's excerpt back in the SQL file, or in the domain file for SQL
 * written inline.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  duckdbMessage,
  duckdbPosition,
  inlineSqlLocation,
} from "../../components/declaration/sqlLocation.js";

/** DuckDB's excerpt of `line` (the `n`th) with its caret under rendered width `caret`. */
const excerpt = (n: number, shown: string, caret: number) =>
  `Binder Error: x\n\nLINE ${n}: ${shown}\n${" ".repeat(`LINE ${n}: `.length + caret)}^`;

describe("duckdbPosition: DuckDB's excerpt and caret, back to the SQL's line and column", () => {
  it("reads the line and the caret's column", () => {
    const sql = "SELECT a,\n  nope\nFROM staging";
    expect(duckdbPosition(excerpt(2, "  nope", 2), sql)).toEqual({ line: 2, column: 3 });
  });

  it("counts tabs (which DuckDB renders with no width) as one column each", () => {
    const sql = "SELECT\n\ta,\t'é' AS x, nope FROM staging";
    const message = excerpt(2, "\ta,\t'é' AS x, nope FROM staging", 12);
    expect(duckdbPosition(message, sql)).toEqual({ line: 2, column: 15 });
  });

  it("places a window DuckDB cut out of a long line", () => {
    const sql = `SELECT ${"a, ".repeat(60)}nope, ${"b, ".repeat(60)}c FROM staging`;
    const at = sql.indexOf("nope");
    const shown = `...${sql.slice(at - 20, at + 30)}...`;
    expect(duckdbPosition(excerpt(1, shown, 23), sql)).toEqual({ line: 1, column: at + 1 });
  });

  it("has no position when the message has no excerpt, or names a line the SQL does not have", () => {
    expect(duckdbPosition("Parser Error: syntax error at end of input", "SELECT a FROM")).toBeUndefined();
    expect(duckdbPosition(excerpt(3, "nope", 0), "SELECT nope\nFROM staging")).toBeUndefined();
  });

  it("places a caret at the line's start, and a window cut only at its end or only at its start", () => {
    const sql = `SELECT ${"a, ".repeat(60)}nope FROM staging`;
    expect(duckdbPosition(excerpt(1, "SELECT a, a", 0), sql)).toEqual({ line: 1, column: 1 });
    expect(duckdbPosition(excerpt(1, `${sql.slice(0, 40)}...`, 7), sql)).toEqual({ line: 1, column: 8 });
    const at = sql.indexOf("nope");
    expect(duckdbPosition(excerpt(1, `...${sql.slice(at - 10)}`, 13), sql)).toEqual({
      line: 1,
      column: at + 1,
    });
  });

  it("keeps an excerpt that really ends in dots, and a caret left of the window at its start", () => {
    const sql = "SELECT 'x...' AS a, nope FROM staging";
    expect(duckdbPosition(excerpt(1, "'x...' AS a, nope", 13), sql)).toEqual({ line: 1, column: 21 });
    expect(duckdbPosition(excerpt(1, `...${sql.slice(20)}`, 1), sql)).toEqual({ line: 1, column: 21 });
  });
});

describe("duckdbPosition: lines past the ninth, control characters", () => {
  it("reads a line number of more than one digit", () => {
    const sql = `${"SELECT\n".repeat(11)}  nope`;
    expect(duckdbPosition(excerpt(12, "  nope", 2), sql)).toEqual({ line: 12, column: 3 });
  });

  it("gives DEL no width either, and places the caret on the visible character after a control one", () => {
    const sql = "SELECT\x7fnope FROM staging";
    expect(duckdbPosition(excerpt(1, sql, 6), sql)).toEqual({ line: 1, column: 8 });
    const tabbed = "SELECT a,\tnope";
    expect(duckdbPosition(excerpt(1, tabbed, 9), tabbed)).toEqual({ line: 1, column: 11 });
  });

  it("cuts the dots of a window's end only when the line does not hold them", () => {
    const sql = "SELECT q, nope, q...";
    expect(duckdbPosition(excerpt(1, "q...", 0), sql)).toEqual({ line: 1, column: 17 });
  });
});

describe("duckdbMessage", () => {
  it("keeps the message and DuckDB's suggestions on one line, without the excerpt or candidate lists", () => {
    expect(
      duckdbMessage(
        'Binder Error: Referenced column "amont" not found in FROM clause!\nCandidate bindings: "amount"\n\nLINE 2: x\n        ^',
      ),
    ).toBe('Binder Error: Referenced column "amont" not found in FROM clause! Candidate bindings: "amount"');
    expect(
      duckdbMessage(
        "Binder Error: No function matches 'sum(VARCHAR)'.\n\tCandidate functions:\n\tsum(DECIMAL) -> DECIMAL\n\n\nLINE 1: x\n        ^",
      ),
    ).toBe("Binder Error: No function matches 'sum(VARCHAR)'.");
    expect(duckdbMessage("Binder Error: x\n\nmore\n \n\nLINE 12: SELECT\n         ^")).toBe(
      "Binder Error: x more",
    );
  });
});

describe("inlineSqlLocation: a position in SQL written inline, as a place in its domain file", () => {
  const domainFile = (source: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "sql-location-")), "index.ts");
    writeFileSync(file, source);
    return file;
  };

  it("finds SQL written verbatim (a template literal) and counts from the file's first line", () => {
    const sql = "SELECT a,\n  nope\nFROM staging";
    const file = domainFile(`export default defineDomain({\n  sql: \`${sql}\`,\n});\n`);
    expect(inlineSqlLocation(file, "domains/x/index.ts", sql, { line: 2, column: 3 })).toBe(
      "domains/x/index.ts:3:3",
    );
    expect(inlineSqlLocation(file, "domains/x/index.ts", sql, { line: 1, column: 8 })).toBe(
      "domains/x/index.ts:2:16",
    );
  });

  it("finds the line of SQL written as a string with \\n escapes, when that line appears once", () => {
    const sql = "SELECT a,\n  nope\nFROM staging";
    const file = domainFile('const q = "SELECT a,\\n  nope\\nFROM staging";\n');
    expect(inlineSqlLocation(file, "index.ts", sql, { line: 2, column: 3 })).toBe("index.ts:1:25");
  });

  it("places SQL found verbatim even when one of its lines is repeated elsewhere in the file", () => {
    const sql = "SELECT a,\n  nope\nFROM staging";
    const file = domainFile(`// FROM staging\nconst q = \`${sql}\`;\n`);
    expect(inlineSqlLocation(file, "index.ts", sql, { line: 3, column: 6 })).toBe("index.ts:4:6");
  });

  it("places SQL that starts the file, verbatim or by its line", () => {
    const sql = "SELECT a,\n  nope";
    expect(inlineSqlLocation(domainFile(sql), "index.ts", sql, { line: 2, column: 3 })).toBe("index.ts:2:3");
    const escaped = domainFile("SELECT a,\\n  nope");
    expect(inlineSqlLocation(escaped, "index.ts", sql, { line: 1, column: 8 })).toBe("index.ts:1:8");
  });

  it("places nothing it cannot place exactly: no file, a line found twice or not at all, a blank line", () => {
    const sql = "SELECT a\nFROM staging";
    expect(
      inlineSqlLocation("/nonexistent/index.ts", "index.ts", sql, { line: 1, column: 1 }),
    ).toBeUndefined();
    const twice = domainFile('a = "SELECT a\\nFROM staging"; b = "SELECT a\\nFROM staging";\n');
    expect(inlineSqlLocation(twice, "index.ts", sql, { line: 1, column: 1 })).toBeUndefined();
    expect(
      inlineSqlLocation(twice, "index.ts", "SELECT b\nFROM staging", { line: 1, column: 1 }),
    ).toBeUndefined();
    const blank = domainFile('a = "SELECT a\\n\\nFROM x";\n');
    expect(
      inlineSqlLocation(blank, "index.ts", "SELECT a\n\nFROM y", { line: 2, column: 1 }),
    ).toBeUndefined();
  });

  it("places no SQL copied twice verbatim, and a single copy even when a comment repeats its start", () => {
    const sql = "SELECT a FROM staging";
    const file = domainFile(`a = \`${sql}\`;\nb = \`${sql}\`;\n`);
    expect(inlineSqlLocation(file, "index.ts", sql, { line: 1, column: 1 })).toBeUndefined();
    const once = domainFile(`// ${sql.slice(0, 8)}\nb = \`${sql}\`;\n`);
    expect(inlineSqlLocation(once, "index.ts", sql, { line: 1, column: 10 })).toBe("index.ts:2:15");
  });
});
