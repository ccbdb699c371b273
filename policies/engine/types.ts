import type { EnforcementLevel } from "@pulumi/policy";

/** One resource as planned by a preview or recorded in a deployment, in the shape rules receive. */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  /** Inputs; values unknown until deployment hold Pulumi's sentinels (see {@link UNKNOWN_STRING}). */
  inputs: Record<string, any>;
  /** Outputs, when deployed; stack rules see these (as in `pulumi up`), else the inputs. */
  outputs?: Record<string, any>;
  parentUrn?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
  /** Provider reference `<provider urn>::<provider id>`. */
  provider?: string;
  custom?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

/** Pulumi's sentinel for a string input that is unknown until deployment. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type ViolationLevel = Exclude<EnforcementLevel, "disabled">;

export interface Violation {
  /** Rule name. */
  policy: string;
  /** The resource in violation; for a stack-wide finding, the stack's URN (or "" without one). */
  urn: string;
  /** `remediate`: the rule changed the resource's inputs (already applied to later checks). */
  level: ViolationLevel;
  message: string;
  /**
   * `note`: the rule could not decide, because a value it reads is unknown until deployment
   * ("can't run … during preview", always advisory). A note is not a violation: reports list
   * notes apart, and what must not stay unknown has its own rule (iam-permission-document-known).
   */
  kind?: "note";
}

/** Whether a finding is a note (the rule could not evaluate) rather than a violation. */
export const isNote = (v: Violation): boolean => v.kind === "note";

export interface EvaluateOptions {
  /** `dev`, `staging` or `prod`: selects default levels and is the rules' `environment` config. */
  environment: string;
  stackTags?: Record<string, string>;
  /** Per-rule level overrides, as `--policy-pack-config` gives them. */
  levels?: Record<string, EnforcementLevel>;
  /** Per-rule config overrides (on top of each rule's schema defaults). */
  config?: Record<string, Record<string, unknown>>;
}
