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
  return issuesOf(error.issues, prefix);
}

function issuesOf(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): DeclarationProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union") {
      // A value of the right shape for one branch of a union (`ingestion: false` or an object) fails
      // inside that branch: zod says only "Invalid input" of the union. Name what is wrong inside it.
      const branch = shapedBranch(issue.errors);
      if (branch) return issuesOf(branch, path);
      const alternatives = unionExpectation(issue.errors);
      if (alternatives) return [{ path: formatPath(path), message: alternatives }];
    }
    return [{ path: formatPath(path), message: messageOf(issue) }];
  });
}

/** `expected false or object`, when each branch refused the value itself for one reason. */
function unionExpectation(branches: readonly (readonly z.core.$ZodIssue[])[]): string | undefined {
  const expected = branches.map((b) => {
    const issue = b.length === 1 && b[0]!.path.length === 0 ? b[0]! : undefined;
    if (issue?.code === "invalid_value") return issue.values.map((v) => JSON.stringify(v)).join(" or ");
    if (issue?.code === "invalid_type") return issue.expected;
    return undefined;
  });
  if (expected.length === 0 || expected.some((e) => e === undefined)) return undefined;
  return `expected ${[...new Set(expected)].join(" or ")}`;
}

/** The one branch of a union whose problems are all inside the value, not with the value itself. */
function shapedBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  const shaped = branches.filter((b) => b.length > 0 && b.every((i) => i.path.length > 0));
  return shaped.length === 1 ? shaped[0] : undefined;
}

function messageOf(issue: z.core.$ZodIssue): string {
  // A bad record key nests the key schema's own message; surface it instead of "Invalid key in record".
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    return issue.issues.map((i) => i.message).join("; "); // the path already ends in the bad key
  }
  // zod's wording for a missing key is "expected string, received undefined"; say it plainly.
  return issue.message.replace(/^Invalid input: expected (.+), received undefined$/, "required ($1)");
}
