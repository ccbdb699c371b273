/**
 * A rule that declares the types it applies to is skipped by the offline engine for other types,
 * where Pulumi calls it and it answers "not applicable". So a declaration must never exclude a type
 * the rule judges: on every test case's resources, the pack with its declarations and the pack with
 * them removed (every rule called for every resource, as under Pulumi) must find the same.
 */
import type { ResourceRemediation, ResourceValidation } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import { mayApplyTo } from "../../policies/rules/shared/resource.js";
import { isStackPolicy, type MeshPolicy } from "../../policies/rules/types.js";
import { governanceCases } from "./cases/governance.js";
import { iamCases } from "./cases/iam.js";
import { kafkaCases } from "./cases/kafka.js";
import { kafkaCompanionCases } from "./cases/kafkaCompanions.js";
import { kubernetesCases } from "./cases/kubernetes.js";
import { meshCases } from "./cases/mesh.js";
import { meshAccessCases } from "./cases/meshAccess.js";
import { meshAccessStatementCases } from "./cases/meshAccessStatements.js";
import { podSecurityCases } from "./cases/podSecurity.js";
import { s3Cases } from "./cases/s3.js";
import { s3CompanionCases } from "./cases/s3Companions.js";
import { sparkCases } from "./cases/spark.js";
import { sparkPodSecurityCases } from "./cases/sparkPodSecurity.js";

const ALL_CASES = [
  governanceCases,
  iamCases,
  kafkaCases,
  kafkaCompanionCases,
  kubernetesCases,
  meshCases,
  meshAccessCases,
  meshAccessStatementCases,
  podSecurityCases,
  s3Cases,
  s3CompanionCases,
  sparkCases,
  sparkPodSecurityCases,
].flat();

/** The same callback without its declaration: a new function, called for every resource. */
const undeclared = <F extends ResourceValidation | ResourceRemediation>(callback: F): F => {
  const call = callback as (...args: unknown[]) => unknown;
  return ((...args: unknown[]) => call(...args)) as unknown as F;
};

function withoutDeclarations(rule: MeshPolicy): MeshPolicy {
  if (isStackPolicy(rule)) return rule;
  return {
    ...rule,
    validateResource: [rule.validateResource ?? []].flat().map(undeclared),
    ...(rule.remediateResource ? { remediateResource: undeclared(rule.remediateResource) } : {}),
  };
}

const callbacks = (rule: MeshPolicy) =>
  isStackPolicy(rule) ? [] : [...[rule.validateResource ?? []].flat(), rule.remediateResource ?? []].flat();

describe("rules declaring the types they apply to", () => {
  it("most resource rules declare them (the engine then skips other types)", () => {
    const declared = allRules.filter((r) => callbacks(r).some((c) => !mayApplyTo(c, "no:such/type:Type")));
    expect(declared.length).toBeGreaterThan(50);
  });

  it("find the same with and without their declarations, on every test case, remediations included", async () => {
    const undeclaredRules = allRules.map(withoutDeclarations);
    let scenarios = 0;
    for (const c of ALL_CASES) {
      for (const s of [...c.violating, ...c.compliant]) {
        const resources = s.resources();
        // prod unless the case says otherwise: every rule runs, remediations included.
        const environment = s.environment ?? "prod";
        const options = { environment, ...(s.config ? { config: { [c.rule]: s.config } } : {}) };
        const declared = await evaluatePolicies(resources, options);
        const everywhere = await evaluatePolicies(resources, options, undeclaredRules);
        expect(everywhere, `${c.rule}: ${s.name} (${environment})`).toEqual(declared);
        scenarios++;
      }
    }
    expect(scenarios).toBeGreaterThan(300);
  });
});
