import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { VERSIONING } from "./tokens.js";

/** Compliant: bucket versioning status is `Enabled`. */
const rule: MeshResourcePolicy = {
  name: "s3-versioning-enabled",
  description: "S3 bucket versioning is enabled.",
  group: "s3",
  severity: "medium",
  remediation: 'Set versioningConfiguration.status to "Enabled".',
  validateResource: forTypes(VERSIONING, (props, _args, report) => {
    const status = props.versioningConfiguration?.status;
    if (status !== "Enabled") {
      report(
        `versioningConfiguration.status: ${status === undefined ? "unset" : `"${status}"`}; set it to "Enabled".`,
      );
    }
  }),
};

export default rule;
