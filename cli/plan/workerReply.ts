/**
 * What a plan worker answers is untrusted: the worker ran a domain file's code, which could have
 * changed anything in its process, the answer included. `mesh plan` takes from it only well-formed
 * plain data about the stack it asked for, and no exit code below a failure's: a worker can fail a
 * stack, never pass one that it did not plan.
 */
import { EXIT } from "../errors.js";
import type { PlanOutcome } from "./planOne.js";
import type { StackFile } from "./stackFile.js";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === "string");

/** Where a planned resource is malformed, or undefined when it is well formed. */
function resourceProblem(r: unknown, stackUrn: string): string | undefined {
  if (!isRecord(r)) return "is not an object";
  for (const key of ["urn", "type", "name"] as const) {
    if (typeof r[key] !== "string") return `has no string ${key}`;
  }
  if (!(r.urn as string).startsWith(stackUrn)) return `has URN ${JSON.stringify(r.urn)}, not of this stack`;
  if (!isRecord(r.inputs)) return "has no inputs object";
  if (r.outputs !== undefined && !isRecord(r.outputs)) return "has outputs that are not an object";
  for (const key of ["parentUrn", "provider"] as const) {
    if (r[key] !== undefined && typeof r[key] !== "string") return `has a ${key} that is not a string`;
  }
  for (const key of ["protect", "retainOnDelete", "custom"] as const) {
    if (r[key] !== undefined && typeof r[key] !== "boolean") return `has a ${key} that is not a boolean`;
  }
  if (r.dependencies !== undefined && !isStringList(r.dependencies))
    return "has dependencies that are not URNs";
  if (
    r.propertyDependencies !== undefined &&
    !(isRecord(r.propertyDependencies) && Object.values(r.propertyDependencies).every(isStringList))
  ) {
    return "has propertyDependencies that are not lists of URNs";
  }
  return undefined;
}

/** Why `outcome` is no plan of `stack`, or undefined when it is one. */
function planProblem(outcome: Record<string, unknown>, stack: StackFile): string | undefined {
  const plan = outcome.plan;
  if (!isRecord(plan)) return "no plan";
  if (plan.stack !== stack.name) return `the plan of ${JSON.stringify(plan.stack)}`;
  if (typeof plan.project !== "string") return "a plan without its project";
  if (!isRecord(plan.outputs)) return "a plan without outputs";
  if (!isStringList(plan.notes)) return "a plan whose notes are not text";
  if (!Array.isArray(plan.resources)) return "a plan without resources";
  const stackUrn = `urn:pulumi:${stack.name}::`;
  for (const [i, r] of plan.resources.entries()) {
    const problem = resourceProblem(r, stackUrn);
    if (problem) return `a plan whose resource ${i} ${problem}`;
  }
  return undefined;
}

/**
 * The outcome a worker sent for `stack`, if it is one; else a failure naming what was wrong. A
 * failure's exit code is the user's input (2) or an internal error (70), nothing lower.
 */
export function checkedOutcome(outcome: unknown, stack: StackFile): PlanOutcome {
  const unreadable = (what: string): PlanOutcome => ({
    kind: "failed",
    message: `the worker planning it sent ${what}, not a plan`,
    exit: EXIT.internal,
  });
  if (!isRecord(outcome)) return unreadable("no outcome");
  if (outcome.kind === "failed") {
    return {
      kind: "failed",
      message: typeof outcome.message === "string" ? outcome.message : "failed without saying why",
      exit: outcome.exit === EXIT.input ? EXIT.input : EXIT.internal,
    };
  }
  if (outcome.kind !== "planned") return unreadable("an outcome of no known kind");
  const problem = planProblem(outcome, stack);
  return problem ? unreadable(problem) : (outcome as PlanOutcome);
}

/** Text a worker sent to be printed; anything else prints nothing. */
export const printedText = (v: unknown): string => (typeof v === "string" ? v : "");
