import type { MeshResourcePolicy } from "../types.js";

/** Where the Job spec sits in each kind that has one. */
const JOB_SPEC_PATHS: Record<string, string> = {
  "kubernetes:batch/v1:Job": "spec",
  "kubernetes:batch/v1:CronJob": "spec.jobTemplate.spec",
};

/** Compliant: the Job spec (of a Job, or a CronJob's jobTemplate) sets backoffLimit explicitly. */
const rule: MeshResourcePolicy = {
  name: "k8s-job-backoff-limit",
  description: "Jobs set an explicit retry limit.",
  group: "kubernetes",
  severity: "low",
  remediation: "Set backoffLimit on the Job spec (e.g. 2).",
  validateResource: (args, report) => {
    const path = JOB_SPEC_PATHS[args.type];
    if (!path) return args.notApplicable("the resource has no Job spec");
    const jobSpec = path.split(".").reduce<any>((value, key) => value?.[key], args.props);
    if (typeof jobSpec?.backoffLimit !== "number") report(`${path}.backoffLimit: unset; set it explicitly.`);
  },
};

export default rule;
