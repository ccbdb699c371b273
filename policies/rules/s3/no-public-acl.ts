import { asArray, forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { BUCKET, BUCKET_ACL } from "./tokens.js";

const isPublicCannedAcl = (acl: unknown) =>
  typeof acl === "string" && (acl.startsWith("public-read") || acl === "authenticated-read");
const isPublicGrantee = (uri: unknown) =>
  typeof uri === "string" && /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/.test(uri);

/** Compliant: no bucket ACL is public-read*, authenticated-read, or grants AllUsers/AuthenticatedUsers. */
const rule: MeshResourcePolicy = {
  name: "s3-no-public-acl",
  description: "S3 buckets are never opened to the public through ACLs.",
  group: "s3",
  severity: "critical",
  remediation: "Remove the ACL (ownership controls BucketOwnerEnforced disable ACLs) or use `private`.",
  validateResource: forTypes([...BUCKET, ...BUCKET_ACL], (props, _args, report) => {
    if (isPublicCannedAcl(props.acl)) report(`acl: "${props.acl}" is public; remove it or use "private".`);
    // Bucket's inline `grants` and BucketAcl's `accessControlPolicy.grants` name grantees by URI.
    const grants = [...asArray(props.grants), ...asArray(props.accessControlPolicy?.grants)];
    for (const grant of grants) {
      const uri = grant?.uri ?? grant?.grantee?.uri;
      if (isPublicGrantee(uri)) report(`grants: grant to ${uri} is public; remove it.`);
    }
  }),
};

export default rule;
