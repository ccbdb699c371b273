import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { SCHEDULED_SPARK_APPLICATION } from "./sparkPodSpec.js";

/** Compliant: the concurrencyPolicy of a CronJob or ScheduledSparkApplication is Forbid or Replace, so runs never overlap. */
const rule: MeshResourcePolicy = {
  name: "k8s-cronjob-concurrency-policy",
  description: "CronJobs and ScheduledSparkApplications never run overlapping jobs.",
  group: "kubernetes",
  severity: "medium",
  remediation: 'Set spec.concurrencyPolicy to "Forbid" (or "Replace").',
  // Both kinds default to "Allow".
  validateResource: forTypes(
    ["kubernetes:batch/v1:CronJob", SCHEDULED_SPARK_APPLICATION],
    (props, _args, report) => {
      const policy = props.spec?.concurrencyPolicy;
      if (policy !== "Forbid" && policy !== "Replace") {
        report(
          `spec.concurrencyPolicy: ${policy ? `"${policy}"` : 'unset (means "Allow")'}; set "Forbid" or "Replace".`,
        );
      }
    },
  ),
};

export default rule;
