/**
 * Package entry `@datamesh/platform/policies`: the rules and the offline engine that runs them.
 * Importing it must stay side-effect free, so it never constructs a PolicyPack (that starts the
 * gRPC server the Pulumi CLI talks to); policies/index.ts does that.
 */

export * from "../engine/index.js";
export { allRules } from "./all.js";
export { configDefaults, defaultLevel, forEnvironment } from "./enforcement.js";
export { environmentOf } from "./environment.js";
export type {
  MeshPolicy,
  MeshResourcePolicy,
  MeshRuleMetadata,
  MeshStackPolicy,
  RuleGroup,
  RuleSeverity,
} from "./types.js";
export { isStackPolicy, RULE_GROUPS } from "./types.js";
