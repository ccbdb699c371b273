import type { PolicyResource, StackValidation } from "@pulumi/policy";
import { knownOrUndefined } from "../shared/unknown.js";
import { BUCKET } from "./tokens.js";

/**
 * Whether `companion` (a BucketVersioning, BucketPolicy, …) configures `bucket`: it depends on the
 * bucket through its `bucket` input, or (in state without dependencies) names it.
 */
function configures(companion: PolicyResource, bucket: PolicyResource): boolean {
  const linked = [...(companion.propertyDependencies.bucket ?? []), ...companion.dependencies];
  if (linked.some((d) => d.urn === bucket.urn)) return true;
  const target = knownOrUndefined(() => companion.props.bucket);
  if (typeof target !== "string") return false;
  return (
    target === knownOrUndefined(() => bucket.props.bucket) ||
    target === knownOrUndefined(() => bucket.props.id)
  );
}

/**
 * Stack validation: every S3 bucket has a resource of one of `companionTypes` configuring it. The
 * per-resource rules check the companion's settings; this rule catches its absence, which no
 * per-resource rule can see.
 */
export function requireCompanion(companionTypes: readonly string[], companionName: string): StackValidation {
  return (args, report) => {
    const buckets = args.resources.filter((r) => (BUCKET as readonly string[]).includes(r.type));
    if (buckets.length === 0) return args.notApplicable("the stack has no S3 buckets");
    const companions = args.resources.filter((r) => companionTypes.includes(r.type));
    for (const bucket of buckets) {
      if (!companions.some((c) => configures(c, bucket))) {
        report(
          `bucket "${bucket.name}" has no ${companionName}; add one whose \`bucket\` is this bucket.`,
          bucket.urn,
        );
      }
    }
  };
}
