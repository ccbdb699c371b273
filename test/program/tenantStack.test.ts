/**
 * A stack file is its domain team's (issue #9): it may set its identity, its Kafka secrets and
 * aws:region (the platform's), nothing else. The platform's settings — account, OIDC provider that
 * IRSA roles trust, runner image, Connect worker role, name prefix — are refused there, by the
 * program (as `pulumi up` runs it) and by `mesh plan`, naming the file, the key and where it belongs.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { Output } from "../../cli/io.js";
import { main } from "../../cli/mesh.js";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile, StackFileError, stackFilePaths } from "../../cli/plan/stackFile.js";
import { platformSettingsFor } from "../../program/platformFile.js";
import { STACK_KEYS } from "../../program/stackConfig.js";

const PROD = "stacks/Pulumi.orders-prod.yaml";
const shipped = readFileSync(PROD, "utf8");

/** The tenant's own platform block: its image, and a worker role it controls that ingest roles would trust. */
const prod = platformSettingsFor(".", "prod");
const hijacked = {
  ...prod,
  runner: { image: "ghcr.io/attacker/miner", tag: "1.0.0", digest: `sha256:${"a".repeat(64)}` },
  ingestion: { ...prod.ingestion, workerRoleArn: "arn:aws:iam::999999999999:role/attacker" },
};

/** A copy of orders-prod's stack file with `lines` added under `config:`. */
function tampered(lines: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "mesh-tenant-")), "Pulumi.orders-prod.yaml");
  writeFileSync(path, shipped.replace("config:\n", `config:\n${lines}`));
  return path;
}

/** Runs orders-prod's program with `extra` configuration, as `pulumi up -s orders-prod` would see it. */
async function programError(extra: Record<string, string>): Promise<Error | undefined> {
  const file = readStackFile(PROD);
  return planStack({ ...file, config: { ...file.config, ...extra } }).then(
    () => undefined,
    (e: Error) => e,
  );
}

const PLATFORM_KEY = "mesh:platform is the platform team's: set it in platform.yaml, not in a stack file";

describe("a stack file carrying the platform's settings", () => {
  it("is refused by mesh plan's reader, naming the file and the key (its own runner image)", () => {
    const path = tampered(
      "  mesh:platform:\n    runner:\n      image: ghcr.io/attacker/miner\n      tag: 1.0.0\n",
    );
    expect(() => readStackFile(path)).toThrow(StackFileError);
    // The line of the key, as editors and compilers give it.
    expect(() => readStackFile(path)).toThrow(`Pulumi.orders-prod.yaml:6: ${PLATFORM_KEY}`);
  });

  it.each([
    ["its own runner image", { runner: hijacked.runner }],
    ["its own Kafka Connect worker role", { ingestion: hijacked.ingestion }],
    ["a whole platform block", hijacked],
  ])("is refused by the program (%s), naming the stack file and the key", async (_label, block) => {
    const error = await programError({ "mesh:platform": JSON.stringify(block) });
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect(error!.message).toBe(`stacks/Pulumi.orders-prod.yaml: ${PLATFORM_KEY}`);
  });

  it.each([
    ["mesh:namePrefix", "other"],
    ["mesh:kubernetes", '{"oidcIssuer":"attacker.example.com"}'],
  ])("refuses a platform setting set at the top level (%s)", async (key, value) => {
    const error = await programError({ [key]: value });
    expect(error!.message).toBe(
      `stacks/Pulumi.orders-prod.yaml: ${key} is the platform team's: set environments.<env>.${key.slice(5)} in platform.yaml, not in a stack file`,
    );
  });

  it("makes mesh plan exit 2, naming the file and the key, and plan nothing for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-cli-"));
    for (const entry of ["domains", "stacks", "platform.yaml"])
      cpSync(entry, join(dir, entry), { recursive: true });
    const file = join(dir, PROD);
    writeFileSync(
      file,
      shipped.replace(
        "config:\n",
        `config:\n  mesh:platform:\n    ingestion:\n      workerRoleArn: ${hijacked.ingestion.workerRoleArn}\n`,
      ),
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: Output = { out: (l = "") => stdout.push(l), err: (l = "") => stderr.push(l) };
    expect(await main(["plan", "--stack", "orders-prod"], io, dir)).toBe(2);
    expect(stderr.join("\n")).toMatch(
      /^error: .*stacks\/Pulumi\.orders-prod\.yaml:6: mesh:platform is the platform team's: set it in platform\.yaml/,
    );
    expect(stdout.join("\n")).not.toContain("Stack orders-prod");
  });
});

describe("any other key in a stack file", () => {
  it.each([
    ["mesh:kafkaSaslPasword", "mesh:kafkaSaslPassword"],
    ["mesh:enviroment", "mesh:environment"],
    ["mesh:Domain", "mesh:domain"],
    ["aws:regoin", "aws:region"],
    ["mesh:platfrom", "mesh:platform"],
  ])("is refused with a suggestion when misspelt (%s)", async (key, suggestion) => {
    const expected = `${key} is not a stack setting (did you mean ${suggestion}?)`;
    expect(() => readStackFile(tampered(`  ${key}: x\n`))).toThrow(`Pulumi.orders-prod.yaml:6: ${expected}`);
    const error = await programError({ [key]: "x" });
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect(error!.message).toMatch(`stacks/Pulumi.orders-prod.yaml: ${expected}: a stack file sets only`);
  });

  it.each([
    "aws:profile",
    "aws:assumeRole",
    "kubernetes:kubeconfig",
    "kafka:bootstrapServers",
    "pulumi:disable-default-providers",
    "mesh:x",
  ])("is refused without a suggestion when it is nothing like an allowed key (%s)", async (key) => {
    const error = await programError({ [key]: "x" });
    expect(error!.message).toBe(
      `stacks/Pulumi.orders-prod.yaml: ${key} is not a stack setting: a stack file sets only mesh:domain, mesh:environment, mesh:kafkaSaslUsername, mesh:kafkaSaslPassword, aws:region; the platform's settings are in platform.yaml`,
    );
  });

  it("refuses aws:region unless it is the platform's region", async () => {
    const error = await programError({ "aws:region": "us-east-1" });
    expect(error!.message).toBe(
      'stacks/Pulumi.orders-prod.yaml: aws:region is "us-east-1", but the platform runs prod in "eu-west-1" (platform.yaml): remove aws:region or set it to "eu-west-1"',
    );
    const plan = await planStack(readStackFile(tampered("  aws:region: eu-west-1\n")));
    expect(plan.outputs).toMatchObject({ domain: "orders", environment: "prod" });
  });

  it("refuses configuration imported from an ESC environment, which mesh plan cannot see", () => {
    const path = tampered("");
    writeFileSync(path, `environment:\n  - acme/attacker\n${readFileSync(path, "utf8")}`);
    expect(() => readStackFile(path)).toThrow(
      /Pulumi\.orders-prod\.yaml:1: top-level key "environment" is not allowed in a stack file/,
    );
  });

  it("is absent from every shipped stack file", () => {
    for (const path of stackFilePaths("stacks")) {
      for (const key of Object.keys(readStackFile(path).config)) expect(STACK_KEYS).toContain(key);
    }
  });
});
