/**
 * What `mesh plan` and `mesh policy check` tell a person: the JSON on stdout alone with `--json -`,
 * a closing line that does not call a failed plan clean, counts in the right number, and each
 * violation with what to do about it.
 */

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { printViolations } from "../../cli/plan/violations.js";
import { evaluatePolicies, UNKNOWN_STRING } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import { resource } from "../policies/harness.js";
import { capture } from "../runner/support.js";

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-plan-"));
  for (const path of ["domains", "stacks", "platform.yaml"])
    cpSync(path, join(dir, path), { recursive: true });
  return dir;
}

describe("mesh plan's report", () => {
  it("--json - writes the plan alone on stdout, the report on stderr", async () => {
    const io = capture();
    expect(await main(["plan", "--stack", "analytics-dev", "--json", "-", "--quiet"], io)).toBe(0);
    const plan = JSON.parse(io.stdout.join("\n"));
    expect(plan.stacks).toHaveLength(1);
    expect(plan.stacks[0].steps.length).toBeGreaterThan(0);
    const report = io.stderr.join("\n");
    expect(report).toContain("Stack analytics-dev (dev):");
    expect(report).toMatch(/Planned 1 of 1 stack, \d+ resources; 0 mandatory policy violations\.$/);
  });

  it("after a stack's configuration error the last line says so, not that all is well, and exits 2", async () => {
    const dir = workspace();
    const file = join(dir, "stacks", "Pulumi.orders-dev.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8")}  aws:region: us-east-1\n`);
    const io = capture();
    expect(await main(["plan", "--stack", "orders-dev"], io, dir)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(/orders-dev: .*aws:region is "us-east-1"/);
    expect(io.stdout.at(-1)).toBe("Planned 0 of 1 stack: 1 stack has a configuration error (above).");
    expect(io.stdout.join("\n")).not.toContain("mandatory policy violations");
  });
});

describe("violations", () => {
  it("print in the right number, each rule with its remediation; notes without one", async () => {
    const unknown = resource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: UNKNOWN_STRING });
    const rules = allRules.filter((r) =>
      ["iam-permission-document-known", "iam-no-wildcard-action"].includes(r.name),
    );
    const io = capture();
    printViolations(await evaluatePolicies([unknown], { environment: "prod" }, rules), io);
    const text = io.stdout.join("\n");
    const remediation = rules.find((r) => r.name === "iam-permission-document-known")!.remediation;
    expect(text).toContain("  policies: 1 violation\n");
    expect(text).toContain(`[mandatory] iam-permission-document-known\n`);
    expect(text).toContain(`    fix: ${remediation}`);
    expect(text).toContain("policy notes: 1 check could not be evaluated");
    const noteRemediation = rules.find((r) => r.name === "iam-no-wildcard-action")!.remediation;
    expect(text).not.toContain(noteRemediation);
  });

  it("every rule has a remediation to print", () => {
    for (const rule of allRules) expect(rule.remediation.trim(), rule.name).not.toBe("");
  });
});
