import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { OWNERSHIP_CONTROLS } from "./tokens.js";

/** Compliant: object ownership is `BucketOwnerEnforced`, which disables ACLs. */
const rule: MeshResourcePolicy = {
  name: "s3-ownership-bucket-owner-enforced",
  description: "S3 ownership controls enforce bucket-owner ownership, disabling ACLs.",
  group: "s3",
  severity: "medium",
  remediation: 'Set rule.objectOwnership to "BucketOwnerEnforced".',
  validateResource: forTypes(OWNERSHIP_CONTROLS, (props, _args, report) => {
    const ownership = props.rule?.objectOwnership;
    if (ownership !== "BucketOwnerEnforced") {
      report(
        `rule.objectOwnership: ${ownership === undefined ? "unset" : `"${ownership}"`}; set it to "BucketOwnerEnforced".`,
      );
    }
  }),
};

export default rule;
