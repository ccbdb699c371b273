/** A stack plan in the shape of `pulumi preview --json`: `steps[]` with `op`, `urn` and `newState`. */
import type { Violation } from "../../policies/engine/types.js";
import type { StackPlan } from "./planStack.js";
import { plainValue } from "./values.js";
import { splitFindings } from "./violations.js";

export interface PreviewStep {
  readonly op: "create";
  readonly urn: string;
  readonly provider?: string;
  readonly newState: {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly inputs: unknown;
  };
}

export interface StackPreview {
  readonly stack: string;
  readonly project: string;
  readonly steps: readonly PreviewStep[];
  readonly changeSummary: { readonly create: number };
  readonly outputs: unknown;
  /** Verdicts of the policy pack: advisory, mandatory or remediate. */
  readonly policyViolations: readonly Violation[];
  /** Checks a rule could not evaluate (a value unknown at preview): not violations. */
  readonly policyNotes: readonly Violation[];
  readonly notes: readonly string[];
}

/** `findings`: what the policy engine returned; violations and notes are listed apart. */
export function toPreview(plan: StackPlan, findings: readonly Violation[] = []): StackPreview {
  const { violations, notes } = splitFindings(findings);
  const steps = plan.resources.map(
    (r): PreviewStep => ({
      op: "create",
      urn: r.urn,
      ...(r.provider ? { provider: r.provider } : {}),
      newState: {
        urn: r.urn,
        type: r.type,
        custom: r.custom !== false,
        ...(r.parentUrn ? { parent: r.parentUrn } : {}),
        protect: r.protect === true,
        retainOnDelete: r.retainOnDelete === true,
        inputs: plainValue(r.inputs),
      },
    }),
  );
  return {
    stack: plan.stack,
    project: plan.project,
    steps,
    changeSummary: { create: steps.length },
    outputs: plainValue(plan.outputs),
    policyViolations: violations,
    policyNotes: notes,
    notes: plan.notes,
  };
}
