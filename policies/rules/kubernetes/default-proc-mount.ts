import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: no container sets procMount other than Default. */
const rule: MeshResourcePolicy = {
  name: "k8s-default-proc-mount",
  description: "Containers keep the default (masked) /proc mount (PSS baseline).",
  group: "kubernetes",
  severity: "medium",
  remediation: "Remove securityContext.procMount (or set it to Default).",
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      const procMount = c.container.securityContext?.procMount;
      if (procMount !== undefined && procMount !== "Default")
        report(`${c.at("securityContext")}.procMount: "${procMount}"; remove it.`);
    }
  }),
};

export default rule;
