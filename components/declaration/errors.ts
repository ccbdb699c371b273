import type { z } from "zod";
import { InputError } from "../inputError.js";

/** One problem in a declaration: where (`dataProducts[1].schema.amount.type`) and what. */
export interface DeclarationProblem {
  /** File (and line) of the declaration, when known. */
  readonly source?: string;
  readonly path: string;
  readonly message: string;
}

/**
 * Declarations that cannot be deployed. Each problem names its file (and line), so the CLI can
 * print `domains/orders/index.ts:4: dataProducts[0].version: …` without a stack trace.
 */
export class DeclarationError extends InputError {
  constructor(readonly problems: readonly DeclarationProblem[]) {
    super(formatProblems(problems));
    this.name = "DeclarationError";
  }
}

export function formatProblems(problems: readonly DeclarationProblem[]): string {
  return problems
    .map((p) => `${p.source ? `${p.source}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`)
    .join("\n");
}

/** `["dataProducts", 1, "schema", "amount"]` → `dataProducts[1].schema.amount`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join("");
}

export function problemsFromZod(
  error: z.ZodError,
  prefix: readonly PropertyKey[] = [],
): DeclarationProblem[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: messageOf(issue),
  }));
}

function messageOf(issue: z.core.$ZodIssue): string {
  // A bad record key nests the key schema's own message; surface it instead of "Invalid key in record".
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    return issue.issues.map((i) => i.message).join("; "); // the path already ends in the bad key
  }
  // zod's wording for a missing key is "expected string, received undefined"; say it plainly.
  return issue.message.replace(/^Invalid input: expected (.+), received undefined$/, "required ($1)");
}
