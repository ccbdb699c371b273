import { asArray } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { podSpecRule } from "./podSpec.js";

/** The namespaced sysctls the PSS baseline profile allows. */
export const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

/** Compliant: the pod sets only sysctls from the PSS safe set. */
const rule: MeshResourcePolicy = {
  name: "k8s-safe-sysctls-only",
  description: "Pods set only safe, namespaced sysctls (PSS baseline).",
  group: "kubernetes",
  severity: "medium",
  remediation: `Remove the sysctl; allowed: ${SAFE_SYSCTLS.join(", ")}.`,
  validateResource: podSpecRule((pod, report) => {
    asArray(pod.spec.securityContext?.sysctls).forEach((sysctl: any, i: number) => {
      if (!SAFE_SYSCTLS.includes(sysctl?.name)) {
        report(
          `${pod.at("securityContext")}.sysctls[${i}].name: "${sysctl?.name}" is not a safe sysctl; remove it.`,
        );
      }
    });
  }),
};

export default rule;
