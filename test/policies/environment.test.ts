import { describe, expect, it } from "vitest";
import { resolvePackEnvironment } from "../../policies/packEnvironment.js";
import { allRules } from "../../policies/rules/all.js";
import { configDefaults, defaultLevel, forEnvironment } from "../../policies/rules/enforcement.js";
import { environmentOf } from "../../policies/rules/environment.js";
import { ruleNamed } from "./harness.js";

describe("resolvePackEnvironment: from what the Pulumi CLI gives a policy pack process", () => {
  it("takes the stack name: <domain>-<env>, org/project-qualified, or a bare environment", () => {
    expect(resolvePackEnvironment({ PULUMI_STACK: "orders-prod" })).toEqual({
      environment: "prod",
      source: "stack name orders-prod",
    });
    expect(resolvePackEnvironment({ PULUMI_STACK: "sales-dev" }).environment).toBe("dev");
    expect(resolvePackEnvironment({ PULUMI_NODEJS_STACK: "acme/sales/sales-staging" }).environment).toBe(
      "staging",
    );
    expect(resolvePackEnvironment({ PULUMI_STACK: "prod" }).environment).toBe("prod");
  });

  it("resolves prod for stack orders-prod even with the stack config saying dev", () => {
    const resolved = resolvePackEnvironment({
      PULUMI_STACK: "orders-prod",
      PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "dev", "aws:region": "eu-west-1" }),
    });
    expect(resolved).toEqual({
      environment: "prod",
      source:
        'stack name orders-prod; stack config mesh:environment "dev" ignored: it cannot lower the stack\'s environment',
    });
  });

  it("lets neither MESH_ENVIRONMENT nor the stack config lower the stack's environment", () => {
    for (const PULUMI_STACK of ["orders-prod", "acme/data-mesh/orders-prod"])
      expect(
        resolvePackEnvironment({
          PULUMI_STACK,
          MESH_ENVIRONMENT: "dev",
          PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "staging" }),
        }).environment,
      ).toBe("prod");
    expect(
      resolvePackEnvironment({ PULUMI_STACK: "orders-staging", MESH_ENVIRONMENT: "dev" }).environment,
    ).toBe("staging");
  });

  it("lets them raise it: a dev stack judged at prod levels", () => {
    expect(resolvePackEnvironment({ PULUMI_STACK: "orders-dev", MESH_ENVIRONMENT: "prod" })).toEqual({
      environment: "prod",
      source: "stack name orders-dev; raised to prod by MESH_ENVIRONMENT",
    });
    const config = JSON.stringify({ "mesh:environment": "staging" });
    expect(resolvePackEnvironment({ PULUMI_STACK: "orders-dev", PULUMI_CONFIG: config }).environment).toBe(
      "staging",
    );
  });

  it("fails closed to prod when the stack name names no environment, whatever the config says", () => {
    expect(resolvePackEnvironment({ PULUMI_STACK: "feature-x", PULUMI_CONFIG: "{}" })).toEqual({
      environment: "prod",
      source: "no environment in the stack name: failing closed to prod",
    });
    const dev = { MESH_ENVIRONMENT: "dev", PULUMI_CONFIG: JSON.stringify({ "mesh:environment": "dev" }) };
    expect(resolvePackEnvironment({ ...dev, PULUMI_STACK: "feature-x" }).environment).toBe("prod");
    expect(resolvePackEnvironment(dev).environment).toBe("prod");
  });

  it("rejects explicit values that are not environments", () => {
    expect(() => resolvePackEnvironment({ PULUMI_STACK: "orders-dev", MESH_ENVIRONMENT: "qa" })).toThrow(
      /MESH_ENVIRONMENT "qa"/,
    );
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
    // A rule whose fix is switched off cannot remediate: it is enforced as it stands.
    expect(defaultLevel({ ...tags, remediateResource: undefined }, "prod")).toBe("mandatory");
  });

  it("adds the environment to every rule's config schema, keeping the rule's own properties", () => {
    for (const rule of allRules) {
      const deployed = forEnvironment(rule, "staging");
      expect(configDefaults(deployed).environment, rule.name).toBe("staging");
      expect(deployed.remediationSteps).toBe(rule.remediation);
      expect(deployed.tags, rule.name).toEqual([rule.group]);
    }
    expect(configDefaults(forEnvironment(ruleNamed("kafka-topic-replication-factor"), "dev"))).toEqual({
      minReplicationFactor: 3,
      environment: "dev",
    });
  });

  it("admits no --policy-pack-config environment less strict than the pack's", () => {
    const schema = (env: "dev" | "staging" | "prod") =>
      forEnvironment(ruleNamed("stateful-resources-protected"), env).configSchema!.properties!.environment;
    expect(schema("prod")).toMatchObject({ type: "string", enum: ["prod"], default: "prod" });
    expect(schema("staging")).toMatchObject({ enum: ["staging", "prod"] });
    expect(schema("dev")).toMatchObject({ enum: ["dev", "staging", "prod"] });
  });

  it("fills in config only from schema defaults, as the Pulumi CLI does", () => {
    expect(configDefaults(ruleNamed("s3-no-public-acl"))).toStrictEqual({});
    const rule = ruleNamed("kafka-topic-replication-factor");
    const noDefault = {
      ...rule,
      configSchema: { properties: { ...rule.configSchema!.properties, owner: { type: "string" as const } } },
    };
    expect(configDefaults(noDefault)).toStrictEqual({ minReplicationFactor: 3 });
  });

  it("declares no config property the Pulumi SDK reserves", () => {
    for (const rule of allRules)
      expect(Object.keys(rule.configSchema?.properties ?? {}), rule.name).not.toContain("enforcementLevel");
  });
});

describe("environmentOf: the environment a rule judges for", () => {
  const of = (config: object) => environmentOf({ getConfig: <T extends object>() => config as T });
  it("is the configured environment, or prod when it is unset or not one (fail closed)", () => {
    expect(of({ environment: "dev" })).toBe("dev");
    expect(of({ environment: "staging" })).toBe("staging");
    expect(of({})).toBe("prod");
    expect(of({ environment: "qa" })).toBe("prod");
  });
});
