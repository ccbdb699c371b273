import type { MeshStackPolicy } from "../types.js";
import { requireCompanion } from "./companions.js";
import { BUCKET_POLICY } from "./tokens.js";

/** Compliant: every S3 bucket in the stack has a BucketPolicy. */
const rule: MeshStackPolicy = {
  name: "s3-bucket-has-policy",
  description: "Every S3 bucket has a bucket policy (checked TLS-only by s3-bucket-policy-tls-only).",
  group: "s3",
  severity: "high",
  remediation:
    "Create an aws.s3.BucketPolicy whose `bucket` is the bucket (the per-resource rule checks its settings).",
  validateStack: requireCompanion(BUCKET_POLICY, "BucketPolicy"),
};

export default rule;
