import type { MeshStackPolicy } from "../types.js";
import { requireCompanion } from "./companions.js";
import { LIFECYCLE } from "./tokens.js";

/** Compliant: every S3 bucket in the stack has a BucketLifecycleConfiguration. */
const rule: MeshStackPolicy = {
  name: "s3-bucket-has-lifecycle",
  description: "Every S3 bucket has a lifecycle configuration, so what it holds is bounded in time.",
  group: "s3",
  severity: "medium",
  remediation:
    "Create an aws.s3.BucketLifecycleConfiguration whose `bucket` is the bucket (s3-lifecycle-expires-and-aborts-uploads checks its rules).",
  validateStack: requireCompanion(LIFECYCLE, "BucketLifecycleConfiguration"),
};

export default rule;
