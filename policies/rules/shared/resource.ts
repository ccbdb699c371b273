import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

export type PropsValidation = (
  props: Record<string, any>,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void | Promise<void>;

/**
 * Runs `validate` only on resources whose type token is in `types`; for any other resource the
 * rule is reported not applicable, as `validateResourceOfType` does. Tokens rather than classes
 * keep rules from loading the (large) provider SDKs and let one rule cover deprecated aliases.
 */
/**
 * A validation that declares the resource types it can apply to. Pulumi calls it for every resource
 * and it answers "not applicable" for the others; the offline engine reads `appliesTo` to skip that
 * call, with the same outcome, since it is the hottest path of an evaluation.
 */
export type TypedValidation = ResourceValidation & { readonly appliesTo: ReadonlySet<string> };

export function typedValidation(types: readonly string[], validate: ResourceValidation): TypedValidation {
  return Object.assign(validate, { appliesTo: new Set(types) });
}

/** The types a validation declared it applies to, or undefined when it may apply to any. */
export const appliesTo = (validate: ResourceValidation): ReadonlySet<string> | undefined =>
  (validate as Partial<TypedValidation>).appliesTo;

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
