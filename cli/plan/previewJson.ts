/** A stack plan in the shape of `pulumi preview --json`: `steps[]` with `op`, `urn` and `newState`. */
import type { Violation } from "../../policies/engine/types.js";
import type { StackPlan } from "./planStack.js";
import { plainValue } from "./values.js";

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
  readonly policyViolations: readonly Violation[];
  readonly notes: readonly string[];
}

export function toPreview(plan: StackPlan, violations: readonly Violation[] = []): StackPreview {
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
    notes: plan.notes,
  };
}
