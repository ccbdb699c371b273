/**
 * Runs the pack's rule objects against planned or deployed resources without the Pulumi CLI,
 * following @pulumi/policy's analyzer server step by step: per resource, remediations first (their
 * output feeds the next), then validations; then stack validations. Level semantics match the
 * server too: `remediate` runs the fix and then validates at `mandatory`; an unknown value read
 * during a check yields an advisory "can't run … during preview" note (`kind: "note"`) instead of
 * a verdict.
 */
import type { EnforcementLevel, ResourceRemediation, ResourceValidation } from "@pulumi/policy";
import type { Environment } from "../../components/naming.js";
import { UnknownValueError, unproxy } from "../../sdk/policy.js";
import { allRules } from "../rules/all.js";
import { configDefaults, forEnvironment } from "../rules/enforcement.js";
import { isEnvironment } from "../rules/environment.js";
import { mayApplyTo } from "../rules/shared/resource.js";
import { forgetRun } from "../rules/shared/runMemory.js";
import {
  isStackPolicy,
  type MeshPolicy,
  type MeshResourcePolicy,
  type MeshStackPolicy,
} from "../rules/types.js";
import {
  type ConfigGetter,
  configGetter,
  NotApplicableError,
  type ProviderLookup,
  policyResources,
  providerLookup,
  proxiedProps,
  type SharedResourceArgs,
  sharedResourceArgs,
  stackValidationArgs,
  withConfig,
} from "./args.js";
import { readOnlyView } from "./readOnlyView.js";
import type { EvaluateOptions, PlannedResource, Violation, ViolationLevel } from "./types.js";

interface RulePlan<R extends MeshPolicy = MeshPolicy> {
  readonly rule: R;
  readonly level: EnforcementLevel;
  readonly getConfig: ConfigGetter;
}

/** One validation callback of a rule, with the level its findings are reported at. */
interface ValidationStep {
  readonly plan: RulePlan<MeshResourcePolicy>;
  readonly validate: ResourceValidation;
  readonly level: ViolationLevel;
}

interface RemediationStep {
  readonly plan: RulePlan<MeshResourcePolicy>;
  readonly remediate: ResourceRemediation;
}

/** The callbacks that run on resources of one type, in pack order. */
interface TypeSteps {
  readonly remediations: readonly RemediationStep[];
  readonly validations: readonly ValidationStep[];
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
  const providerOf = providerLookup(byUrn);
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
  const violations: Violation[] = [];
  /** Each resource's final (remediated) inputs, one read-only view shared by validations and stack rules. */
  const finalProps = new Map<string, Record<string, any>>();

  const stepsFor = stepsByType(
    plans.filter((p): p is RulePlan<MeshResourcePolicy> => !isStackPolicy(p.rule)),
  );
  for (const r of resources) {
    const steps = stepsFor(r.type);
    const provider = providerOf(r);
    const inputs =
      steps.remediations.length > 0
        ? await remediate(r, steps.remediations, stackTags, providerOf, violations)
        : r.inputs;
    const props = readOnlyView(inputs);
    finalProps.set(r.urn, props);
    if (steps.validations.length === 0) continue;
    const pending = validateResource(
      sharedResourceArgs(r, props, stackTags, provider),
      steps.validations,
      violations,
    );
    if (pending) await pending;
  }

  const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  // Stack rules only read the resources, so they share one view of them.
  const stackResources = policyResources(
    resources,
    (r) => (r.outputs ? readOnlyView(r.outputs) : finalProps.get(r.urn)!),
    providerOf,
  );
  for (const plan of plans.filter((p): p is RulePlan<MeshStackPolicy> => isStackPolicy(p.rule))) {
    if (plan.level === "disabled") continue;
    const level: ViolationLevel = plan.level === "remediate" ? "mandatory" : plan.level;
    const args = stackValidationArgs(stackResources, stackTags, plan.getConfig);
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
      getConfig: configGetter({ ...configDefaults(rule), ...options.config?.[rule.name] }),
    };
  });
}

/**
 * The remediations and validations to run on a resource of a given type, worked out once per type
 * and evaluation: only callbacks that may apply to the type, at a level that runs them. A callback
 * left out would have answered "not applicable", which reports nothing.
 */
function stepsByType(plans: readonly RulePlan<MeshResourcePolicy>[]): (type: string) => TypeSteps {
  const byType = new Map<string, TypeSteps>();
  return (type) => {
    let steps = byType.get(type);
    if (steps) return steps;
    const remediations: RemediationStep[] = [];
    const validations: ValidationStep[] = [];
    for (const plan of plans) {
      const remediation = plan.rule.remediateResource;
      if (plan.level === "remediate" && remediation && mayApplyTo(remediation, type))
        remediations.push({ plan, remediate: remediation });
      if (plan.level === "disabled" || !plan.rule.validateResource) continue;
      // Whatever a remediation could not fix is reported at mandatory, as the server does.
      const level: ViolationLevel = plan.level === "remediate" ? "mandatory" : plan.level;
      for (const validate of [plan.rule.validateResource].flat()) {
        if (mayApplyTo(validate, type)) validations.push({ plan, validate, level });
      }
    }
    steps = { remediations, validations };
    byType.set(type, steps);
    return steps;
  };
}

/**
 * Applies the remediations of rules at level `remediate`, in order, each seeing the previous output
 * in a writable copy of its own (a remediation changes the inputs it is given and returns them).
 */
async function remediate(
  r: PlannedResource,
  steps: readonly RemediationStep[],
  stackTags: ReadonlyMap<string, string>,
  providerOf: ProviderLookup,
  violations: Violation[],
): Promise<Record<string, any>> {
  let inputs = r.inputs;
  for (const { plan, remediate } of steps) {
    const args = withConfig(
      sharedResourceArgs(r, proxiedProps(inputs), stackTags, providerOf(r)),
      plan.getConfig,
    );
    await run(plan.rule.name, r.urn, violations, async () => {
      const result = await remediate(args);
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

/**
 * Runs the validations on one resource, from step `from` on, in order; each gets its own arguments
 * object around the shared view. Synchronous until a rule returns a promise: the rest then run once
 * it settles, and the promise of that is returned (undefined when every rule was synchronous, as
 * almost all are: a resource is not worth a turn of the event loop). Failures are handled inline
 * rather than through {@link run}: this loop makes every rule call of an evaluation, and a closure
 * per call is measurable.
 */
function validateResource(
  shared: SharedResourceArgs,
  steps: readonly ValidationStep[],
  violations: Violation[],
  from = 0,
): Promise<void> | undefined {
  const urn = shared.urn;
  for (let i = from; i < steps.length; i++) {
    const { plan, validate, level } = steps[i]!;
    const policy = plan.rule.name;
    let result: unknown;
    try {
      result = validate(withConfig(shared, plan.getConfig), (message) =>
        violations.push({ policy, urn, level, message }),
      );
    } catch (e) {
      handleFailure(policy, urn, violations, e);
      continue;
    }
    if (result instanceof Promise)
      return result
        .then(undefined, (e) => handleFailure(policy, urn, violations, e))
        .then(() => validateResource(shared, steps, violations, i + 1));
  }
  return undefined;
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
