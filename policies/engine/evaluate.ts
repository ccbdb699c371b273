/**
 * Runs the pack's rule objects against planned or deployed resources without the Pulumi CLI,
 * following @pulumi/policy's analyzer server step by step: per resource, remediations first (their
 * output feeds the next), then validations; then stack validations. Level semantics match the
 * server too: `remediate` runs the fix and then validates at `mandatory`; an unknown value read
 * during a check yields an advisory "can't run … during preview" note (`kind: "note"`) instead of
 * a verdict.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import type { Environment } from "../../components/naming.js";
import { UnknownValueError, unproxy } from "../../sdk/policy.js";
import { allRules } from "../rules/all.js";
import { configDefaults, forEnvironment } from "../rules/enforcement.js";
import { isEnvironment } from "../rules/environment.js";
import { appliesTo } from "../rules/shared/resource.js";
import { forgetRun } from "../rules/shared/runMemory.js";
import {
  isStackPolicy,
  type MeshPolicy,
  type MeshResourcePolicy,
  type MeshStackPolicy,
} from "../rules/types.js";
import {
  type ArgsContext,
  NotApplicableError,
  policyResources,
  providerOf,
  proxiedProps,
  resourceValidationArgs,
  stackValidationArgs,
} from "./args.js";
import type { EvaluateOptions, PlannedResource, Violation, ViolationLevel } from "./types.js";

interface RulePlan<R extends MeshPolicy = MeshPolicy> {
  readonly rule: R;
  readonly level: EnforcementLevel;
  readonly config: Record<string, unknown>;
}

/** Evaluates every rule of the pack (or `rules`) against `resources`; resolves to the findings. */
export async function evaluatePolicies(
  resources: PlannedResource[],
  options: EvaluateOptions,
  rules: readonly MeshPolicy[] = allRules,
): Promise<Violation[]> {
  const { environment } = options;
  if (!isEnvironment(environment))
    throw new Error(`environment "${environment}" is not one of dev, staging, prod`);
  const plans = planRules(rules, environment, options);
  // Each evaluation is a run of its own, as each `pulumi preview` starts a fresh pack process.
  forgetRun();
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
  const violations: Violation[] = [];
  /** Each resource's final (remediated) inputs behind the proxy, shared by validations and stack rules. */
  const finalProps = new Map<string, Record<string, any>>();

  const resourcePlans = plans.filter((p): p is RulePlan<MeshResourcePolicy> => !isStackPolicy(p.rule));
  for (const r of resources) {
    const provider = providerOf(r, byUrn);
    const context = (plan: RulePlan): ArgsContext => ({
      stackTags,
      config: plan.config,
      ...(provider ? { provider } : {}),
    });
    const inputs = await remediate(r, resourcePlans, context, violations);
    const props = proxiedProps(inputs);
    finalProps.set(r.urn, props);
    await validateResource(r, props, resourcePlans, context, violations);
  }

  const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  // Stack rules only read the resources, so they share one view of them.
  const stackResources = policyResources(
    resources,
    (r) => (r.outputs ? proxiedProps(r.outputs) : finalProps.get(r.urn)!),
    byUrn,
  );
  for (const plan of plans.filter((p): p is RulePlan<MeshStackPolicy> => isStackPolicy(p.rule))) {
    if (plan.level === "disabled") continue;
    const level: ViolationLevel = plan.level === "remediate" ? "mandatory" : plan.level;
    const args = stackValidationArgs(stackResources, { stackTags, config: plan.config });
    await run(plan.rule.name, stackUrn, violations, () =>
      plan.rule.validateStack(args, (message, urn) =>
        violations.push({ policy: plan.rule.name, urn: urn ?? stackUrn, level, message }),
      ),
    );
  }
  return violations;
}

function planRules(
  rules: readonly MeshPolicy[],
  environment: Environment,
  options: EvaluateOptions,
): RulePlan[] {
  const names = new Set(rules.map((r) => r.name));
  for (const name of [...Object.keys(options.levels ?? {}), ...Object.keys(options.config ?? {})]) {
    if (!names.has(name))
      throw new Error(`no rule named "${name}" (levels and config are keyed by rule name)`);
  }
  return rules.map((base) => {
    const rule = forEnvironment(base, environment);
    return {
      rule,
      level: options.levels?.[rule.name] ?? rule.enforcementLevel ?? "advisory",
      config: { ...configDefaults(rule), ...options.config?.[rule.name] },
    };
  });
}

/** Applies the remediations of rules at level `remediate`, in order, each seeing the previous output. */
async function remediate(
  r: PlannedResource,
  plans: readonly RulePlan<MeshResourcePolicy>[],
  context: (plan: RulePlan) => ArgsContext,
  violations: Violation[],
): Promise<Record<string, any>> {
  let inputs = r.inputs;
  for (const plan of plans) {
    const remediation = plan.rule.remediateResource;
    if (plan.level !== "remediate" || !remediation) continue;
    const args = resourceValidationArgs(r, proxiedProps(inputs), context(plan));
    await run(plan.rule.name, r.urn, violations, async () => {
      const result = await remediation(args);
      if (!result) return;
      const remediated = unproxy(result) as Record<string, any>;
      const changed = changedFields(inputs, remediated);
      inputs = remediated;
      violations.push({
        policy: plan.rule.name,
        urn: r.urn,
        level: "remediate",
        message: `${plan.rule.description} Remediated ${changed.length > 0 ? changed.join(", ") : "(no changes)"}.`,
      });
    });
  }
  return inputs;
}

/** Runs the validations on one resource; `props` are its final inputs behind the proxy, shared by all (they only read). */
async function validateResource(
  r: PlannedResource,
  props: Record<string, any>,
  plans: readonly RulePlan<MeshResourcePolicy>[],
  context: (plan: RulePlan) => ArgsContext,
  violations: Violation[],
): Promise<void> {
  for (const plan of plans) {
    if (plan.level === "disabled" || !plan.rule.validateResource) continue;
    // Whatever a remediation could not fix is reported at mandatory, as the server does.
    const level: ViolationLevel = plan.level === "remediate" ? "mandatory" : plan.level;
    const validations = [plan.rule.validateResource].flat();
    for (const validate of validations) {
      if (appliesTo(validate)?.has(r.type) === false) continue; // it would answer "not applicable"
      const args = resourceValidationArgs(r, props, context(plan));
      const pending = run(plan.rule.name, r.urn, violations, () =>
        validate(args, (message) => violations.push({ policy: plan.rule.name, urn: r.urn, level, message })),
      );
      if (pending) await pending;
    }
  }
}

/**
 * Runs one policy callback, mapping not-applicable to silence and unknowns to an advisory. Most rules
 * are synchronous: only a rule that returns a promise is awaited (an evaluation makes millions of calls).
 */
function run(
  policy: string,
  urn: string,
  violations: Violation[],
  callback: () => unknown,
): Promise<void> | undefined {
  const fail = (e: unknown) => handleFailure(policy, urn, violations, e);
  try {
    const result = callback();
    if (result instanceof Promise) return result.then(() => undefined, fail);
  } catch (e) {
    fail(e);
  }
  return undefined;
}

function handleFailure(policy: string, urn: string, violations: Violation[], e: unknown): void {
  if (e instanceof NotApplicableError) return;
  if (e instanceof UnknownValueError) {
    violations.push({
      policy,
      urn,
      level: "advisory",
      message: `can't run policy '${policy}' during preview: ${e.message}`,
      kind: "note",
    });
    return;
  }
  throw new Error(`policy '${policy}' failed on ${urn || "the stack"}: ${(e as Error).message}`, {
    cause: e,
  });
}

function changedFields(before: Record<string, any>, after: Record<string, any>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
