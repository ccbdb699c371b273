import type { MeshResourcePolicy } from "../types.js";
import { containersOf, effectiveSecurity, podSpecRule } from "./podSpec.js";

/** Compliant: runAsNonRoot is true for every container, set on the pod or on each container. */
const rule: MeshResourcePolicy = {
  name: "k8s-run-as-non-root",
  description: "Containers must run as non-root (PSS restricted).",
  group: "kubernetes",
  severity: "high",
  remediation: "Set spec.securityContext.runAsNonRoot: true on the pod (and never false on a container).",
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      if (effectiveSecurity(pod, c, "runAsNonRoot") !== true) {
        report(
          `${c.at("securityContext")}.runAsNonRoot: not true (nor inherited from the pod); set it to true.`,
        );
      }
    }
  }),
};

export default rule;
