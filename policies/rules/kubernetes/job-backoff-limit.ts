import { typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { SPARK_APPLICATION_TYPES, sparkApplicationSpecOf } from "./sparkPodSpec.js";

/** Where the Job spec sits in each kind that has one. */
const JOB_SPEC_PATHS: Record<string, string> = {
  "kubernetes:batch/v1:Job": "spec",
  "kubernetes:batch/v1:CronJob": "spec.jobTemplate.spec",
};

/** Kinds with a Job spec or a Spark application spec: the only ones the rule applies to. */
const RETRYING_KINDS = [...Object.keys(JOB_SPEC_PATHS), ...SPARK_APPLICATION_TYPES];

// A Spark application's analogue of backoffLimit is its restartPolicy: "Never", or "OnFailure" with
// both retry counts; "Always" reruns even a successful application, without limit.
/** Compliant: a Job spec (of a Job, or a CronJob's jobTemplate) sets backoffLimit; a Spark application sets restartPolicy Never, or OnFailure with retry counts. */
const rule: MeshResourcePolicy = {
  name: "k8s-job-backoff-limit",
  description: "Jobs and Spark applications set an explicit retry limit.",
  group: "kubernetes",
  severity: "low",
  remediation:
    'Set backoffLimit on the Job spec (e.g. 2); on a Spark application, set restartPolicy {type: "OnFailure", onFailureRetries, onSubmissionFailureRetries} or {type: "Never"}.',
  validateResource: typedValidation(RETRYING_KINDS, (args, report) => {
    const spark = sparkApplicationSpecOf(args.type, args.props);
    if (spark) {
      const path = `${spark.path}.restartPolicy`;
      const policy = spark.spec.restartPolicy;
      const type = policy?.type;
      if (type === undefined) report(`${path}.type: unset; set "OnFailure" with retry limits, or "Never".`);
      else if (type === "Always") report(`${path}.type: "Always" retries without limit; use "OnFailure".`);
      else if (type === "OnFailure") {
        for (const field of ["onFailureRetries", "onSubmissionFailureRetries"]) {
          if (typeof policy[field] !== "number") report(`${path}.${field}: unset; set it explicitly.`);
        }
      }
      return;
    }
    const path = JOB_SPEC_PATHS[args.type];
    if (!path) return args.notApplicable("the resource has no Job spec or Spark application spec");
    const jobSpec = path.split(".").reduce<any>((value, key) => value?.[key], args.props);
    if (typeof jobSpec?.backoffLimit !== "number") report(`${path}.backoffLimit: unset; set it explicitly.`);
  }),
};

export default rule;
