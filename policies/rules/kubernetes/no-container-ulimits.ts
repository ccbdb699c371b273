import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: no container sets securityContext.ulimits. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-container-ulimits",
  description: "Containers keep the runtime's default ulimits (PSS baseline, upstream master).",
  group: "kubernetes",
  severity: "medium",
  remediation: "Remove securityContext.ulimits; the runtime's defaults apply.",
  // Raised limits (open files, locked memory, processes) let one container exhaust what the node's
  // other pods and daemons share; only the privileged profile may set them.
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      const ulimits = c.container.securityContext?.ulimits;
      if (ulimits !== undefined && ulimits !== null)
        report(`${c.at("securityContext")}.ulimits: set; remove it.`);
    }
  }),
};

export default rule;
