import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: runAsUser is never 0, on the pod or on any container. */
const rule: MeshResourcePolicy = {
  name: "k8s-run-as-non-zero-uid",
  description: "Pods and containers never set runAsUser to 0 (PSS restricted).",
  group: "kubernetes",
  severity: "high",
  remediation: "Set runAsUser to a non-zero UID (e.g. 65532) or leave it to the image's non-root user.",
  validateResource: podSpecRule((pod, report) => {
    if (pod.spec.securityContext?.runAsUser === 0)
      report(`${pod.at("securityContext")}.runAsUser: 0 is root; use a non-zero UID.`);
    for (const c of containersOf(pod)) {
      if (c.container.securityContext?.runAsUser === 0)
        report(`${c.at("securityContext")}.runAsUser: 0 is root; use a non-zero UID.`);
    }
  }),
};

export default rule;
