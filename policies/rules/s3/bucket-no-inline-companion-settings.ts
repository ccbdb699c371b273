import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { BUCKET } from "./tokens.js";
import { isSet } from "./values.js";

/**
 * The bucket's deprecated inline settings that a required companion resource owns. Both write the
 * same S3 configuration, so each `pulumi up` re-applies whichever the diff picks: an inline AES256
 * or disabled versioning silently replaces the compliant companion while both still look checked.
 */
const INLINE_SETTINGS = {
  policy: "BucketPolicy",
  serverSideEncryptionConfiguration: "BucketServerSideEncryptionConfiguration",
  versioning: "BucketVersioning",
  lifecycleRules: "BucketLifecycleConfiguration",
} as const;

/** Compliant: a bucket sets none of the inline settings its required companions own (policy, encryption, versioning, lifecycle). */
const rule: MeshResourcePolicy = {
  name: "s3-bucket-no-inline-companion-settings",
  description:
    "S3 buckets leave policy, encryption, versioning and lifecycle to their companion resources, never inline.",
  group: "s3",
  severity: "high",
  remediation:
    "Remove the inline setting from the bucket; the companion resource (BucketPolicy, BucketServerSideEncryptionConfiguration, BucketVersioning, BucketLifecycleConfiguration) carries it.",
  validateResource: forTypes(BUCKET, (props, _args, report) => {
    for (const [key, companion] of Object.entries(INLINE_SETTINGS)) {
      if (isSet(props, key)) {
        report(`${key}: set inline, where it competes with the bucket's ${companion}; remove it.`);
      }
    }
  }),
};

export default rule;
