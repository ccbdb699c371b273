import type { MeshStackPolicy } from "../types.js";
import { requireCompanion } from "./companions.js";
import { ENCRYPTION } from "./tokens.js";

/** Compliant: every S3 bucket in the stack has a BucketServerSideEncryptionConfiguration. */
const rule: MeshStackPolicy = {
  name: "s3-bucket-has-encryption",
  description: "Every S3 bucket has a default-encryption configuration.",
  group: "s3",
  severity: "high",
  remediation:
    "Create an aws.s3.BucketServerSideEncryptionConfiguration whose `bucket` is the bucket (the per-resource rule checks its settings).",
  validateStack: requireCompanion(ENCRYPTION, "BucketServerSideEncryptionConfiguration"),
};

export default rule;
