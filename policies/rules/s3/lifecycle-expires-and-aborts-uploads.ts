import { asArray, forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { LIFECYCLE } from "./tokens.js";

/** Compliant: an enabled lifecycle rule expires objects and an enabled rule aborts incomplete multipart uploads. */
const rule: MeshResourcePolicy = {
  name: "s3-lifecycle-expires-and-aborts-uploads",
  description: "S3 lifecycle configurations expire data and abort incomplete multipart uploads.",
  group: "s3",
  severity: "low",
  remediation:
    "Add an Enabled rule with expiration (or noncurrentVersionExpiration) and one with abortIncompleteMultipartUpload.daysAfterInitiation.",
  validateResource: forTypes(LIFECYCLE, (props, _args, report) => {
    const enabled = asArray(props.rules).filter((r: any) => r?.status === "Enabled");
    const expires = enabled.some(
      (r: any) =>
        r.expiration?.days !== undefined ||
        r.expiration?.date !== undefined ||
        r.noncurrentVersionExpiration?.noncurrentDays !== undefined,
    );
    const aborts = enabled.some(
      (r: any) => r.abortIncompleteMultipartUpload?.daysAfterInitiation !== undefined,
    );
    if (!expires) report("rules: no Enabled rule sets expiration or noncurrentVersionExpiration; add one.");
    if (!aborts)
      report("rules: no Enabled rule sets abortIncompleteMultipartUpload.daysAfterInitiation; add one.");
  }),
};

export default rule;
