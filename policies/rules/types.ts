import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export const RULE_GROUPS = ["s3", "iam", "kafka", "kubernetes", "governance", "mesh"] as const;
export type RuleGroup = (typeof RULE_GROUPS)[number];
export type RuleSeverity = "low" | "medium" | "high" | "critical";

/** What every mesh rule carries on top of the `@pulumi/policy` policy shape. */
export interface MeshRuleMetadata {
  group: RuleGroup;
  severity: RuleSeverity;
  /** What to change so the rule passes; also sent to Pulumi as `remediationSteps`. */
  remediation: string;
  /**
   * A tenancy boundary rather than a best practice: mandatory in every environment, `dev` too,
   * because what it stops (one tenant acting outside its node) is no safer in dev.
   */
  boundary?: boolean;
}

export type MeshResourcePolicy = ResourceValidationPolicy & MeshRuleMetadata;
export type MeshStackPolicy = StackValidationPolicy & MeshRuleMetadata;
export type MeshPolicy = MeshResourcePolicy | MeshStackPolicy;

export function isStackPolicy(rule: MeshPolicy): rule is MeshStackPolicy {
  return typeof (rule as MeshStackPolicy).validateStack === "function";
}
