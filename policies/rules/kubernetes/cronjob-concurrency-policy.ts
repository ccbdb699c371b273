import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** Compliant: CronJob concurrencyPolicy is Forbid or Replace, so runs never overlap. */
const rule: MeshResourcePolicy = {
  name: "k8s-cronjob-concurrency-policy",
  description: "CronJobs never run overlapping jobs.",
  group: "kubernetes",
  severity: "medium",
  remediation: 'Set spec.concurrencyPolicy to "Forbid" (or "Replace").',
  validateResource: forTypes(["kubernetes:batch/v1:CronJob"], (props, _args, report) => {
    const policy = props.spec?.concurrencyPolicy;
    if (policy !== "Forbid" && policy !== "Replace") {
      report(
        `spec.concurrencyPolicy: ${policy ? `"${policy}"` : 'unset (means "Allow")'}; set "Forbid" or "Replace".`,
      );
    }
  }),
};

export default rule;
