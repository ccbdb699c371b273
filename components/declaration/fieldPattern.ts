/**
 * A string field's `pattern`: a regular expression every engine that checks it must read the same
 * way. The extract stage and the contract checks run it in DuckDB (RE2: no backreferences or
 * lookaround, so no catastrophic backtracking on hostile values); producers validate records against
 * the message schema's JSON Schema `pattern` (ECMA-262). A pattern must therefore compile in both,
 * and is unanchored in both (it matches anywhere in the value unless it says `^…$`), as JSON Schema
 * and ODCS define it. Where the two still read a compiled pattern differently — `\s` is ASCII
 * whitespace in RE2 but also Unicode spaces in ECMA-262; `.` matches `\r` in RE2 only — the extract
 * stage (DuckDB) decides: a record the topic's schema let through is quarantined with its reason.
 *
 * The declaration (a synchronous zod schema) refuses what either dialect rejects that can be seen
 * without DuckDB ({@link patternProblem}); `mesh plan` then compiles every pattern with DuckDB's own
 * RE2 (`patternBinding.ts`), the authority, on a locked in-memory instance.
 */

/** Longest pattern accepted: a regular expression, not a program. */
export const PATTERN_MAX_LENGTH = 500;

/** ECMA-262 constructs RE2 lacks, which JavaScript compiles: refused with a reason. */
const NOT_RE2: readonly [RegExp, string][] = [
  [/\\[1-9]|\\k</, "backreferences"],
  // Not after a backslash: `\(?=` is an optional literal parenthesis, then `=`.
  [/(?<!\\)\(\?<?[=!]/, "lookaround"],
  [/(?<!\\)\(\?<[A-Za-z]/, "named groups"],
  [/\\u|\\c/, "\\u and \\c escapes (write the character itself)"],
];

/** Why `pattern` cannot be a field's pattern, or undefined when it can (RE2 has the last word). */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return "pattern must not be empty";
  if (pattern.length > PATTERN_MAX_LENGTH)
    return `pattern is ${pattern.length} characters, over the limit of ${PATTERN_MAX_LENGTH}`;
  // Backslashes escaped in pairs cannot start a construct: `\\1` is a backslash then a 1.
  const unescaped = pattern.replace(/\\\\/g, "");
  for (const [construct, what] of NOT_RE2) {
    if (construct.test(unescaped))
      return `pattern uses ${what}, which DuckDB's regular expressions (RE2) do not have`;
  }
  try {
    new RegExp(pattern, "u");
  } catch (e) {
    return `pattern is not a valid regular expression for JSON Schema validators: ${(e as Error).message}`;
  }
  return undefined;
}
