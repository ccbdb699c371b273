/**
 * A domain's code runs only in its own stack (issue #9, item 4). The fixture mesh in
 * fixtures/hostile has a domain file, payments, whose top-level code creates an IAM attachment of
 * AmazonS3ReadOnlyAccess and a cluster-admin ClusterRoleBinding, and a clean domain, ledger, that
 * consumes payments' product.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import type { StackPlan } from "../../cli/plan/planStack.js";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { evaluatePolicies } from "../../policies/engine/index.js";
import { deployMeshNode } from "../../program/node.js";
import { readDomains } from "../../program/readDomains.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/hostile/", import.meta.url));
const DOMAINS = join(FIXTURE, "domains");
const stackFile = (stack: string) => join(FIXTURE, "stacks", `Pulumi.${stack}.yaml`);
const planOf = (stack: string, domainsDir = DOMAINS) =>
  planStack(readStackFile(stackFile(stack)), async () => ({ ...(await deployMeshNode(domainsDir)) }));

const RAW = ["payments-read-every-bucket", "payments-cluster-admin"];
const raw = (plan: StackPlan) => plan.resources.filter((r) => RAW.includes(r.name));
/** How often the payments file's top-level code ran in this process. */
const paymentsRuns = () => (globalThis as { paymentsFileRuns?: number }).paymentsFileRuns ?? 0;

describe("a domain's code runs only in its own stack", () => {
  it("another domain's top-level code does not run in a stack; its declaration arrives as data", async () => {
    const before = paymentsRuns();
    const plan = await planOf("ledger-prod");
    expect(paymentsRuns()).toBe(before);
    expect(raw(plan)).toEqual([]);
    expect(plan.resources.filter((r) => r.type.startsWith("kubernetes:rbac"))).toEqual([]);
    // ledger planned against payments' declaration (without it the mesh would not validate).
    expect(JSON.stringify(plan.resources)).toContain("payments__payments=payments_prod.payments_v1");
  });

  it("the own stack registers what its file creates, and mesh-resources-in-domain refuses it", async () => {
    const before = paymentsRuns();
    const plan = await planOf("payments-prod");
    expect(paymentsRuns()).toBe(before + 1);
    expect(
      raw(plan)
        .map((r) => r.type)
        .sort(),
    ).toEqual([
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    ]);
    for (const environment of ["prod", "dev"]) {
      const violations = await evaluatePolicies([...plan.resources], { environment });
      const refused = violations.filter((v) => v.policy === "mesh-resources-in-domain");
      expect(refused.map((v) => v.urn).sort()).toEqual(
        raw(plan)
          .map((r) => r.urn)
          .sort(),
      );
      expect(refused.every((v) => v.level === "mandatory")).toBe(true);
    }
  });

  it("mesh-resources-in-domain passes a clean stack", async () => {
    const violations = await evaluatePolicies([...(await planOf("ledger-prod")).resources], {
      environment: "prod",
    });
    expect(violations.filter((v) => v.policy === "mesh-resources-in-domain")).toEqual([]);
  });

  it("mesh plan registers exactly what each stack's program registers alone, as pulumi preview runs it", async () => {
    const json = join(mkdtempSync(join(tmpdir(), "mesh-isolation-")), "plan.json");
    const out: string[] = [];
    const io = { out: (l = "") => out.push(l), err: (l = "") => out.push(l) };
    expect(await main(["plan", "--quiet", "--json", json], io, FIXTURE)).toBe(1);
    const stacks = JSON.parse(readFileSync(json, "utf8")).stacks as {
      stack?: string;
      steps: { urn: string }[];
      policyViolations: { policyName?: string; policy?: string; urn?: string; level: string }[];
    }[];
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const script = fileURLToPath(new URL("./fixtures/preview.ts", import.meta.url));
    const previewed = (stack: string): string[] => {
      const run = spawnSync(process.execPath, ["--import", tsx, script, stackFile(stack), DOMAINS], {
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout.trim().split("\n").pop()!);
    };
    const planned = (stack: string) =>
      stacks
        .flatMap((s) => s.steps.map((step) => step.urn))
        .filter((urn) => urn.startsWith(`urn:pulumi:${stack}::`));
    for (const stack of ["ledger-prod", "payments-prod"]) {
      expect(planned(stack).sort()).toEqual(previewed(stack).sort());
    }
    const hostile = planned("payments-prod").filter((urn) => RAW.some((n) => urn.endsWith(`::${n}`)));
    expect(hostile).toHaveLength(2);
    expect(planned("ledger-prod").filter((urn) => RAW.some((n) => urn.endsWith(`::${n}`)))).toEqual([]);
    expect(out.join("\n")).toMatch(/\[mandatory\] mesh-resources-in-domain\n\s+urn:pulumi:payments-prod::/);
  }, 180_000);

  it("refuses a domain file that hooks resource registration with a stack transformation", async () => {
    const hooked = fileURLToPath(new URL("./fixtures/hooked/domains", import.meta.url));
    await expect(planOf("payments-prod", hooked)).rejects.toThrow(
      /fixtures\/hooked\/domains\/payments\/index\.ts:\d+: registers a resource transformation/,
    );
  });

  it("names the file of another domain that fails to load, without running it here", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-broken-"));
    const file = join(dir, "index.ts");
    writeFileSync(file, 'throw new Error("broken on purpose");\nexport default {};\n');
    await expect(readDomains([file])).rejects.toThrow(/index\.ts: failed to load: broken on purpose/);
  });

  it("gives other domains' files the declaration API under every name the platform exports", async () => {
    const platform = await import("../../components/index.js");
    const declarations = await import("../../program/declarationPlatform.js");
    expect(Object.keys(declarations).sort()).toEqual(Object.keys(platform).sort());
  });
});
