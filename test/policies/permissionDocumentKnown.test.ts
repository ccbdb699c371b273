/**
 * iam-permission-document-known: a permission document unknown at preview is a violation in
 * staging and prod (no rule could check it before `pulumi up` creates it), advisory in dev.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, UNKNOWN_STRING } from "../../policies/engine/index.js";
import { findings, resource, ruleNamed } from "./harness.js";

const RULE = "iam-permission-document-known";
describe(`${RULE}: levels`, () => {
  const unknownPolicy = () => [
    resource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: UNKNOWN_STRING }),
  ];
  // The rule's default level for each environment (no override, unlike `findings`).
  const evaluate = (environment: string) =>
    evaluatePolicies(unknownPolicy(), { environment }, [ruleNamed(RULE)]);

  it("is a mandatory violation in staging and prod, not a note", async () => {
    for (const environment of ["staging", "prod"]) {
      const found = await evaluate(environment);
      expect(found).toEqual([expect.objectContaining({ policy: RULE, level: "mandatory" })]);
      expect(found[0]!.kind).toBeUndefined();
    }
  });

  it("is advisory in dev", async () => {
    expect((await evaluate("dev")).map((v) => v.level)).toEqual(["advisory"]);
  });

  it("while the other IAM rules only note that they could not evaluate the document", async () => {
    const found = await findings("iam-no-wildcard-action", unknownPolicy());
    expect(found).toEqual([expect.objectContaining({ level: "advisory", kind: "note" })]);
  });
});
