import {
  actionMatches,
  hasWildcardPrincipal,
  parsePolicyDocument,
  type Statement,
} from "../shared/iamPolicy.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { BUCKET, BUCKET_POLICY } from "./tokens.js";

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"];

/** Whether one of the IAM resource `patterns` (with `*` and `?`) matches `arn`. */
const matchesArn = (patterns: readonly string[], arn: string) => patterns.some((p) => actionMatches(p, arn));

/**
 * Whether `patterns` cover bucket `name` and every object in it: the bucket ARN, and object keys
 * both literal (`/*`) and nested, so that a prefix such as `name/public/*` does not count.
 */
export function coversBucket(patterns: readonly string[], name: string): boolean {
  return PARTITIONS.some((partition) => {
    const arn = `arn:${partition}:s3:::${name}`;
    return [arn, `${arn}/*`, `${arn}/any/key.json`].every((target) => matchesArn(patterns, target));
  });
}

/**
 * A statement denying every S3 action on the whole bucket to everyone when the request is not over
 * TLS, with no other condition: any further condition key (a VPC, an IP) would narrow the deny to
 * the requests that also match it.
 */
export function isTlsOnlyDeny(s: Statement, bucket: string): boolean {
  const entries = Object.entries(s.conditions).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, values]) => ({ operator, key: key.toLowerCase(), values })),
  );
  const insecureOnly =
    entries.length === 1 &&
    entries[0]!.operator === "Bool" &&
    entries[0]!.key === "aws:securetransport" &&
    entries[0]!.values.includes("false");
  return (
    s.effect === "Deny" &&
    insecureOnly &&
    hasWildcardPrincipal(s) &&
    s.actions.some((a) => actionMatches(a, "s3:*")) &&
    coversBucket(s.resources, bucket)
  );
}

// A bucket's own (deprecated) inline `policy` is checked too: it competes with the BucketPolicy for
// the same document, so whichever is applied last must still be TLS-only.
/** Compliant: every bucket policy (BucketPolicy or inline) denies `s3:*` on the bucket and its objects to `*` when `aws:SecureTransport` is false. */
const rule: MeshResourcePolicy = {
  name: "s3-bucket-policy-tls-only",
  description: "S3 bucket policies deny every request not sent over TLS.",
  group: "s3",
  severity: "high",
  remediation:
    'Add {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucketArn, bucketArn+"/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}, with no other condition.',
  validateResource: forTypes([...BUCKET_POLICY, ...BUCKET], (props, args, report) => {
    const inline = (BUCKET as readonly string[]).includes(args.type);
    if (inline && (props.policy === undefined || props.policy === "")) return; // no inline policy
    const parsed = parsePolicyDocument(props.policy);
    if ("error" in parsed) return report(`policy ${parsed.error}; it must be an IAM policy document.`);
    // The bucket the policy governs; unknown at preview, the check waits for it rather than guess.
    const bucket = String(props.bucket);
    if (!parsed.statements.some((s) => isTlsOnlyDeny(s, bucket))) {
      report(
        `policy: no statement denies s3:* on bucket "${bucket}" and all its objects to "*" when aws:SecureTransport is "false" (and on no other condition); add one.`,
      );
    }
  }),
};

export default rule;
