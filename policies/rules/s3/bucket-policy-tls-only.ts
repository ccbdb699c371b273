import {
  actionMatches,
  hasWildcardPrincipal,
  parsePolicyDocument,
  type Statement,
} from "../shared/iamPolicy.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { BUCKET_POLICY } from "./tokens.js";

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

/** Compliant: the bucket policy denies `s3:*` to `*` when `aws:SecureTransport` is false. */
const rule: MeshResourcePolicy = {
  name: "s3-bucket-policy-tls-only",
  description: "S3 bucket policies deny every request not sent over TLS.",
  group: "s3",
  severity: "high",
  remediation:
    'Add {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucketArn, bucketArn+"/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}.',
  validateResource: forTypes(BUCKET_POLICY, (props, _args, report) => {
    const parsed = parsePolicyDocument(props.policy);
    if ("error" in parsed) return report(`policy ${parsed.error}; it must be an IAM policy document.`);
    if (!parsed.statements.some(isTlsOnlyDeny)) {
      report('policy: no statement denies s3:* to "*" when aws:SecureTransport is "false"; add one.');
    }
  }),
};

export default rule;
