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
      if (missing.length === 0) continue;
      // A Spark pod's resources come from other fields (cores, coreLimit, memory): name those.
      const fields = [...new Set(missing.map((m) => c.at(`resources.${m}`)))];
      if (missing.every((m) => c.at(`resources.${m}`) === `${c.at("resources")}.${m}`))
        report(`${c.at("resources")}: missing ${missing.join(", ")}; set them.`);
      else
        report(
          `${fields.join(", ")}: unset, so the pod has no ${missing.join(", ")}; set ${fields.length > 1 ? "them" : "it"}.`,
        );
    }
  }),
};

export default rule;
