import { describe, expect, it } from "vitest";
import { deploymentWithSpec, kubernetesCases } from "./cases/kubernetes.js";
import { restrictedPodSpec } from "./fixtures.js";
import { findings, runCases } from "./harness.js";

runCases(kubernetesCases);

describe("pod-spec rules on other workload kinds", () => {
  it("checks a Deployment's pod template like a Job's", async () => {
    const spec = restrictedPodSpec();
    spec.containers[0].securityContext.privileged = true;
    const found = await findings("k8s-no-privileged", [deploymentWithSpec(spec)]);
    expect(found.map((v) => v.message)).toEqual([
      "spec.template.spec.containers[0].securityContext.privileged: true; remove it.",
    ]);
  });

  it("accepts the restricted spec in a Deployment under every pod-spec rule", async () => {
    const podRules = kubernetesCases
      .map((c) => c.rule)
      .filter((r) => !r.startsWith("k8s-cronjob") && r !== "k8s-job-backoff-limit");
    for (const rule of podRules)
      expect(await findings(rule, [deploymentWithSpec(restrictedPodSpec())]), rule).toEqual([]);
  });
});
