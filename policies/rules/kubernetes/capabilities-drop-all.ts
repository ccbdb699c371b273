import { asArray } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { containersOf, isWindowsPod, podSpecRule } from "./podSpec.js";

// Stricter than the baseline profile's add list (AUDIT_WRITE, CHOWN, …), so it covers both levels.

/** Compliant: every container drops ALL capabilities (a Windows pod need not) and adds back at most NET_BIND_SERVICE. */
const rule: MeshResourcePolicy = {
  name: "k8s-capabilities-drop-all",
  description: "Containers drop all Linux capabilities, adding back only NET_BIND_SERVICE (PSS restricted).",
  group: "kubernetes",
  severity: "high",
  remediation:
    'Set securityContext.capabilities to {drop: ["ALL"]} (add: ["NET_BIND_SERVICE"] only if needed).',
  validateResource: podSpecRule((pod, report) => {
    // Windows pods need not drop (Linux) capabilities, as the profile says; they may still add none.
    const mustDrop = !isWindowsPod(pod);
    for (const c of containersOf(pod)) {
      const capabilities = c.container.securityContext?.capabilities;
      if (mustDrop && !asArray(capabilities?.drop).includes("ALL")) {
        report(`${c.at("securityContext")}.capabilities.drop: must include "ALL".`);
      }
      const added = asArray(capabilities?.add).filter((cap) => cap !== "NET_BIND_SERVICE");
      if (added.length > 0)
        report(`${c.at("securityContext")}.capabilities.add: ${added.join(", ")} not allowed; remove them.`);
    }
  }),
};

export default rule;
