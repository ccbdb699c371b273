import type { MeshStackPolicy } from "../types.js";
import { requireCompanion } from "./companions.js";
import { VERSIONING } from "./tokens.js";

/** Compliant: every S3 bucket in the stack has a BucketVersioning. */
const rule: MeshStackPolicy = {
  name: "s3-bucket-has-versioning",
  description: "Every S3 bucket has a versioning configuration.",
  group: "s3",
  severity: "medium",
  remediation:
    "Create an aws.s3.BucketVersioning whose `bucket` is the bucket (the per-resource rule checks its settings).",
  validateStack: requireCompanion(VERSIONING, "BucketVersioning"),
};

export default rule;
