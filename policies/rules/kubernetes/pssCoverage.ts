/**
 * How the pack covers the Kubernetes Pod Security Standards: every check of Pod Security Admission's
 * baseline and restricted levels, by the id Kubernetes gives it
 * (staging/src/k8s.io/pod-security-admission/policy/check_*.go), mapped to the mesh rules that
 * enforce it, plus the checks already on upstream's master branch for the next release.
 * test/policies/pss.test.ts vendors the upstream list of check ids and fails when one has no rule
 * here; docs/policies.md shows this table.
 *
 * Where the mesh is stricter than the profile, `note` says how: the rules enforce restricted
 * everywhere, and relax nothing for user-namespaced pods (`hostUsers: false`).
 */
export type PssLevel = "baseline" | "restricted";

export interface PssCheckCoverage {
  readonly level: PssLevel;
  /** The mesh rules that together enforce the check. */
  readonly rules: readonly string[];
  readonly note?: string;
}

/** The Kubernetes release whose Pod Security Admission checks this table covers. */
export const PSS_KUBERNETES_VERSION = "1.37";

export const PSS_CHECK_COVERAGE: Readonly<Record<string, PssCheckCoverage>> = {
  hostNamespaces: { level: "baseline", rules: ["k8s-no-host-namespaces"] },
  privileged: { level: "baseline", rules: ["k8s-no-privileged"] },
  windowsHostProcess: { level: "baseline", rules: ["k8s-no-privileged"] },
  capabilities_baseline: {
    level: "baseline",
    rules: ["k8s-capabilities-drop-all"],
    note: "stricter: only NET_BIND_SERVICE may be added, not the baseline default set",
  },
  hostPathVolumes: { level: "baseline", rules: ["k8s-restricted-volume-types"] },
  hostPorts: { level: "baseline", rules: ["k8s-no-host-ports"] },
  appArmorProfile: {
    level: "baseline",
    rules: ["k8s-apparmor-not-unconfined"],
    note: "field (pod and container) and legacy annotation",
  },
  seLinuxOptions: { level: "baseline", rules: ["k8s-selinux-options-restricted"] },
  procMount: {
    level: "baseline",
    rules: ["k8s-default-proc-mount"],
    note: "stricter: no Unmasked /proc for user-namespaced pods either",
  },
  seccompProfile_baseline: { level: "baseline", rules: ["k8s-seccomp-runtime-default"] },
  sysctls: { level: "baseline", rules: ["k8s-safe-sysctls-only"] },
  hostProbesAndHostLifecycle: { level: "baseline", rules: ["k8s-no-probe-host"] },
  ulimits: {
    level: "baseline",
    rules: ["k8s-no-container-ulimits"],
    note: "on upstream master (KEP-5758), not yet in a release",
  },
  restrictedVolumes: {
    level: "restricted",
    rules: ["k8s-restricted-volume-types"],
    note: "stricter: no `image` volumes (allowed upstream since 1.33; their images are not pin-checked)",
  },
  allowPrivilegeEscalation: {
    level: "restricted",
    rules: ["k8s-no-privilege-escalation"],
    note: "Windows pods may leave it unset, never set it true",
  },
  runAsNonRoot: {
    level: "restricted",
    rules: ["k8s-run-as-non-root"],
    note: "stricter: required for user-namespaced pods too",
  },
  runAsUser: {
    level: "restricted",
    rules: ["k8s-run-as-non-zero-uid"],
    note: "stricter: UID 0 denied for user-namespaced pods too",
  },
  seccompProfile_restricted: {
    level: "restricted",
    rules: ["k8s-seccomp-runtime-default"],
    note: "Windows pods may leave it unset, never set Unconfined",
  },
  capabilities_restricted: {
    level: "restricted",
    rules: ["k8s-capabilities-drop-all"],
    note: "Windows pods need not drop ALL, never add more than NET_BIND_SERVICE",
  },
  procMount_restricted: { level: "restricted", rules: ["k8s-default-proc-mount"] },
  cgroupOptions_restricted: {
    level: "restricted",
    rules: ["k8s-readonly-cgroup-mount"],
    note: "on upstream master for 1.38, not yet in a release",
  },
};

/** The coverage as a markdown table, one row per check, as docs/policies.md carries it. */
export function renderPssCoverageTable(coverage = PSS_CHECK_COVERAGE): string {
  const rows = Object.entries(coverage).map(
    ([id, c]) =>
      `| \`${id}\` | ${c.level} | ${c.rules.map((r) => `\`${r}\``).join(", ")} | ${c.note ?? ""} |`,
  );
  return ["| Upstream check | Level | Rules | Note |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
