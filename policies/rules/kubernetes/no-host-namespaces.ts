import type { MeshResourcePolicy } from "../types.js";
import { podSpecRule } from "./podSpec.js";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** Compliant: the pod shares none of the host's network, PID or IPC namespaces. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-host-namespaces",
  description: "Pods never share host namespaces (PSS baseline).",
  group: "kubernetes",
  severity: "critical",
  remediation: "Remove hostNetwork, hostPID and hostIPC (or set them to false).",
  validateResource: podSpecRule((pod, report) => {
    for (const field of HOST_NAMESPACES) {
      if (pod.spec[field] === true) report(`${pod.at(field)}: true; remove it.`);
    }
  }),
};

export default rule;
