/**
 * Plans keep notes ("could not evaluate": a value unknown at preview) apart from violations, in
 * text and JSON, and every shipped stack plans with no finding of either kind.
 */
import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { toPreview } from "../../cli/plan/previewJson.js";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";
import { printViolations } from "../../cli/plan/violations.js";
import { evaluatePolicies, UNKNOWN_STRING, type Violation } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import { resource } from "../policies/harness.js";

const capture = () => {
  const lines: string[] = [];
  return { lines, io: { out: (s = "") => lines.push(s), err: (s = "") => lines.push(s) } };
};

/** A role policy whose document is unknown, evaluated by two IAM rules at their prod levels. */
async function prodFindings(): Promise<Violation[]> {
  const unknown = resource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: UNKNOWN_STRING });
  const rules = allRules.filter((r) =>
    ["iam-permission-document-known", "iam-no-wildcard-action"].includes(r.name),
  );
  return evaluatePolicies([unknown], { environment: "prod" }, rules);
}

describe("plan output: notes apart from violations", () => {
  it("text: the unknown document is a mandatory violation; the rule that could not run is a note", async () => {
    const { lines, io } = capture();
    printViolations(await prodFindings(), io);
    const text = lines.join("\n");
    expect(text).toMatch(/policies: 1 violation\n {2}\[mandatory\] iam-permission-document-known\n/);
    expect(text).toMatch(
      /policy notes: 1 check could not be evaluated at preview \(not violations\)\n {2}\[could not evaluate\] iam-no-wildcard-action\n/,
    );
  });

  it("text: notes alone leave 'no violations'", async () => {
    const { lines, io } = capture();
    printViolations(
      (await prodFindings()).filter((v) => v.policy === "iam-no-wildcard-action"),
      io,
    );
    expect(lines[0]).toBe("  policies: no violations");
    expect(lines.join("\n")).toContain("[could not evaluate] iam-no-wildcard-action");
  });

  it("JSON: policyViolations holds verdicts only, policyNotes what could not be evaluated", async () => {
    const preview = toPreview(
      { stack: "s", project: "p", resources: [], outputs: {}, notes: [] },
      await prodFindings(),
    );
    expect(preview.policyViolations.map((v) => [v.policy, v.level])).toEqual([
      ["iam-permission-document-known", "mandatory"],
    ]);
    expect(preview.policyNotes.map((v) => [v.policy, v.level, v.kind])).toEqual([
      ["iam-no-wildcard-action", "advisory", "note"],
    ]);
  });
});

describe("the shipped stacks", () => {
  it("each plans with zero findings: no violations, no notes, and the boundary rule runs", async () => {
    for (const path of stackFilePaths("stacks")) {
      const stack = readStackFile(path);
      const plan = await planStack(stack);
      const environment = stack.config["mesh:environment"] ?? "dev";
      const found = await evaluatePolicies([...plan.resources], { environment });
      expect(found, stack.name).toEqual([]);
      // The boundary rule is not merely silent: a grant under the stack's Domain to a product it
      // does not consume is refused.
      const domain = plan.resources.find((r) => r.type === "mesh:index:Domain")!;
      const grant = resource(
        "aws:iam/rolePolicy:RolePolicy",
        {
          role: "r",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::w/zzz/secret/v1/*" },
            ],
          }),
        },
        { urn: `${domain.urn}$aws:iam/rolePolicy:RolePolicy::undeclared`, parentUrn: domain.urn },
      );
      const refused = await evaluatePolicies([...plan.resources, grant], { environment });
      expect(
        refused.map((v) => [v.policy, v.urn]),
        stack.name,
      ).toEqual([["mesh-cross-domain-access-declared", grant.urn]]);
    }
  }, 60_000);
});

describe("mesh-cross-domain-access-declared runs at preview on a real stack", () => {
  it("is a resource-level rule, so it judges grants before anything is created", () => {
    const rule = allRules.find((r) => r.name === "mesh-cross-domain-access-declared")!;
    expect("validateResource" in rule && typeof rule.validateResource).toBe("function");
    expect("validateStack" in rule).toBe(false);
  });

  it("flags a grant deep under the Domain that reaches a product the domain does not consume", async () => {
    const plan = await planStack(readStackFile("stacks/Pulumi.customers-prod.yaml"));
    const transform = plan.resources.find((r) => r.type === "mesh:compute:TransformJob")!;
    // customers consumes nothing from orders: a policy its transform would carry, reaching orders v1.
    const grant = resource(
      "aws:iam/rolePolicy:RolePolicy",
      {
        role: "acme-mesh-prod-customers--customers-v2",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetObject"],
              Resource: "arn:aws:s3:::acme-mesh-prod-warehouse/orders/orders/v1/*",
            },
          ],
        }),
      },
      { urn: `${transform.urn}$aws:iam/rolePolicy:RolePolicy::sneaky`, parentUrn: transform.urn },
    );
    const found = await evaluatePolicies([...plan.resources, grant], { environment: "prod" });
    // orders is internal (open to every domain), but customers does not declare it: the read is
    // undeclared, and customers' stack registers orders as serving no consumer (stackAccess), so the
    // grantee is not admitted to it either.
    expect(found.map((v) => [v.policy, v.level, v.urn])).toEqual([
      ["mesh-cross-domain-access-declared", "mandatory", grant.urn],
      ["mesh-grants-within-product-access", "mandatory", grant.urn],
    ]);
    expect(found.find((v) => v.policy === "mesh-cross-domain-access-declared")!.message).toMatch(
      /reaches orders\.orders\.v1, which domain customers does not declare/,
    );
  }, 30_000);
});
