/** Test support: a `pulumi stack export` (deployment v3) of what a plan would deploy. */
import type { StackPlan } from "../../cli/plan/planStack.js";
import { UNKNOWN } from "../../cli/plan/values.js";

/** After deployment nothing is unknown: every unknown becomes a concrete placeholder. */
function deployed(value: unknown, key: string): unknown {
  if (value === UNKNOWN) return `deployed-${key}`;
  if (Array.isArray(value)) return value.map((v) => deployed(v, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deployed(v, k)]));
  }
  return value;
}

export function stackExportOf(plan: StackPlan) {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-24T00:00:00Z", magic: "", version: "v3.248.0" },
      resources: plan.resources.map((r) => {
        const values = deployed(r.inputs, "") as Record<string, unknown>;
        return {
          urn: r.urn,
          custom: r.custom !== false,
          type: r.type,
          inputs: values,
          outputs: values,
          ...(r.parentUrn ? { parent: r.parentUrn } : {}),
          protect: r.protect === true,
          retainOnDelete: r.retainOnDelete === true,
        };
      }),
    },
  };
}
