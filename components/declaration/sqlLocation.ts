/**
 * DuckDB's error messages as a transform's author needs them: the message on one line, the
 * position its excerpt (`LINE n: …` and a caret) points at in the SQL, and where that position is
 * in the domain file for SQL written inline. Shared by the runner (`runner/sqlPosition.ts`) and
 * the plan-time binder (`meshSql.ts`).
 */
import { existsSync, readFileSync } from "node:fs";
import { positionOf } from "./transformSql.js";

/** 1-based line and column in the SQL text. */
export interface SqlPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * DuckDB's message without the excerpt it appends and without the indented lists of candidate
 * functions, on one line: `Binder Error: Referenced column "x" not found in FROM clause! Candidate bindings: "a"`.
 */
export function duckdbMessage(message: string): string {
  const head = message.split(/\n\s*\nLINE \d+:/)[0]!;
  return head
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("\t"))
    .join(" ");
}

/** DuckDB renders control characters (tabs) with no width when it places its caret. */
const width = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? 0 : 1;
};

/** The index in `text` of the first visible character at rendered width `target`. */
function indexAtWidth(text: string, target: number): number {
  let rendered = 0;
  let index = 0;
  for (const ch of text) {
    if (rendered >= target && width(ch) > 0) return index;
    rendered += width(ch);
    index += ch.length;
  }
  return index;
}

/**
 * The position DuckDB's excerpt (`LINE n: <line>` and a caret under it) points at in `sql`, or
 * undefined when the message has none. DuckDB shortens a long line to a window with `...` at
 * either end; the window is found in the line to place the caret.
 */
export function duckdbPosition(message: string, sql: string): SqlPosition | undefined {
  const match = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  const text = sql.split("\n")[line - 1];
  if (text === undefined) return undefined;
  let excerpt = match[2]!;
  let caret = match[3]!.length - `LINE ${match[1]}: `.length;
  if (excerpt.startsWith("...")) {
    excerpt = excerpt.slice(3);
    caret -= 3;
  }
  if (excerpt.endsWith("...") && !text.includes(excerpt)) excerpt = excerpt.slice(0, -3);
  const start = Math.max(0, text.indexOf(excerpt));
  return { line, column: start + indexAtWidth(excerpt, Math.max(0, caret)) + 1 };
}

/** Offset in `text` of a 1-based line and column. */
const offsetOf = (text: string, { line, column }: SqlPosition) =>
  text
    .split("\n")
    .slice(0, line - 1)
    .reduce((n, l) => n + l.length + 1, 0) +
  column -
  1;

/**
 * Where a position in SQL written inline (`transform.sql`) is in its domain file `file` (shown as
 * `shown`): the SQL found verbatim (a template literal), else its line found once (a string with
 * `\n` escapes keeps each SQL line's text); undefined when neither finds it.
 */
export function inlineSqlLocation(
  file: string,
  shown: string,
  sql: string,
  position: SqlPosition,
): string | undefined {
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, "utf8");
  const whole = source.indexOf(sql);
  if (whole >= 0 && source.indexOf(sql, whole + 1) < 0) {
    const at = positionOf(source, whole + offsetOf(sql, position));
    return `${shown}:${at.line}:${at.column}`;
  }
  const text = sql.split("\n")[position.line - 1] ?? "";
  const first = text.trim() === "" ? -1 : source.indexOf(text);
  if (first < 0 || source.indexOf(text, first + 1) >= 0) return undefined;
  const at = positionOf(source, first + position.column - 1);
  return `${shown}:${at.line}:${at.column}`;
}
