import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { planStack, type StackPlan } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { capture } from "../runner/support.js";
import { stackExportOf } from "../support/stackExport.js";

const dir = mkdtempSync(join(tmpdir(), "mesh-state-"));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

let plan: StackPlan;
beforeAll(async () => {
  plan = await planStack(readStackFile("stacks/Pulumi.orders-prod.yaml"));
});

describe("mesh policy check --state", () => {
  it("passes a deployed stack as the platform builds it, detecting its environment", async () => {
    const io = capture();
    expect(await main(["policy", "check", "--state", write("ok.json", stackExportOf(plan))], io)).toBe(0);
    expect(io.stdout[0]).toMatch(
      new RegExp(`ok\\.json: ${plan.resources.length} resources, environment prod \\(detected\\)$`),
    );
    expect(io.stdout).toContain("  policies: no violations");
  });

  it("detects prod from the stack name orders-prod, though the node's outputs and tags say dev", async () => {
    const state = stackExportOf(plan);
    for (const r of state.deployment.resources as any[]) {
      if (r.outputs?.environment) r.outputs.environment = "dev";
      if (r.inputs?.environment) r.inputs.environment = "dev";
      if (r.inputs?.tags?.["mesh:environment"]) r.inputs.tags["mesh:environment"] = "dev";
    }
    const io = capture();
    await main(["policy", "check", "--state", write("relabelled.json", state)], io);
    expect(io.stdout[0]).toMatch(
      new RegExp(`relabelled\\.json: ${plan.resources.length} resources, environment prod \\(detected\\)$`),
    );
  });

  it("exits 1 and reports each mandatory violation with rule, URN and message as JSON", async () => {
    const state = stackExportOf(plan);
    const bucket = state.deployment.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!;
    bucket.protect = false; // someone ran `pulumi state unprotect` in prod
    const topic = state.deployment.resources.find((r) => r.type === "kafka:index/topic:Topic")!;
    (topic.inputs as any).replicationFactor = 1;
    const io = capture();
    expect(await main(["policy", "check", "--state", write("drift.json", state), "--json"], io)).toBe(1);
    const { violations } = JSON.parse(io.stdout.join("\n")) as {
      violations: { policy: string; urn: string; level: string }[];
    };
    expect(violations).toContainEqual(expect.objectContaining({ urn: bucket.urn, level: "mandatory" }));
    expect(violations).toContainEqual(expect.objectContaining({ urn: topic.urn, level: "mandatory" }));
    expect(violations.every((v) => typeof v.policy === "string" && v.policy.length > 0)).toBe(true);
  });

  it("judges the same drift as advisory when told the stack is dev", async () => {
    const state = stackExportOf(plan);
    (
      state.deployment.resources.find((r) => r.type === "kafka:index/topic:Topic")!.inputs as any
    ).replicationFactor = 1;
    const io = capture();
    expect(
      await main(
        ["policy", "check", "--state", write("dev.json", state), "--environment", "dev", "--json"],
        io,
      ),
    ).toBe(0);
    const { violations } = JSON.parse(io.stdout.join("\n")) as { violations: { level: string }[] };
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.level === "advisory")).toBe(true);
  });

  it("exits 2 naming the path of a malformed export, and the file of an unreadable one", async () => {
    const io = capture();
    const bad = write("bad.json", { version: 3, deployment: { resources: [{ type: "x" }] } });
    expect(await main(["policy", "check", "--state", bad], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/bad\.json: deployment\.resources\[0\]\.urn: expected string/);
    expect(await main(["policy", "check", "--state", join(dir, "missing.json")], io)).toBe(2);
    expect(io.stderr[1]).toMatch(/missing\.json: cannot read/);
    expect(await main(["policy", "check", "--state", write("text.json", "{not json")], io)).toBe(2);
    expect(io.stderr[2]).toMatch(/text\.json: not JSON/);
    expect(await main(["policy", "check"], io)).toBe(2);
    expect(io.stderr[3]).toBe("error: missing --state");
    expect(io.stderr[4]).toMatch(/^Usage: mesh policy check --state FILE \[--environment ENV\] \[--json\]\n/);
  });
});
