import { describe, expect, it } from "vitest";
import { resolvePackEnvironment } from "../../policies/packEnvironment.js";
import { allRules } from "../../policies/rules/all.js";
import { configDefaults, defaultLevel, forEnvironment } from "../../policies/rules/enforcement.js";
import { ruleNamed } from "./harness.js";

describe("resolvePackEnvironment: from what the Pulumi CLI gives a policy pack process", () => {
  it("prefers MESH_ENVIRONMENT", () => {
    expect(resolvePackEnvironment({ MESH_ENVIRONMENT: "staging", PULUMI_STACK: "prod" })).toEqual({
      environment: "staging",
      source: "MESH_ENVIRONMENT",
    });
  });

  it("then the stack config mesh:environment in PULUMI_CONFIG", () => {
    const env = {
      PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "dev", "aws:region": "eu-west-1" }),
      PULUMI_STACK: "prod",
    };
    expect(resolvePackEnvironment(env).environment).toBe("dev");
  });

  it("then the stack name", () => {
    expect(resolvePackEnvironment({ PULUMI_STACK: "prod" }).environment).toBe("prod");
    expect(resolvePackEnvironment({ PULUMI_STACK: "sales-dev" }).environment).toBe("dev");
    expect(resolvePackEnvironment({ PULUMI_NODEJS_STACK: "acme/sales/staging" }).environment).toBe("staging");
  });

  it("fails closed to prod when nothing says otherwise", () => {
    expect(resolvePackEnvironment({ PULUMI_STACK: "feature-x", PULUMI_CONFIG: "{}" })).toEqual({
      environment: "prod",
      source: "no environment found: failing closed to prod",
    });
  });

  it("rejects explicit values that are not environments", () => {
    expect(() => resolvePackEnvironment({ MESH_ENVIRONMENT: "qa" })).toThrow(/MESH_ENVIRONMENT "qa"/);
    expect(() =>
      resolvePackEnvironment({ PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "qa" }) }),
    ).toThrow(/stack config mesh:environment "qa"/);
  });
});

describe("forEnvironment: the rule as the pack deploys it", () => {
  it("sets advisory in dev, mandatory in staging/prod, remediate for rules with a fix", () => {
    const acl = ruleNamed("s3-no-public-acl");
    const tags = ruleNamed("aws-governance-tags");
    expect([defaultLevel(acl, "dev"), defaultLevel(acl, "staging"), defaultLevel(acl, "prod")]).toEqual([
      "advisory",
      "mandatory",
      "mandatory",
    ]);
    expect([defaultLevel(tags, "dev"), defaultLevel(tags, "prod")]).toEqual(["advisory", "remediate"]);
    expect(forEnvironment(tags, "prod").enforcementLevel).toBe("remediate");
  });

  it("adds the environment to every rule's config schema, keeping the rule's own properties", () => {
    for (const rule of allRules) {
      const deployed = forEnvironment(rule, "staging");
      expect(configDefaults(deployed).environment, rule.name).toBe("staging");
      expect(deployed.remediationSteps).toBe(rule.remediation);
    }
    expect(configDefaults(forEnvironment(ruleNamed("kafka-topic-replication-factor"), "dev"))).toEqual({
      minReplicationFactor: 3,
      environment: "dev",
    });
  });

  it("declares no config property the Pulumi SDK reserves", () => {
    for (const rule of allRules)
      expect(Object.keys(rule.configSchema?.properties ?? {}), rule.name).not.toContain("enforcementLevel");
  });
});
