import type { MeshResourcePolicy } from "../types.js";
import { containersOf, isWindowsPod, podSpecRule } from "./podSpec.js";

const ALLOWED = ["RuntimeDefault", "Localhost"];

/** Compliant: every container's seccomp profile (own or pod-level) is RuntimeDefault or Localhost (a Windows pod may leave it unset); none is Unconfined. */
const rule: MeshResourcePolicy = {
  name: "k8s-seccomp-runtime-default",
  description: "Containers run under the RuntimeDefault or a Localhost seccomp profile (PSS restricted).",
  group: "kubernetes",
  severity: "high",
  remediation: 'Set spec.securityContext.seccompProfile.type: "RuntimeDefault" on the pod.',
  validateResource: podSpecRule((pod, report) => {
    const unsetAllowed = isWindowsPod(pod);
    const podType = pod.spec.securityContext?.seccompProfile?.type;
    if (podType !== undefined && !ALLOWED.includes(podType)) {
      report(`${pod.at("securityContext")}.seccompProfile.type: "${podType}"; use "RuntimeDefault".`);
    }
    for (const c of containersOf(pod)) {
      const own = c.container.securityContext?.seccompProfile?.type;
      if (own !== undefined && !ALLOWED.includes(own)) {
        report(`${c.at("securityContext")}.seccompProfile.type: "${own}"; use "RuntimeDefault".`);
      } else if (own === undefined && !ALLOWED.includes(podType) && !unsetAllowed) {
        report(
          `${c.at("securityContext")}.seccompProfile: unset and not set on the pod; set "RuntimeDefault".`,
        );
      }
    }
  }),
};

export default rule;
