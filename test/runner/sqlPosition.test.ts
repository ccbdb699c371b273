import { describe, expect, it } from "vitest";
import { duckdbMessage, duckdbPosition } from "../../runner/sqlPosition.js";

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

  it("has no position when the message has no excerpt", () => {
    expect(duckdbPosition("Parser Error: syntax error at end of input", "SELECT a FROM")).toBeUndefined();
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
  });
});
