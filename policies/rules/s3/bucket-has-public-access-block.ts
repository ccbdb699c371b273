import type { MeshStackPolicy } from "../types.js";
import { requireCompanion } from "./companions.js";
import { PUBLIC_ACCESS_BLOCK } from "./tokens.js";

/** Compliant: every S3 bucket in the stack has a BucketPublicAccessBlock. */
const rule: MeshStackPolicy = {
  name: "s3-bucket-has-public-access-block",
  description: "Every S3 bucket has a public access block.",
  group: "s3",
  severity: "critical",
  remediation:
    "Create an aws.s3.BucketPublicAccessBlock whose `bucket` is the bucket (the per-resource rule checks its settings).",
  validateStack: requireCompanion(PUBLIC_ACCESS_BLOCK, "BucketPublicAccessBlock"),
};

export default rule;
