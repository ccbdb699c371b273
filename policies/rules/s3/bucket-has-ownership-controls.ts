import type { MeshStackPolicy } from "../types.js";
import { requireCompanion } from "./companions.js";
import { OWNERSHIP_CONTROLS } from "./tokens.js";

/** Compliant: every S3 bucket in the stack has BucketOwnershipControls. */
const rule: MeshStackPolicy = {
  name: "s3-bucket-has-ownership-controls",
  description: "Every S3 bucket has ownership controls.",
  group: "s3",
  severity: "medium",
  remediation:
    "Create an aws.s3.BucketOwnershipControls whose `bucket` is the bucket (the per-resource rule checks its settings).",
  validateStack: requireCompanion(OWNERSHIP_CONTROLS, "BucketOwnershipControls"),
};

export default rule;
