/**
 * One stack's plan, and the policy pack's verdict on it, as `mesh plan` reports them. The two happen
 * in different processes on purpose: a plan runs the stack's own domain file (as `pulumi preview`
 * runs the program), so it is made here, in a plan worker (pool.ts); the verdict is reached in the
 * `mesh plan` process, which runs no domain code, from the plan received as data (judge.ts), as
 * Pulumi's engine hands a program's registrations to a policy pack in a process of its own. A domain
 * file can thus change neither the rules, nor their findings, nor the exit code.
 */
import type { Violation } from "../../policies/engine/types.js";
import { deployMeshNode } from "../../program/node.js";
import type { PlatformFile } from "../../program/platformFile.js";
import { EXIT, isInputError } from "../errors.js";
import { planStack, type StackPlan } from "./planStack.js";
import type { StackFile } from "./stackFile.js";

/** A stack not planned: `exit` 2 for the user's input (a bad declaration), 70 (`EXIT.internal`) for a bug or a crash. */
export interface FailedOutcome {
  readonly kind: "failed";
  readonly message: string;
  readonly exit: number;
}

/** What a plan worker answers for one stack; plain data, so that it crosses from the worker as it is. */
export type PlanOutcome = { readonly kind: "planned"; readonly plan: StackPlan } | FailedOutcome;

/** What the report of one stack needs: its plan and the pack's findings on it. */
export type StackOutcome =
  | { readonly kind: "planned"; readonly plan: StackPlan; readonly findings: readonly Violation[] }
  | FailedOutcome;

/**
 * Plans `stack` under the mock runtime (in a plan worker). A bad declaration or configuration is an
 * outcome (the other stacks are still planned); any other error is thrown.
 */
export async function planOnly(
  stack: StackFile,
  domainsDir: string,
  platform: PlatformFile,
): Promise<PlanOutcome> {
  try {
    return {
      kind: "planned",
      plan: await planStack(stack, async () => ({ ...(await deployMeshNode(domainsDir, platform)) })),
    };
  } catch (e) {
    if (!isInputError(e)) throw e;
    return { kind: "failed", message: e.message, exit: EXIT.input };
  }
}
