import type { PolicyResource, StackValidation } from "@pulumi/policy";
import { BUCKET } from "./tokens.js";
import { knownString } from "./values.js";

/**
 * Whether `companion` (a BucketVersioning, BucketPolicy, …) configures `bucket`.
 *
 * | companion `bucket`  | bucket name (`bucket` or `id`) | linked when                                     |
 * | ------------------- | ------------------------------ | ----------------------------------------------- |
 * | known               | known                          | they are equal (a dependency cannot override)   |
 * | unknown at preview  | any                            | its `bucket` property depends on the bucket     |
 * | known               | unknown at preview             | its `bucket` property depends on the bucket     |
 *
 * Only the dependency of the `bucket` property counts: a resource that merely `dependsOn` a bucket
 * (a lifecycle on another bucket waiting for this one) does not configure it. Preview resources carry
 * inputs; state-file resources carry outputs (`bucket` and `id` are the bucket's name in both), and
 * `pulumi stack export` records property dependencies too, so one rule serves both.
 */
export function configures(companion: PolicyResource, bucket: PolicyResource): boolean {
  const target = knownString(() => companion.props.bucket);
  const names = [knownString(() => bucket.props.bucket), knownString(() => bucket.props.id)].filter(
    (n): n is string => n !== undefined,
  );
  if (target !== undefined && names.length > 0) return names.includes(target);
  return (companion.propertyDependencies.bucket ?? []).some((d) => d.urn === bucket.urn);
}

/**
 * Stack validation: every S3 bucket has a resource of one of `companionTypes` configuring it. The
 * per-resource rules check the companion's settings; this rule catches its absence, which no
 * per-resource rule can see. A companion whose link cannot be established (its target unknown and
 * no dependency on the bucket) does not count: absence is a violation, never a pass.
 */
export function requireCompanion(companionTypes: readonly string[], companionName: string): StackValidation {
  return (args, report) => {
    const buckets = args.resources.filter((r) => (BUCKET as readonly string[]).includes(r.type));
    if (buckets.length === 0) return args.notApplicable("the stack has no S3 buckets");
    const companions = args.resources.filter((r) => companionTypes.includes(r.type));
    for (const bucket of buckets) {
      if (!companions.some((c) => configures(c, bucket))) {
        report(
          `bucket "${bucket.name}" has no ${companionName}; add one whose \`bucket\` is this bucket's name.`,
          bucket.urn,
        );
      }
    }
  };
}
