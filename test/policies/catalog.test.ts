import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DOCS_PATH, withRulesTable } from "../../policies/docs.js";
import { allRules } from "../../policies/rules/all.js";
import { RULE_GROUPS } from "../../policies/rules/types.js";
import { expectedTaggableTypesModule, GENERATED_PATH } from "../../policies/tools/scanTaggableTypes.js";
import { governanceCases } from "./cases/governance.js";
import { iamCases } from "./cases/iam.js";
import { kafkaCases } from "./cases/kafka.js";
import { kubernetesCases } from "./cases/kubernetes.js";
import { meshCases } from "./cases/mesh.js";
import { s3Cases } from "./cases/s3.js";

const RULES_DIR = fileURLToPath(new URL("../../policies/rules/", import.meta.url));

describe("rule catalogue", () => {
  it("has at least 30 rules with unique kebab-case names and complete metadata", () => {
    expect(allRules.length).toBeGreaterThanOrEqual(30);
    expect(new Set(allRules.map((r) => r.name)).size).toBe(allRules.length);
    for (const rule of allRules) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(RULE_GROUPS).toContain(rule.group);
      expect(["low", "medium", "high", "critical"]).toContain(rule.severity);
      expect(rule.description, rule.name).toMatch(/^[A-Z].*\.$/);
      expect(rule.remediation.length, rule.name).toBeGreaterThan(10);
    }
  });

  it("keeps one rule per file, each with a doc comment stating the compliant condition, all registered", () => {
    const ruleFiles = RULE_GROUPS.flatMap((group) =>
      readdirSync(join(RULES_DIR, group))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => readFileSync(join(RULES_DIR, group, f), "utf8"))
        .filter((source) => source.includes("export default rule;")),
    );
    expect(ruleFiles).toHaveLength(allRules.length);
    for (const source of ruleFiles) {
      expect(source).toMatch(/\/\*\* Compliant: [^\n]+\*\/\nconst rule: Mesh(Resource|Stack)Policy = \{/);
      expect(source.match(/^export default /gm)).toHaveLength(1);
    }
  });

  it("tests every rule with at least one violating and one compliant case", () => {
    const cases = [
      ...s3Cases,
      ...iamCases,
      ...kafkaCases,
      ...kubernetesCases,
      ...governanceCases,
      ...meshCases,
    ];
    // A rule's cases may come in several groups (one per path to its data, say); each group has both kinds.
    expect([...new Set(cases.map((c) => c.rule))].sort()).toEqual(allRules.map((r) => r.name).sort());
    for (const c of cases) {
      expect(c.violating.length, c.rule).toBeGreaterThan(0);
      expect(c.compliant.length, c.rule).toBeGreaterThan(0);
    }
  });

  it("docs/policies.md carries the current rules table (npx tsx policies/docs.ts --write)", () => {
    const docs = readFileSync(DOCS_PATH, "utf8");
    expect(docs).toBe(withRulesTable(docs));
    for (const rule of allRules) expect(docs).toContain(`| \`${rule.name}\` |`);
  });

  it("the taggable AWS type list matches the installed @pulumi/aws (npx tsx policies/tools/scanTaggableTypes.ts --write)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(expectedTaggableTypesModule());
  });
});
