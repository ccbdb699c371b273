import type { MeshResourcePolicy } from "../types.js";
import { podSpecRule } from "./podSpec.js";

/** Compliant: the pod names a service account other than `default`. */
const rule: MeshResourcePolicy = {
  name: "k8s-not-default-service-account",
  description: "Pods run under a dedicated service account, not the namespace default.",
  group: "kubernetes",
  severity: "medium",
  remediation: "Set serviceAccountName to the workload's own ServiceAccount (transformServiceAccountName()).",
  validateResource: podSpecRule((pod, report) => {
    const account = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
    if (account === undefined || account === "" || account === "default") {
      report(
        `${pod.at("serviceAccountName")}: ${account ? `"${account}"` : "unset"}; name a dedicated service account.`,
      );
    }
  }),
};

export default rule;
