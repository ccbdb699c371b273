import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

const REQUIRED = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"] as const;

/** Compliant: every container and init container sets cpu and memory requests and limits. */
const rule: MeshResourcePolicy = {
  name: "k8s-resources-requests-and-limits",
  description: "Containers declare cpu and memory requests and limits.",
  group: "kubernetes",
  severity: "medium",
  remediation: "Set resources.requests and resources.limits (cpu and memory) on every container.",
  validateResource: podSpecRule((pod, report) => {
    // Ephemeral containers cannot declare resources, so only regular and init containers are checked.
    for (const c of containersOf(pod, ["initContainers", "containers"])) {
      const missing = REQUIRED.filter((path) => {
        const [kind, resource] = path.split(".") as [string, string];
        return c.container.resources?.[kind]?.[resource] === undefined;
      });
      if (missing.length > 0) report(`${c.path}.resources: missing ${missing.join(", ")}; set them.`);
    }
  }),
};

export default rule;
