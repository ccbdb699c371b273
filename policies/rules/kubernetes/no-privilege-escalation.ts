import type { MeshResourcePolicy } from "../types.js";
import { containersOf, isWindowsPod, podSpecRule } from "./podSpec.js";

/** Compliant: every container sets securityContext.allowPrivilegeEscalation to false (a Windows pod may leave it unset). */
const rule: MeshResourcePolicy = {
  name: "k8s-no-privilege-escalation",
  description: "Containers forbid privilege escalation (PSS restricted).",
  group: "kubernetes",
  severity: "high",
  remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
  validateResource: podSpecRule((pod, report) => {
    // The profile exempts Windows pods from setting the (Linux-only) field, not from enabling it.
    const unsetAllowed = isWindowsPod(pod);
    for (const c of containersOf(pod)) {
      const value = c.container.securityContext?.allowPrivilegeEscalation;
      if (value === false || (value === undefined && unsetAllowed)) continue;
      report(`${c.at("securityContext")}.allowPrivilegeEscalation: must be false.`);
    }
  }),
};

export default rule;
