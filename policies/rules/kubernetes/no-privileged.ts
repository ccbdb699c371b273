import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: no container is privileged and no pod or container is a Windows HostProcess. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-privileged",
  description: "Containers never run privileged or as Windows HostProcess (PSS baseline).",
  group: "kubernetes",
  severity: "critical",
  remediation: "Remove securityContext.privileged and windowsOptions.hostProcess (or set them to false).",
  validateResource: podSpecRule((pod, report) => {
    if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) {
      report(`${pod.at("securityContext")}.windowsOptions.hostProcess: true; remove it.`);
    }
    for (const c of containersOf(pod)) {
      const sc = c.container.securityContext;
      if (sc?.privileged === true) report(`${c.at("securityContext")}.privileged: true; remove it.`);
      if (sc?.windowsOptions?.hostProcess === true)
        report(`${c.at("securityContext")}.windowsOptions.hostProcess: true; remove it.`);
    }
  }),
};

export default rule;
