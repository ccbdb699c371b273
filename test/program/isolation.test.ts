/**
 * A domain's code runs only in its own stack (issue #9, item 4). The fixture mesh in
 * fixtures/hostile has a domain file, payments, whose top-level code creates an IAM attachment of
 * AmazonS3ReadOnlyAccess and a cluster-admin ClusterRoleBinding, and a clean domain, ledger, that
 * consumes payments' product.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { StackPlan } from "../../cli/plan/planStack.js";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { evaluatePolicies } from "../../policies/engine/index.js";
import { deployMeshNode } from "../../program/node.js";
import { confined, readDomains } from "../../program/readDomains.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/hostile/", import.meta.url));
const DOMAINS = join(FIXTURE, "domains");
const stackFile = (stack: string) => join(FIXTURE, "stacks", `Pulumi.${stack}.yaml`);
/** Plans a fixture stack; the platform's settings are the fixture's platform.yaml whatever the domains. */
const planOf = (stack: string, domainsDir = DOMAINS) =>
  planStack(readStackFile(stackFile(stack)), async () => ({
    ...(await deployMeshNode(domainsDir, FIXTURE)),
  }));

const RAW = ["payments-read-every-bucket", "payments-cluster-admin"];
const STACKS = ["ledger-prod", "payments-dev", "payments-prod"];
const MESH = fileURLToPath(new URL("../../bin/mesh.js", import.meta.url));
const PREVIEW = fileURLToPath(new URL("./fixtures/preview.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs node with `args` in `cwd`; resolves with its exit code and output. */
function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
  });
}
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
    // Both run as real Node processes (vitest loads modules its own way): `mesh plan` over the
    // fixture, planning payments twice (dev, prod) in one process, and each stack's program alone.
    const json = join(mkdtempSync(join(tmpdir(), "mesh-isolation-")), "plan.json");
    const [plan, ...previews] = await Promise.all([
      run([MESH, "plan", "--quiet", "--json", json], FIXTURE),
      ...STACKS.map((stack) => run(["--import", TSX, PREVIEW, stackFile(stack), DOMAINS], process.cwd())),
    ]);
    expect(plan.code, plan.stderr).toBe(1); // mandatory violations
    const steps = (JSON.parse(readFileSync(json, "utf8")).stacks as { steps: { urn: string }[] }[]).flatMap(
      (s) => s.steps.map((step) => step.urn),
    );
    const planned = (stack: string) => steps.filter((urn) => urn.startsWith(`urn:pulumi:${stack}::`)).sort();
    STACKS.forEach((stack, i) => {
      expect(previews[i]!.code, previews[i]!.stderr).toBe(0);
      const previewed = JSON.parse(previews[i]!.stdout.trim().split("\n").pop()!) as string[];
      expect(planned(stack), stack).toEqual(previewed.sort());
    });
    const rawIn = (stack: string) => planned(stack).filter((urn) => RAW.some((n) => urn.endsWith(`::${n}`)));
    expect(rawIn("payments-dev")).toHaveLength(2);
    expect(rawIn("payments-prod")).toHaveLength(2); // the helper module ran afresh for the second stack
    expect(rawIn("ledger-prod")).toEqual([]);
    expect(plan.stdout).toMatch(/\[mandatory\] mesh-resources-in-domain\n\s+urn:pulumi:payments-dev::/);
  }, 300_000);

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

  it("reads a domain file kept outside any node_modules, with the platform's packages", async () => {
    const copy = join(mkdtempSync(join(tmpdir(), "mesh-elsewhere-")), "domains");
    cpSync(DOMAINS, copy, { recursive: true });
    const [payments] = await readDomains([join(copy, "payments", "index.ts")]);
    expect(payments!.input.name).toBe("payments");
  });

  it("lets a domain file speak only for its own folder: a forged source line or SQL folder is replaced", () => {
    const file = join(DOMAINS, "payments", "index.ts");
    const ledger = join(DOMAINS, "ledger");
    const def = confined(file, {
      input: {},
      source: `${relative(process.cwd(), ledger)}/index.ts:3`,
      baseDir: ledger,
    });
    expect(def.source).toBe(relative(process.cwd(), file));
    expect(def.baseDir).toBe(join(DOMAINS, "payments"));
  });

  it("gives other domains' files the declaration API under every name the platform exports", async () => {
    const platform = await import("../../components/index.js");
    const declarations = await import("../../program/declarationPlatform.js");
    expect(Object.keys(declarations).sort()).toEqual(Object.keys(platform).sort());
  });
});
