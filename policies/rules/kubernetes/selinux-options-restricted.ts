import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

const ALLOWED_TYPES = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

/** Why an seLinuxOptions value is not allowed, or undefined when it is. */
function problems(options: any): string[] {
  if (!options) return [];
  const found: string[] = [];
  if (options.type !== undefined && !ALLOWED_TYPES.includes(options.type))
    found.push(`type "${options.type}"`);
  if (options.user) found.push(`user "${options.user}"`);
  if (options.role) found.push(`role "${options.role}"`);
  return found;
}

/** Compliant: seLinuxOptions set no user or role, and type only a container type (container_t, …). */
const rule: MeshResourcePolicy = {
  name: "k8s-selinux-options-restricted",
  description: "Pods never set custom SELinux users, roles or non-container types (PSS baseline).",
  group: "kubernetes",
  severity: "medium",
  remediation: "Remove seLinuxOptions.user and .role; use type container_t or leave it unset.",
  validateResource: podSpecRule((pod, report) => {
    const podProblems = problems(pod.spec.securityContext?.seLinuxOptions);
    if (podProblems.length > 0)
      report(`${pod.at("securityContext")}.seLinuxOptions: ${podProblems.join(", ")} not allowed.`);
    for (const c of containersOf(pod)) {
      const found = problems(c.container.securityContext?.seLinuxOptions);
      if (found.length > 0)
        report(`${c.at("securityContext")}.seLinuxOptions: ${found.join(", ")} not allowed.`);
    }
  }),
};

export default rule;
