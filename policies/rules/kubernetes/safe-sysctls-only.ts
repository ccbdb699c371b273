import { asArray } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { podSpecRule } from "./podSpec.js";

/**
 * The namespaced sysctls the PSS baseline profile allows, as Pod Security Admission's `sysctls` check
 * lists them in Kubernetes 1.37 (staging/src/k8s.io/pod-security-admission/policy/check_sysctls.go,
 * `sysctlsAllowedV1Dot37`), with the release that added each one after the first five.
 */
export const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports", // 1.27
  "net.ipv4.tcp_keepalive_time", // 1.29
  "net.ipv4.tcp_fin_timeout", // 1.29
  "net.ipv4.tcp_keepalive_intvl", // 1.29
  "net.ipv4.tcp_keepalive_probes", // 1.29
  "net.ipv4.tcp_rmem", // 1.32 (kubernetes/kubernetes#127489)
  "net.ipv4.tcp_wmem", // 1.32
  "net.ipv4.tcp_slow_start_after_idle", // 1.37 (kubernetes/kubernetes#138389)
  "net.ipv4.tcp_notsent_lowat", // 1.37
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
