import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: every container sets securityContext.allowPrivilegeEscalation to false. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-privilege-escalation",
  description: "Containers forbid privilege escalation (PSS restricted).",
  group: "kubernetes",
  severity: "high",
  remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      if (c.container.securityContext?.allowPrivilegeEscalation !== false) {
        report(`${c.at("securityContext")}.allowPrivilegeEscalation: must be false.`);
      }
    }
  }),
};

export default rule;
