/**
 * IAM globs (`s3:Get*`, `arn:aws:s3:::bucket/orders/*`): `*` any run of characters, `?` one, read as
 * a small NFA in time linear in the text. Never as a regular expression: a tenant's pattern such as
 * `s3:*a*a*a*a*a*a*a*a*a*a*a*a*b` makes a backtracking regex take minutes on a 40-character action,
 * stalling every plan that judges the stack.
 */

/**
 * Some name: a partition, region, account, bucket or cluster. Rules do not know the stack's, so a
 * grant's pattern is matched as if the name were whichever one it names.
 */
export const SOME_NAME = Symbol("some name");
/** The characters of those names; never `:` or `/`, which separate them in an ARN. */
const NAME_CHAR = /^[\w.-]$/;
/** Text a pattern is matched against: literal characters, or some name. */
export type Piece = string | typeof SOME_NAME;

/** A wildcard: most patterns have none, or one `*` at the end. */
const WILDCARD = /[*?]/;

/** Case-sensitive IAM/ARN glob: `*` any run of characters, `?` one. */
export function globMatches(pattern: string, value: string): boolean {
  // The two shapes most grants have, answered as the NFA would without running it.
  const wildcard = pattern.search(WILDCARD);
  if (wildcard === -1) return pattern === value;
  if (wildcard === pattern.length - 1 && pattern[wildcard] === "*")
    return value.startsWith(pattern.slice(0, wildcard));
  return globAfter(pattern, [value]).has(pattern.length);
}

/** Whether `pattern` matches some string that starts with `prefix`. */
export function globMatchesSomeWithPrefix(pattern: string, prefix: string): boolean {
  return globAfter(pattern, [prefix]).size > 0;
}

/** Positions in `pattern` reachable after reading `text` (a glob as a small NFA). */
export function globAfter(pattern: string, text: readonly Piece[]): Set<number> {
  let states = closure(pattern, new Set([0]));
  for (const piece of text) {
    if (piece === SOME_NAME) {
      // The name holds whichever characters the pattern reads next (under a `*`, any).
      for (const i of states) {
        const p = pattern[i];
        if (p === "*" || p === "?" || (p !== undefined && NAME_CHAR.test(p))) states.add(i + 1);
      }
      continue;
    }
    for (const ch of piece) {
      const next = new Set<number>();
      for (const i of states) {
        if (pattern[i] === "*") next.add(i);
        else if (pattern[i] === "?" || pattern[i] === ch) next.add(i + 1);
      }
      states = closure(pattern, next);
    }
  }
  return states;
}

/** `states` with every position a `*` at one of them may skip to (a `*` matching nothing). */
function closure(pattern: string, states: Set<number>): Set<number> {
  for (const i of states) if (pattern[i] === "*") states.add(i + 1); // a Set iterates additions too
  return states;
}
