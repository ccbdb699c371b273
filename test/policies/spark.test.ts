import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import { POD_SPEC_HOLDERS, podSpecsOf } from "../../policies/rules/kubernetes/podSpec.js";
import { appliesTo } from "../../policies/rules/shared/resource.js";
import { sparkCases } from "./cases/spark.js";
import { findings, runCases } from "./harness.js";
import { restrictedSparkApp, SPARK_KINDS, SPARK_TYPES, sparkWorkload } from "./sparkFixtures.js";

runCases(sparkCases);

describe("Spark applications under the Kubernetes rules", () => {
  it("are pod-spec holders under the type tokens @pulumi/kubernetes gives CustomResources", () => {
    expect(POD_SPEC_HOLDERS).toEqual(
      expect.arrayContaining([
        "kubernetes:sparkoperator.k8s.io/v1beta2:SparkApplication",
        "kubernetes:sparkoperator.k8s.io/v1beta2:ScheduledSparkApplication",
      ]),
    );
  });

  it.each(SPARK_KINDS)("a %s has a driver and an executor pod, named by their own fields", (kind) => {
    const app = sparkWorkload(kind, restrictedSparkApp());
    const pods = podSpecsOf(SPARK_TYPES[kind], app.inputs);
    const base = kind === "SparkApplication" ? "spec" : "spec.template";
    expect(pods.map((p) => p.path)).toEqual([`${base}.driver`, `${base}.executor`]);
    const [driver, executor] = pods;
    expect(driver!.spec.serviceAccountName).toBe("orders-v1-transform");
    expect(driver!.at("securityContext")).toBe(`${base}.driver.podSecurityContext`);
    expect(executor!.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(executor!.containers!.map((c) => [c.container.name, c.path])).toEqual([
      ["spark-kubernetes-executor", `${base}.executor`],
    ]);
    expect(executor!.containers![0]!.container.image).toMatch(/@sha256:/);
    expect(executor!.spec.volumes.map((v: any) => v.name)).toEqual(["sql", "tmp"]);
  });

  it("reports a driver and an executor fault separately, each at its own path", async () => {
    const app = restrictedSparkApp();
    app.driver.securityContext.privileged = true;
    app.executor.securityContext.privileged = true;
    const found = await findings("k8s-no-privileged", [sparkWorkload("ScheduledSparkApplication", app)]);
    expect(found.map((v) => v.message)).toEqual([
      "spec.template.driver.securityContext.privileged: true; remove it.",
      "spec.template.executor.securityContext.privileged: true; remove it.",
    ]);
  });

  it("reports a fault the pods share (the application's image) once", async () => {
    const app = restrictedSparkApp();
    app.image = "apache/spark:latest";
    const found = await findings("k8s-image-pinned", [sparkWorkload("SparkApplication", app)]);
    expect(found.map((v) => v.message)).toEqual([
      'spec.image: "apache/spark:latest" is not pinned; use a version tag or digest.',
    ]);
  });

  it("judges an absent executor spec by Spark's defaults: no service account, no security context", async () => {
    const app = restrictedSparkApp();
    delete app.executor;
    const resources = [sparkWorkload("SparkApplication", app)];
    expect((await findings("k8s-not-default-service-account", resources)).map((v) => v.message)).toEqual([
      "spec.executor.serviceAccount: unset; name a dedicated service account.",
    ]);
    expect(await findings("k8s-run-as-non-root", resources)).toHaveLength(1);
  });

  it.each(SPARK_KINDS)("the platform's %s passes every rule at prod levels", async (kind) => {
    const violations = await evaluatePolicies([sparkWorkload(kind, restrictedSparkApp())], {
      environment: "prod",
    });
    expect(violations).toEqual([]);
  });

  it("the platform's application passes with image digests required", async () => {
    const found = await evaluatePolicies([sparkWorkload("ScheduledSparkApplication", restrictedSparkApp())], {
      environment: "prod",
      config: { "k8s-image-pinned": { requireDigest: true } },
    });
    expect(found).toEqual([]);
  });

  it("every pod-spec rule applies to both Spark kinds", () => {
    const podRules = allRules
      .map((r) => ({ name: r.name, appliesTo: appliesTo((r as any).validateResource ?? (() => {})) }))
      .filter((r) => r.appliesTo?.has("kubernetes:core/v1:Pod"));
    expect(podRules.length).toBeGreaterThan(15);
    for (const rule of podRules) {
      for (const type of Object.values(SPARK_TYPES))
        expect(rule.appliesTo!.has(type), `${rule.name} ${type}`).toBe(true);
    }
  });
});
