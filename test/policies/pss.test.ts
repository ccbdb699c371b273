/**
 * The pack against the upstream Pod Security Standards: every check Pod Security Admission runs at
 * the baseline and restricted levels of Kubernetes 1.37 maps to rules that exist, apply to every
 * workload kind, and flag a pod failing that check (the failing pods follow upstream's own
 * fixtures, staging/src/k8s.io/pod-security-admission/test/fixtures_<check>.go).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOCS_PATH } from "../../policies/docs.js";
import type { PlannedResource } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import { POD_SPEC_HOLDERS } from "../../policies/rules/kubernetes/podSpec.js";
import {
  PSS_CHECK_COVERAGE,
  PSS_KUBERNETES_VERSION,
  renderPssCoverageTable,
} from "../../policies/rules/kubernetes/pssCoverage.js";
import { appliesTo } from "../../policies/rules/shared/resource.js";
import { deploymentWithSpec, kubernetesCases } from "./cases/kubernetes.js";
import { restrictedPodSpec, WORKLOAD_KINDS, workload } from "./fixtures.js";
import { findings } from "./harness.js";
import { SPARK_FAILURES, UPSTREAM_FAILURES, type UpstreamFailure } from "./pssFailures.js";
import { inEverySparkKind } from "./sparkFixtures.js";

/**
 * Vendored: the checks registered (`addCheck`) in Kubernetes 1.37's Pod Security Admission,
 * https://github.com/kubernetes/kubernetes/tree/release-1.37/staging/src/k8s.io/pod-security-admission/policy
 * (the same check files as release-1.36; 1.37 only adds sysctls), with their level. `master` lists
 * the checks already registered on upstream's master branch for a later release. Update with each
 * Kubernetes release; `since` notes the newest revision of a check.
 */
const UPSTREAM_CHECKS = {
  version: "1.37",
  checks: [
    { id: "hostNamespaces", level: "baseline", file: "check_hostNamespaces.go" },
    { id: "privileged", level: "baseline", file: "check_privileged.go" },
    { id: "windowsHostProcess", level: "baseline", file: "check_windowsHostProcess.go" },
    { id: "capabilities_baseline", level: "baseline", file: "check_capabilities_baseline.go" },
    { id: "hostPathVolumes", level: "baseline", file: "check_hostPathVolumes.go" },
    { id: "hostPorts", level: "baseline", file: "check_hostPorts.go" },
    { id: "appArmorProfile", level: "baseline", file: "check_appArmorProfile.go", since: "1.30 fields" },
    { id: "seLinuxOptions", level: "baseline", file: "check_seLinuxOptions.go", since: "1.31 engine_t" },
    // File renamed check_procMount_baseline.go in 1.35; master renames the id procMount_baseline too.
    { id: "procMount", level: "baseline", file: "check_procMount_baseline.go", since: "1.35" },
    { id: "seccompProfile_baseline", level: "baseline", file: "check_seccompProfile_baseline.go" },
    { id: "sysctls", level: "baseline", file: "check_sysctls.go", since: "1.37" },
    {
      id: "hostProbesAndHostLifecycle",
      level: "baseline",
      file: "check_hostProbesAndhostLifecycle.go",
      since: "1.34",
    },
    { id: "restrictedVolumes", level: "restricted", file: "check_restrictedVolumes.go", since: "1.33 image" },
    {
      id: "allowPrivilegeEscalation",
      level: "restricted",
      file: "check_allowPrivilegeEscalation.go",
      since: "1.25",
    },
    { id: "runAsNonRoot", level: "restricted", file: "check_runAsNonRoot.go", since: "1.35" },
    { id: "runAsUser", level: "restricted", file: "check_runAsUser.go", since: "1.35" },
    {
      id: "seccompProfile_restricted",
      level: "restricted",
      file: "check_seccompProfile_restricted.go",
      since: "1.25",
    },
    {
      id: "capabilities_restricted",
      level: "restricted",
      file: "check_capabilities_restricted.go",
      since: "1.25",
    },
    { id: "procMount_restricted", level: "restricted", file: "check_procMount_restricted.go", since: "1.35" },
  ],
  master: [
    { id: "ulimits", level: "baseline", file: "check_ulimits_baseline.go" },
    { id: "cgroupOptions_restricted", level: "restricted", file: "check_cgroupOptions_restricted.go" },
  ],
} as const;

/** The failing pod as every workload kind the mesh emits with a plain pod template. */
function failingWorkloads(failure: UpstreamFailure): PlannedResource[] {
  const spec = () => {
    const s = restrictedPodSpec();
    failure.mutate(s);
    return s;
  };
  const metadata = failure.podAnnotations ? { annotations: failure.podAnnotations } : undefined;
  const kinds = WORKLOAD_KINDS.map((kind) => workload(kind, spec(), metadata));
  if (!failure.podAnnotations) kinds.push(deploymentWithSpec(spec()));
  return kinds;
}

const upstreamChecks = [...UPSTREAM_CHECKS.checks, ...UPSTREAM_CHECKS.master];
const upstreamIds = upstreamChecks.map((c) => c.id);

describe(`Pod Security Standards (Kubernetes ${UPSTREAM_CHECKS.version}) coverage`, () => {
  it("covers the release the upstream list was taken from", () => {
    expect(PSS_KUBERNETES_VERSION).toBe(UPSTREAM_CHECKS.version);
  });

  it("maps every upstream check, at its level, and nothing else", () => {
    expect(Object.keys(PSS_CHECK_COVERAGE).sort()).toEqual([...upstreamIds].sort());
    for (const check of upstreamChecks) {
      expect(PSS_CHECK_COVERAGE[check.id]?.level, check.id).toBe(check.level);
    }
  });

  it("maps each check to registered pod-spec rules that apply to every workload kind and have cases", () => {
    const withCases = new Set(kubernetesCases.map((c) => c.rule));
    for (const [id, coverage] of Object.entries(PSS_CHECK_COVERAGE)) {
      expect(coverage.rules.length, id).toBeGreaterThan(0);
      for (const name of coverage.rules) {
        const rule = allRules.find((r) => r.name === name);
        expect(rule, `${id} → ${name}`).toBeDefined();
        expect(rule!.group).toBe("kubernetes");
        const types = "validateResource" in rule! ? appliesTo(rule.validateResource as any) : undefined;
        expect([...(types ?? [])].sort(), name).toEqual([...POD_SPEC_HOLDERS].sort());
        expect(withCases.has(name), `${name} has test cases`).toBe(true);
      }
    }
  });

  it.each(upstreamIds)("flags a pod failing upstream's %s check in every workload kind", async (id) => {
    const failure = UPSTREAM_FAILURES[id];
    expect(failure, `no failing pod for ${id}`).toBeDefined();
    const rules = PSS_CHECK_COVERAGE[id]!.rules;
    for (const resource of failingWorkloads(failure!)) {
      const found = (await Promise.all(rules.map((rule) => findings(rule, [resource])))).flat();
      expect(found.length, `${id} on ${resource.type}`).toBeGreaterThan(0);
    }
  });

  it.each(upstreamIds)("flags a Spark driver or executor failing upstream's %s check", async (id) => {
    const mutate = SPARK_FAILURES[id];
    expect(mutate, `no failing Spark application for ${id}`).toBeDefined();
    const rules = PSS_CHECK_COVERAGE[id]!.rules;
    for (const scenario of inEverySparkKind(id, mutate!)) {
      const found = (await Promise.all(rules.map((rule) => findings(rule, scenario.resources())))).flat();
      expect(found.length, scenario.name).toBeGreaterThan(0);
    }
  });

  it("passes the restricted pod spec under every mapped rule", async () => {
    const rules = new Set(Object.values(PSS_CHECK_COVERAGE).flatMap((c) => c.rules));
    for (const rule of rules) {
      for (const kind of WORKLOAD_KINDS)
        expect(await findings(rule, [workload(kind, restrictedPodSpec())]), rule).toEqual([]);
    }
  });

  it("docs/policies.md carries the coverage table", () => {
    const docs = readFileSync(DOCS_PATH, "utf8");
    const start = docs.indexOf("<!-- pss:start");
    const end = docs.indexOf("<!-- pss:end -->");
    expect(start).toBeGreaterThan(0);
    const between = docs.slice(docs.indexOf("\n", start) + 1, end).trim();
    expect(between).toBe(renderPssCoverageTable());
  });
});
