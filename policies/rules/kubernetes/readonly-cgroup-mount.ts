import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: no container sets securityContext.cgroupOptions.mountMode to anything but ReadOnly. */
const rule: MeshResourcePolicy = {
  name: "k8s-readonly-cgroup-mount",
  description: "Containers mount their cgroup tree read-only (PSS restricted, upstream master).",
  group: "kubernetes",
  severity: "high",
  remediation: 'Remove securityContext.cgroupOptions (or set mountMode: "ReadOnly").',
  // A writable cgroup lets the container raise its own limits and delegate controllers.
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      const mode = c.container.securityContext?.cgroupOptions?.mountMode;
      if (mode !== undefined && mode !== null && mode !== "ReadOnly")
        report(
          `${c.at("securityContext")}.cgroupOptions.mountMode: ${JSON.stringify(mode)}; use "ReadOnly".`,
        );
    }
  }),
};

export default rule;
