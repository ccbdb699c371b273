/**
 * Starts the pack the way the Pulumi CLI does (node @pulumi/pulumi/cmd/run-policy-pack in the pack
 * directory, stack identity in the environment) and talks to it over the analyzer gRPC protocol:
 * proof that pack.cjs, the ESM loading, the environment detection and the levels work for real.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { allRules } from "../../policies/rules/all.js";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js");
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const pb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");

const PACK_DIR = fileURLToPath(new URL("../../policies/", import.meta.url));
const LEVEL = pb.EnforcementLevel as Record<"ADVISORY" | "MANDATORY" | "DISABLED" | "REMEDIATE", number>;
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill();
});

/** Starts the pack; resolves to a client once it prints its port, as the CLI waits for it. */
function startPack(env: Record<string, string>): Promise<any> {
  const child = spawn(
    process.execPath,
    [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."],
    {
      cwd: PACK_DIR,
      env: { ...process.env, ...env },
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`pack exited with ${code}: ${err}`)));
    child.stdout!.on("data", (d) => {
      out += d;
      const port = out.split("\n")[0]!.trim();
      if (out.includes("\n"))
        resolve(new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    });
  });
}

const call = <T>(client: any, method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) =>
    client[method](request, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))),
  );

function analyzeRequest(type: string, props: Record<string, unknown>) {
  const req = new pb.AnalyzeRequest();
  req.setType(type);
  req.setUrn(`urn:pulumi:prod::mesh::${type}::r`);
  req.setName("r");
  req.setProperties(Struct.fromJavaScript(props));
  req.setOptions(new pb.AnalyzerResourceOptions());
  return req;
}

const diagnostics = async (client: any, type: string, props: Record<string, unknown>) =>
  (await call<any>(client, "analyze", analyzeRequest(type, props))).getDiagnosticsList().map((d: any) => ({
    policy: d.getPolicyname(),
    level: d.getEnforcementlevel(),
    message: d.getMessage(),
  }));

function configure(
  client: any,
  config: Record<string, { level: number; properties?: Record<string, unknown> }>,
) {
  const req = new pb.ConfigureAnalyzerRequest();
  for (const [name, { level, properties }] of Object.entries(config)) {
    const policyConfig = new pb.PolicyConfig();
    policyConfig.setEnforcementlevel(level);
    policyConfig.setProperties(Struct.fromJavaScript(properties ?? {}));
    req.getPolicyconfigMap().set(name, policyConfig);
  }
  return call(client, "configure", req);
}

describe("policy pack under Pulumi's policy runner", () => {
  it("prod (a stack name naming no environment fails closed): mandatory levels, remediation, per-rule config", async () => {
    const client = await startPack({
      PULUMI_STACK: "sales",
      PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "prod" }),
    });
    const info = await call<any>(client, "getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("data-mesh");
    const levels = new Map(info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]));
    expect(levels.size).toBe(allRules.length);
    expect(levels.get("s3-no-public-acl")).toBe(LEVEL.MANDATORY);
    expect(levels.get("aws-governance-tags")).toBe(LEVEL.REMEDIATE);

    const found = await diagnostics(client, "aws:s3/bucket:Bucket", { acl: "public-read" });
    expect(found).toContainEqual({
      policy: "s3-no-public-acl",
      level: LEVEL.MANDATORY,
      message: expect.stringContaining('acl: "public-read" is public'),
    });

    // What the CLI sends after reconciling schema defaults with --policy-pack-config.
    await configure(client, {
      "s3-no-public-acl": { level: LEVEL.DISABLED },
      "aws-governance-tags": { level: LEVEL.REMEDIATE, properties: { environment: "prod" } },
    });
    expect(
      (await diagnostics(client, "aws:s3/bucket:Bucket", { acl: "public-read" })).map((d: any) => d.policy),
    ).not.toContain("s3-no-public-acl");
    const remediated = await call<any>(
      client,
      "remediate",
      analyzeRequest("aws:s3/bucket:Bucket", { bucket: "b", tags: {} }),
    );
    const byPolicy = remediated
      .getRemediationsList()
      .map((r: any) => [r.getPolicyname(), r.getProperties()?.toJavaScript()]);
    expect(byPolicy).toEqual([
      ["aws-governance-tags", { bucket: "b", tags: { "mesh:environment": "prod" } }],
    ]);
  });

  it("prod for stack orders-prod, though its stack config and MESH_ENVIRONMENT say dev: nothing downgrades", async () => {
    const client = await startPack({
      PULUMI_STACK: "orders-prod",
      PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "dev" }),
      MESH_ENVIRONMENT: "dev",
    });
    const info = await call<any>(client, "getAnalyzerInfo", new Empty());
    const policies = info.getPoliciesList();
    expect(new Set(policies.map((p: any) => p.getEnforcementlevel()))).toEqual(
      new Set([LEVEL.MANDATORY, LEVEL.REMEDIATE]),
    );
    // The environment every rule reads (stateful resources protected, tag values) is prod too.
    for (const p of policies)
      expect(p.getConfigschema().getProperties().toJavaScript().environment.default, p.getName()).toBe(
        "prod",
      );
    expect(await diagnostics(client, "aws:s3/bucket:Bucket", { acl: "public-read" })).toContainEqual(
      expect.objectContaining({ policy: "s3-no-public-acl", level: LEVEL.MANDATORY }),
    );
  });

  it("dev (from the stack name): advisory levels, but tenancy boundaries stay mandatory", async () => {
    const client = await startPack({ PULUMI_STACK: "acme/sales/sales-dev" });
    const info = await call<any>(client, "getAnalyzerInfo", new Empty());
    const levels = new Map<string, number>(
      info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]),
    );
    for (const rule of allRules) {
      expect(levels.get(rule.name), rule.name).toBe(rule.boundary ? LEVEL.MANDATORY : LEVEL.ADVISORY);
    }
    expect(levels.get("mesh-resources-in-domain")).toBe(LEVEL.MANDATORY);
    expect(await diagnostics(client, "aws:s3/bucket:Bucket", { acl: "public-read" })).toContainEqual(
      expect.objectContaining({ policy: "s3-no-public-acl", level: LEVEL.ADVISORY }),
    );
  });
});
