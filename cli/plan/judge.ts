/**
 * The policy pack's verdict on a stack's plan, reached in the `mesh plan` process, which runs no
 * domain code: the plan arrives from a plan worker as data (planOne.ts, pool.ts), checked by
 * workerReply.ts, so no domain file can change the rules, their findings or the exit code.
 */
import { evaluatePolicies } from "../../policies/engine/evaluate.js";
import type { PlanOutcome, StackOutcome } from "./planOne.js";
import type { StackFile } from "./stackFile.js";

export async function judge(stack: StackFile, outcome: PlanOutcome): Promise<StackOutcome> {
  if (outcome.kind === "failed") return outcome;
  // From the stack name: the configuration cannot lower what the pack enforces.
  const findings = await evaluatePolicies([...outcome.plan.resources], {
    environment: stack.environment,
    stackTags: { "mesh:environment": stack.environment },
  });
  return { kind: "planned", plan: outcome.plan, findings };
}
