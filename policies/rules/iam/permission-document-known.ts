import { UnknownValueError } from "../../../sdk/policy.js";
import { PERMISSION_POLICY_TYPES, ROLE_TYPE } from "../shared/policyDocuments.js";
import { asArray, forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

const BUCKET_POLICY_TYPE = "aws:s3/bucketPolicy:BucketPolicy";
/** A key policy decides who may use the key, as much as an IAM policy does. */
const KEY_TYPE = "aws:kms/key:Key";

/** Whether `read` touches a value unknown until deployment. */
function isUnknown(read: () => unknown): boolean {
  try {
    read();
    return false;
  } catch (e) {
    if (e instanceof UnknownValueError) return true;
    throw e;
  }
}

/** The input paths of a resource's access documents, each with how to read it. */
function documentReads(type: string, props: Record<string, any>): [string, () => unknown][] {
  if (type !== ROLE_TYPE) return [["policy", () => props.policy]];
  const reads: [string, () => unknown][] = [["assumeRolePolicy", () => props.assumeRolePolicy]];
  if (isUnknown(() => props.inlinePolicies))
    return [...reads, ["inlinePolicies", () => props.inlinePolicies]];
  return [
    ...reads,
    ...asArray(props.inlinePolicies).map((p: any, i: number): [string, () => unknown] => [
      `inlinePolicies[${i}].policy`,
      () => p?.policy,
    ]),
  ];
}

/*
 * A rule cannot judge a document it cannot read: on a value unknown at preview CrossGuard only
 * notes that it "can't run", and the document is created unchecked by `pulumi up` (stack rules
 * run only after resources exist). So the document's being unknown is itself the violation:
 * mandatory in staging and prod, advisory in dev. Build documents from names, aliases and
 * configuration, never from other resources' outputs.
 */

/** Compliant: every IAM permission, trust, bucket and key policy document is known at preview. */
const rule: MeshResourcePolicy = {
  name: "iam-permission-document-known",
  description:
    "IAM permission, trust and bucket policy documents are known at preview, so rules can check them.",
  group: "iam",
  severity: "critical",
  remediation:
    "Build the document from values known at preview (names, key aliases, configuration) instead of another resource's outputs.",
  validateResource: forTypes(
    [...PERMISSION_POLICY_TYPES, ROLE_TYPE, BUCKET_POLICY_TYPE, KEY_TYPE],
    (props, args, report) => {
      for (const [field, read] of documentReads(args.type, props)) {
        if (isUnknown(read)) {
          report(
            `${field} is unknown at preview, so no policy can check it before it is deployed; build it from values known at preview.`,
          );
        }
      }
    },
  ),
};

export default rule;
