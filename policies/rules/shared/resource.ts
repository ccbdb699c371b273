import type {
  ReportViolation,
  ResourceRemediation,
  ResourceValidation,
  ResourceValidationArgs,
} from "@pulumi/policy";

export type PropsValidation = (
  props: Record<string, any>,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void | Promise<void>;

/**
 * The resource types a callback can apply to: a list of type tokens, or a test on the token for
 * families no list can name (every Kubernetes object, every AWS type).
 */
export type TypeScope = readonly string[] | ((type: string) => boolean);

/**
 * A validation (or remediation) that declares the resource types it can apply to, as a list
 * (`appliesTo`) or as a test (`appliesWhen`). Pulumi calls it for every resource and it answers
 * "not applicable" for the others; the offline engine reads the declaration to skip that call, with
 * the same outcome, since it is the hottest path of an evaluation. The callback must still check
 * the type itself: under Pulumi it is called anyway.
 */
export type Typed<F> = F &
  ({ readonly appliesTo: ReadonlySet<string> } | { readonly appliesWhen: (type: string) => boolean });
export type TypedValidation = Typed<ResourceValidation>;
type Callback = ResourceValidation | ResourceRemediation;

function typed<F extends Callback>(scope: TypeScope, callback: F): Typed<F> {
  return typeof scope === "function"
    ? Object.assign(callback, { appliesWhen: scope })
    : Object.assign(callback, { appliesTo: new Set(scope) });
}

export const typedValidation = (scope: TypeScope, validate: ResourceValidation): TypedValidation =>
  typed(scope, validate);

export const typedRemediation = (
  scope: TypeScope,
  remediate: ResourceRemediation,
): Typed<ResourceRemediation> => typed(scope, remediate);

/** The types a callback declared as a list, or undefined when it declared none or a test. */
export const appliesTo = (callback: Callback): ReadonlySet<string> | undefined =>
  (callback as { appliesTo?: ReadonlySet<string> }).appliesTo;

/** Whether a callback may apply to resources of `type`: false only when its declaration excludes it. */
export function mayApplyTo(callback: Callback, type: string): boolean {
  const { appliesTo, appliesWhen } = callback as {
    appliesTo?: ReadonlySet<string>;
    appliesWhen?: (type: string) => boolean;
  };
  if (appliesTo) return appliesTo.has(type);
  return appliesWhen ? appliesWhen(type) : true;
}

/**
 * Runs `validate` only on resources whose type token is in `types`; for any other resource the
 * rule is reported not applicable, as `validateResourceOfType` does. Tokens rather than classes
 * keep rules from loading the (large) provider SDKs and let one rule cover deprecated aliases.
 */
export function forTypes(types: readonly string[], validate: PropsValidation): TypedValidation {
  return typedValidation(types, (args, report) => {
    if (!types.includes(args.type)) return args.notApplicable(`applies only to ${types.join(", ")}`);
    return validate(args.props, args, report);
  });
}

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object input that may arrive JSON-encoded (provider config is stored as strings). */
export function asRecord(value: unknown): Record<string, any> | undefined {
  if (isRecord(value)) return value;
  if (typeof value !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `value` as an array; absent → empty; a lone value → one element. */
export function asArray<T = any>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
