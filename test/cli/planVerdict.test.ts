/**
 * A domain file runs in its own stack's plan, as `pulumi preview` runs it; `mesh plan` reaches the
 * verdict in a process that runs no domain file (cli/plan/judge.ts), and a worker plans one
 * domain's stacks only (cli/plan/pool.ts). So a domain file's code can neither end `mesh plan`
 * clean, nor patch the rules' verdict, nor touch another domain's plan. Each case here, planned in
 * the `mesh plan` process as it once was, passed a plan that must fail.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plan, planWorkspace, whenPlannedAs } from "../support/planWorkspace.js";

/** A bucket policy created by the domain file itself: mesh-resources-in-domain refuses it (mandatory). */
const RAW_RESOURCE = `new (await import("@pulumi/aws")).s3.BucketPolicy("not-the-platforms", { bucket: "b", policy: "{}" })`;

describe("mesh plan's verdict, against a domain file's code", () => {
  it("is not ended clean by a domain file that exits the process once its resources are registered", async () => {
    const dir = planWorkspace(["analytics-dev", "customers-dev", "orders-dev"]);
    whenPlannedAs(dir, "analytics-dev", `{ ${RAW_RESOURCE}; setTimeout(() => process.exit(0), 0); }`);
    const { code, stdout, stderr } = await plan(["--quiet"], dir);
    // Whether the worker answered for analytics-dev before it exited or not, the plan fails.
    expect([1, 70]).toContain(code);
    expect(`${stdout}\n${stderr}`).toMatch(
      /mesh-resources-in-domain|analytics-dev: the worker planning it exited \(code 0\)/,
    );
    // The other domains' stacks are still planned and judged.
    expect(stdout).toContain("Stack customers-dev (dev):");
    expect(stdout).toContain("Stack orders-dev (dev):");
  }, 300_000);

  it("is not changed by a domain file that patches what decides it", async () => {
    const dir = planWorkspace(["orders-dev"]);
    // Makes every `.some(...)` asking about a mandatory finding answer no: the exit code's test.
    const patch = `{ ${RAW_RESOURCE}; const some = Array.prototype.some; Array.prototype.some = function (p, t) { return String(p).includes("mandatory") ? false : some.call(this, p, t); }; }`;
    whenPlannedAs(dir, "orders-dev", patch);
    const { code, stdout } = await plan(["--quiet"], dir);
    expect(stdout).toContain("[mandatory] mesh-resources-in-domain");
    expect(code).toBe(1);
  }, 300_000);

  it("of another domain's stack is not forged by a domain file planned before it", async () => {
    const dir = planWorkspace(["analytics-dev", "customers-dev"]);
    // After its own plan is sent, analytics' code would answer for whatever stack comes next with
    // an empty plan (no violation to find); it never runs in the worker that plans customers-dev.
    whenPlannedAs(
      dir,
      "analytics-dev",
      `process.on("message", (r: any) => process.send!({ index: r.index, outcome: { kind: "planned", plan: { stack: r.stack.name, project: "data-mesh", resources: [], outputs: {}, notes: [] } }, stdout: "", stderr: "" }))`,
    );
    const { code, stdout } = await plan(["--quiet", "--jobs", "1", "--json", "-"], dir);
    const stacks = JSON.parse(stdout).stacks as { stack: string; steps: unknown[] }[];
    expect(stacks.map((s) => [s.stack, s.steps.length])).toEqual([
      ["analytics-dev", 22],
      ["customers-dev", 51],
    ]);
    expect(code).toBe(0);
  }, 300_000);
});

describe("the credentials of whoever runs mesh plan", () => {
  it("are not in the environment of a domain file's code, in its stack's plan or in a reader", async () => {
    const dir = planWorkspace(["orders-dev"]);
    // What a CI job holds: cloud keys, a Pulumi and a Git token.
    const secrets = {
      AWS_SECRET_ACCESS_KEY: "aws-secret",
      PULUMI_ACCESS_TOKEN: "pul-secret",
      GITHUB_TOKEN: "gh-secret",
    };
    const leak = `{ const seen = Object.entries(process.env).filter(([, v]) => String(v).endsWith("-secret")); if (seen.length > 0) throw new Error("saw " + seen.map(([k]) => k).join(", ")); }`;
    // In its own stack's plan (a worker), and in every stack's reading of it (a reader).
    whenPlannedAs(dir, "orders-dev", leak);
    const customers = join(dir, "domains", "customers", "index.ts");
    writeFileSync(customers, `${leak}\n${readFileSync(customers, "utf8")}`);
    Object.assign(process.env, secrets);
    try {
      const { code, stderr } = await plan(["--quiet"], dir);
      expect(stderr).toBe("");
      expect(code).toBe(0);
    } finally {
      for (const key of Object.keys(secrets)) delete process.env[key];
    }
  }, 300_000);
});
