/**
 * Every shipped stack plans offline (the real program under Pulumi mocks), and a stack whose
 * configuration is wrong fails with a message naming the configuration key. Stack files setting
 * what is not theirs: tenantStack.test.ts; a wrong platform.yaml: platformFile.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";

const STACKS_DIR = fileURLToPath(new URL("../../stacks/", import.meta.url));
const shipped = stackFilePaths(STACKS_DIR);
const tmp = mkdtempSync(join(tmpdir(), "mesh-stacks-"));

/** Writes a copy of a shipped stack file, changed by `edit`, into a temporary folder of its own. */
function variant(from: string, stack: string, edit: (yaml: string) => string): string {
  const original = readFileSync(join(STACKS_DIR, `Pulumi.${from}.yaml`), "utf8");
  const changed = edit(original);
  expect(changed, "the edit must change the stack file").not.toBe(original);
  const path = join(mkdtempSync(join(tmp, "stack-")), `Pulumi.${stack}.yaml`);
  writeFileSync(path, changed);
  return path;
}

interface Failure {
  /** What planStack rejected with. */
  readonly error: Error;
  /** Rejections nobody handled while (and shortly after) planning. */
  readonly unhandled: unknown[];
}

/**
 * Plans a stack file that must fail. Rejections left unhandled meanwhile are collected instead of
 * reaching the test runner (which would report them against the whole file), so a test can assert
 * on them; the runner's own listeners are restored afterwards.
 */
async function planFailure(path: string): Promise<Failure> {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown) => unhandled.push(reason);
  const runnerListeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", collect);
  try {
    let error: Error | undefined;
    try {
      await planStack(readStackFile(path));
    } catch (e) {
      error = e as Error;
    }
    // Let Node report rejections that were left unhandled.
    await new Promise((r) => setTimeout(r, 50));
    if (!error) throw new Error(`${basename(path)} planned without error`);
    return { error, unhandled };
  } finally {
    process.off("unhandledRejection", collect);
    for (const listener of runnerListeners) process.on("unhandledRejection", listener);
  }
}

const planError = async (path: string) => (await planFailure(path)).error;

describe("shipped stacks", () => {
  it("are the six domain-environment stacks", () => {
    expect(shipped.map((p) => basename(p))).toEqual([
      "Pulumi.analytics-dev.yaml",
      "Pulumi.analytics-prod.yaml",
      "Pulumi.customers-dev.yaml",
      "Pulumi.customers-prod.yaml",
      "Pulumi.orders-dev.yaml",
      "Pulumi.orders-prod.yaml",
    ]);
  });

  it.each(
    shipped.map((p) => [basename(p), p]),
  )("%s plans with resources and no errors", async (_name, path) => {
    const file = readStackFile(path);
    const plan = await planStack(file);
    const [domain, environment] = file.name.split("-");
    expect(plan.stack).toBe(file.name);
    expect(plan.resources.length).toBeGreaterThan(0);
    expect(plan.resources.filter((r) => r.type === "mesh:index:Domain").map((r) => r.name)).toEqual([domain]);
    expect(plan.outputs).toMatchObject({ domain, environment, namespace: domain });
    expect(Object.keys(plan.outputs.outputPorts as object).length).toBeGreaterThan(0);
    // Unset secrets are the only thing a plan may note.
    for (const note of plan.notes) expect(note).toMatch(/^mesh:kafkaSasl(Username|Password) is not set/);
    // Every resource is unique by URN.
    expect(new Set(plan.resources.map((r) => r.urn)).size).toBe(plan.resources.length);
  });

  it("plans the same stack twice in one process with the same result", async () => {
    const file = readStackFile(join(STACKS_DIR, "Pulumi.orders-dev.yaml"));
    const first = await planStack(file);
    const second = await planStack(file);
    expect(second.resources.map((r) => r.urn)).toEqual(first.resources.map((r) => r.urn));
    expect(second.outputs).toEqual(first.outputs);
  });

  it("binds each node's resources to its own providers", async () => {
    const plan = await planStack(readStackFile(join(STACKS_DIR, "Pulumi.customers-prod.yaml")));
    const providers = plan.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    expect(providers.map((r) => r.type).sort()).toEqual([
      "pulumi:providers:aws",
      "pulumi:providers:kafka",
      "pulumi:providers:kubernetes",
    ]);
    const aws = providers.find((p) => p.type === "pulumi:providers:aws")!;
    // Provider inputs reach the engine JSON-encoded.
    const accounts = aws.inputs.allowedAccountIds;
    expect(typeof accounts === "string" ? JSON.parse(accounts) : accounts).toEqual(["222222222222"]);
    expect(providers.find((p) => p.type === "pulumi:providers:kubernetes")!.inputs.context).toBe("mesh-prod");
  });
});

describe("misconfigured stacks", () => {
  it("fails when mesh:domain names no declared domain", async () => {
    const path = variant("orders-dev", "billing-dev", (y) =>
      y.replace("mesh:domain: orders", "mesh:domain: billing"),
    );
    const error = await planError(path);
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect(error.message).toBe(
      'mesh:domain "billing" has no declaration in domains/ (known: analytics, customers, orders)',
    );
  });

  it("plans without mesh:domain and mesh:environment: the stack name says both", async () => {
    const path = variant("orders-prod", "orders-prod", (y) =>
      y.replace("  mesh:domain: orders\n", "").replace("  mesh:environment: prod\n", ""),
    );
    const plan = await planStack(readStackFile(path));
    expect(plan.outputs).toMatchObject({ domain: "orders", environment: "prod" });
    expect(plan.resources.some((r) => r.protect)).toBe(true);
  });

  it("refuses a stack whose name is not <domain>-<env>", async () => {
    const path = variant("orders-dev", "orders-qa", (y) =>
      y.replace("mesh:environment: dev", "mesh:environment: qa"),
    );
    expect(() => readStackFile(path)).toThrow(
      /^.*Pulumi\.orders-qa\.yaml: stack "orders-qa" must be named <domain>-<env>, with <env> one of dev, staging, prod/,
    );
  });

  describe("a prod stack file saying mesh:environment: dev (or another domain) is refused", () => {
    const downgraded = () =>
      variant("orders-prod", "orders-prod", (y) =>
        y.replace("mesh:environment: prod", "mesh:environment: dev"),
      );

    it("by mesh plan's stack file reader, naming the file and the key", () => {
      expect(() => readStackFile(downgraded())).toThrow(
        /Pulumi\.orders-prod\.yaml:7: mesh:environment is "dev", but stack orders-prod deploys environment "prod": the stack name decides/,
      );
    });

    it.each([
      [
        "mesh:environment",
        "dev",
        'mesh:environment is "dev", but stack orders-prod deploys environment "prod"',
      ],
      [
        "mesh:domain",
        "customers",
        'mesh:domain is "customers", but stack orders-prod deploys domain "orders"',
      ],
    ])("by the program itself (%s: %s), naming the stack file and the key", async (key, value, message) => {
      // As `pulumi up -s orders-prod` would run it: the program reads the configuration, not the file.
      const file = readStackFile(join(STACKS_DIR, "Pulumi.orders-prod.yaml"));
      const error = await planStack({ ...file, config: { ...file.config, [key]: value } }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(pulumi.RunError);
      expect(error!.message).toBe(
        `stacks/Pulumi.orders-prod.yaml: ${message}: the stack name decides; remove ${key} or set it to "${key === "mesh:domain" ? "orders" : "prod"}"`,
      );
    });
  });

  it("rejects without leaving unhandled rejections behind, so callers can plan on", async () => {
    const path = variant("orders-dev", "nobody-dev", (y) =>
      y.replace("mesh:domain: orders", "mesh:domain: nobody"),
    );
    const { error, unhandled } = await planFailure(path);
    expect(error.message).toMatch(/^mesh:domain "nobody" has no declaration/);
    expect(unhandled.map((u) => (u instanceof Error ? u.message : String(u)))).toEqual([]);
  });

  it("still plans a good stack after failed ones", async () => {
    const plan = await planStack(readStackFile(join(STACKS_DIR, "Pulumi.analytics-dev.yaml")));
    expect(plan.resources.length).toBeGreaterThan(0);
  });
});
