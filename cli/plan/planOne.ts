/**
 * One stack's plan and the policy pack's verdict on it, as `mesh plan` reports it: the unit of work
 * of both the in-process path and the pool's workers (pool.ts), so both report alike.
 */
import { evaluatePolicies } from "../../policies/engine/evaluate.js";
import type { Violation } from "../../policies/engine/types.js";
import { deployMeshNode } from "../../program/node.js";
import type { PlatformFile } from "../../program/platformFile.js";
import { EXIT, isInputError } from "../errors.js";
import { planStack, type StackPlan } from "./planStack.js";
import type { StackFile } from "./stackFile.js";

/** What the report of one stack needs; plain data, so that it crosses from a worker as it is. */
export type StackOutcome =
  | { readonly kind: "planned"; readonly plan: StackPlan; readonly findings: readonly Violation[] }
  /** Not planned: `exit` 2 for the user's input (a bad declaration), 70 (`EXIT.internal`) for a bug or a crash. */
  | { readonly kind: "failed"; readonly message: string; readonly exit: number };

/**
 * Plans `stack` under the mock runtime and evaluates the pack on it. A bad declaration or
 * configuration is an outcome (the other stacks are still planned); any other error is thrown.
 */
export async function planAndEvaluate(
  stack: StackFile,
  domainsDir: string,
  platform: PlatformFile,
): Promise<StackOutcome> {
  let plan: StackPlan;
  try {
    plan = await planStack(stack, async () => ({ ...(await deployMeshNode(domainsDir, platform)) }));
  } catch (e) {
    if (!isInputError(e)) throw e;
    return { kind: "failed", message: e.message, exit: EXIT.input };
  }
  // From the stack name: the configuration cannot lower what the pack enforces.
  const findings = await evaluatePolicies([...plan.resources], {
    environment: stack.environment,
    stackTags: { "mesh:environment": stack.environment },
  });
  return { kind: "planned", plan, findings };
}
