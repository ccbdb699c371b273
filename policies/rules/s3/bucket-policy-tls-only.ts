import {
  actionMatches,
  hasWildcardPrincipal,
  parsePolicyDocument,
  type Statement,
} from "../shared/iamPolicy.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { BUCKET, BUCKET_POLICY } from "./tokens.js";

/** A statement denying every S3 action to everyone when the request is not over TLS. */
export function isTlsOnlyDeny(s: Statement): boolean {
  const insecure = Object.entries(s.conditions.Bool ?? {}).some(
    ([key, values]) => key.toLowerCase() === "aws:securetransport" && values.includes("false"),
  );
  return (
    s.effect === "Deny" &&
    insecure &&
    hasWildcardPrincipal(s) &&
    s.actions.some((a) => actionMatches(a, "s3:*"))
  );
}

// A bucket's own (deprecated) inline `policy` is checked too: it competes with the BucketPolicy for
// the same document, so whichever is applied last must still be TLS-only.
/** Compliant: every bucket policy (BucketPolicy or inline) denies `s3:*` to `*` when `aws:SecureTransport` is false. */
const rule: MeshResourcePolicy = {
  name: "s3-bucket-policy-tls-only",
  description: "S3 bucket policies deny every request not sent over TLS.",
  group: "s3",
  severity: "high",
  remediation:
    'Add {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucketArn, bucketArn+"/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}.',
  validateResource: forTypes([...BUCKET_POLICY, ...BUCKET], (props, args, report) => {
    const inline = (BUCKET as readonly string[]).includes(args.type);
    if (inline && (props.policy === undefined || props.policy === "")) return; // no inline policy
    const parsed = parsePolicyDocument(props.policy);
    if ("error" in parsed) return report(`policy ${parsed.error}; it must be an IAM policy document.`);
    if (!parsed.statements.some(isTlsOnlyDeny)) {
      report('policy: no statement denies s3:* to "*" when aws:SecureTransport is "false"; add one.');
    }
  }),
};

export default rule;
