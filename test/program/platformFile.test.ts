/**
 * platform.yaml, the platform team's settings per environment: the one place the program and
 * `mesh plan` read them from; a wrong file is refused naming platform.yaml, the line and the path.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { Output } from "../../cli/io.js";
import { main } from "../../cli/mesh.js";
import { planStack } from "../../cli/plan/planStack.js";
import { WORKERS_SANDBOXED } from "../../cli/plan/pool.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { deployMeshNode } from "../../program/node.js";
import { PlatformFileError, platformSettingsFor, readPlatformFile } from "../../program/platformFile.js";

const SHIPPED = readFileSync("platform.yaml", "utf8");

/** A project folder holding only platform.yaml, changed by `edit`. */
function platformRoot(edit: (yaml: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "mesh-platform-"));
  const changed = edit(SHIPPED);
  expect(changed, "the edit must change platform.yaml").not.toBe(SHIPPED);
  writeFileSync(join(root, "platform.yaml"), changed);
  return root;
}

const where = (root: string) => relative(process.cwd(), join(root, "platform.yaml"));

/** The 1-based line of the `nth` line of `text` that starts (after indentation) with `start`. */
function lineOf(text: string, start: string, nth = 1): number {
  const lines = text.split("\n");
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trimStart().startsWith(start) && ++seen === nth) return i + 1;
  }
  throw new Error(`no line ${start}`);
}

const refusal = (root: string): Error => {
  try {
    readPlatformFile(root);
  } catch (e) {
    return e as Error;
  }
  throw new Error("platform.yaml was accepted");
};

describe("platform.yaml", () => {
  it("holds the settings of dev and prod, read per environment", () => {
    expect(platformSettingsFor(".", "dev").accountId).toBe("111111111111");
    expect(platformSettingsFor(".", "prod").accountId).toBe("222222222222");
    expect(platformSettingsFor(".", "prod").kubernetes.context).toBe("mesh-prod");
  });

  it.each([
    [
      "a malformed account ID",
      (y: string) => y.replace('accountId: "111111111111"', 'accountId: "1111"'),
      "accountId:",
      1,
      "environments.dev.accountId: accountId must be a 12-digit AWS account ID",
    ],
    [
      "a runner tagged latest in prod",
      (y: string) => y.replace(/(prod:[\s\S]*?)tag: 0\.1\.0/, "$1tag: latest"),
      "tag:",
      2,
      'environments.prod.runner.tag: tag must be pinned to a release, not "latest"',
    ],
    [
      "a digest that is not sha256 in prod",
      (y: string) => y.replace(/(prod:[\s\S]*?)digest: sha256:[a-f0-9]+/, "$1digest: md5:abc"),
      "digest:",
      2,
      'environments.prod.runner.digest: digest must be "sha256:" and 64 hex digits',
    ],
    [
      "an OIDC provider that is not an IAM ARN",
      (y: string) => y.replace("oidcProviderArn: arn:aws:iam::", "oidcProviderArn: arn:aws:kms::"),
      "oidcProviderArn:",
      1,
      "environments.dev.kubernetes.oidcProviderArn: oidcProviderArn must be an iam ARN",
    ],
    [
      "a bootstrap server without a port",
      (y: string) =>
        y.replace(
          "b-1.mesh-dev.kafka.eu-west-1.amazonaws.com:9096",
          "b-1.mesh-dev.kafka.eu-west-1.amazonaws.com",
        ),
      "- b-1.mesh-dev",
      1,
      'environments.dev.kafka.bootstrapServers.0: bootstrap servers are "host:port"',
    ],
    [
      "an unknown platform key",
      (y: string) => y.replace("    region: eu-west-1\n", "    region: eu-west-1\n    colour: blue\n"),
      "colour:",
      1,
      "environments.dev.colour: unknown key; expected namePrefix, accountId, region, warehouse, kafka, kubernetes, runner, ingestion, openLineage",
    ],
    [
      "an environment the mesh does not know",
      (y: string) => y.replace("  prod:\n", "  qa:\n"),
      "qa:",
      1,
      "environments.qa: unknown key; expected dev, staging, prod",
    ],
  ])("is refused with %s, naming platform.yaml, the line and the path", (_label, edit, key, nth, message) => {
    const root = platformRoot(edit);
    const error = refusal(root);
    expect(error).toBeInstanceOf(PlatformFileError);
    const text = readFileSync(join(root, "platform.yaml"), "utf8");
    expect(error.message).toBe(`${where(root)}:${lineOf(text, key, nth)}: ${message}`);
  });

  it("is refused when it is not valid YAML, naming the line", () => {
    const root = platformRoot((y) => y.replace("    region: eu-west-1\n", "    region: [eu-west-1\n"));
    expect(refusal(root).message).toMatch(new RegExp(`^${where(root)}:\\d+: not valid YAML: `));
  });

  it("is refused when it repeats a key (a second runner would silently win)", () => {
    const root = platformRoot((y) => y.replace("  dev:\n", "  dev:\n    namePrefix: evil\n"));
    expect(refusal(root).message).toMatch(new RegExp(`^${where(root)}:\\d+: not valid YAML: .*unique`));
  });

  it("is required: without it no stack plans", () => {
    const root = mkdtempSync(join(tmpdir(), "mesh-platform-"));
    expect(refusal(root).message).toMatch(/platform\.yaml: not found; the platform team's settings/);
  });

  it("must have a block for the stack's environment", () => {
    const root = platformRoot((y) => y.slice(0, y.indexOf("  prod:\n")));
    expect(() => platformSettingsFor(root, "prod")).toThrow(
      `${where(root)}:${lineOf(SHIPPED, "environments:")}: environments.prod is not set: the platform team has not set up the prod environment (set up: dev)`,
    );
  });
});

describe("the program and mesh plan read platform.yaml", () => {
  it("the program refuses a stack whose platform.yaml is invalid, as a RunError naming file, line and path", async () => {
    const root = platformRoot((y) =>
      y.replace(/(prod:[\s\S]*?)digest: sha256:[a-f0-9]+/, "$1digest: md5:abc"),
    );
    const file = readStackFile("stacks/Pulumi.orders-prod.yaml");
    const error = await planStack(file, async () => ({
      ...(await deployMeshNode(join(process.cwd(), "domains"), root)),
    })).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect(error!.message).toBe(
      `${where(root)}:${lineOf(SHIPPED, "digest:", 2)}: environments.prod.runner.digest: digest must be "sha256:" and 64 hex digits`,
    );
  });

  it("the program deploys with platform.yaml's settings for the stack's environment", async () => {
    const root = platformRoot((y) =>
      y.replace(/(prod:[\s\S]*?)context: mesh-prod/, "$1context: mesh-prod-2"),
    );
    const plan = await planStack(readStackFile("stacks/Pulumi.orders-prod.yaml"), async () => ({
      ...(await deployMeshNode(join(process.cwd(), "domains"), root)),
    }));
    const kubernetes = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(kubernetes.inputs.context).toBe("mesh-prod-2");
  });

  it("mesh plan exits 2 naming platform.yaml, the line and the path, and plans nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-cli-"));
    for (const entry of ["domains", "stacks"]) cpSync(entry, join(dir, entry), { recursive: true });
    const changed = SHIPPED.replace(
      /(prod:[\s\S]*?)image: ghcr\.io\/acme\/mesh-runner/,
      "$1image: Evil Image",
    );
    writeFileSync(join(dir, "platform.yaml"), changed);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: Output = { out: (l = "") => stdout.push(l), err: (l = "") => stderr.push(l) };
    expect(await main(["plan", "--quiet"], io, dir)).toBe(2);
    expect(stderr.join("\n")).toMatch(
      new RegExp(
        `platform\\.yaml:${lineOf(changed, "image:", 2)}: environments\\.prod\\.runner\\.image: image is a repository`,
      ),
    );
    expect(stdout.join("\n")).not.toContain("Stack orders-prod");
  });

  it("mesh plan reads it before any domain file's code runs: a domain rewriting it changes no stack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-cli-"));
    for (const entry of ["domains", "stacks", "platform.yaml", "contracts.lock.json"])
      cpSync(entry, join(dir, entry), { recursive: true });
    const orders = join(dir, "domains", "orders", "index.ts");
    // Read as another stack's declaration, the file may write nothing (readerSandbox.ts), nor in its
    // own stack's plan, compiled (cli/plan/pool.ts); from the sources, a checkout being edited, it
    // may there: each stack still deploys with the settings read before any domain file's code ran.
    const rewrite = [
      'import { readFileSync as readPlatform, writeFileSync as writePlatform } from "node:fs";',
      'const platformFile = new URL("../../platform.yaml", import.meta.url);',
      "try {",
      '  writePlatform(platformFile, readPlatform(platformFile, "utf8").replaceAll("context: mesh-prod", "context: attacker"));',
      "} catch {}",
    ].join("\n");
    writeFileSync(orders, `${rewrite}\n${readFileSync(orders, "utf8")}`);
    const json = join(dir, "plan.json");
    const io: Output = { out: () => undefined, err: () => undefined };
    await main(["plan", "--quiet", "--json", json], io, dir);
    const rewritten = readFileSync(join(dir, "platform.yaml"), "utf8").includes("context: attacker");
    expect(rewritten).toBe(!WORKERS_SANDBOXED);
    const stacks = JSON.parse(readFileSync(json, "utf8")).stacks as {
      steps: { newState: { type: string; inputs: Record<string, unknown> } }[];
    }[];
    const contexts = stacks.flatMap((s) =>
      s.steps
        .filter((step) => step.newState.type === "pulumi:providers:kubernetes")
        .map((step) => step.newState.inputs.context),
    );
    expect(contexts.sort()).toEqual([
      "mesh-dev",
      "mesh-dev",
      "mesh-dev",
      "mesh-prod",
      "mesh-prod",
      "mesh-prod",
    ]);
  });
});
