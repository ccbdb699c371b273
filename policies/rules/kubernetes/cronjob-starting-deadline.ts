import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** Compliant: CronJob startingDeadlineSeconds is a positive number. */
const rule: MeshResourcePolicy = {
  name: "k8s-cronjob-starting-deadline",
  description: "CronJobs bound how late a missed run may start.",
  group: "kubernetes",
  severity: "low",
  remediation: "Set spec.startingDeadlineSeconds (e.g. the schedule interval in seconds).",
  validateResource: forTypes(["kubernetes:batch/v1:CronJob"], (props, _args, report) => {
    const deadline = props.spec?.startingDeadlineSeconds;
    if (typeof deadline !== "number" || deadline <= 0)
      report(`spec.startingDeadlineSeconds: ${deadline ?? "unset"}; set a positive number.`);
  }),
};

export default rule;
