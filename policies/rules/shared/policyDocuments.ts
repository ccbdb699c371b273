import type { ReportViolation } from "@pulumi/policy";
import { parsePolicyDocument, type Statement } from "./iamPolicy.js";
import { asArray } from "./resource.js";

/** IAM resources whose `policy` input is a permissions policy document. */
export const PERMISSION_POLICY_TYPES = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
] as const;
export const ROLE_TYPE = "aws:iam/role:Role";
/** Every type whose inputs carry a permissions policy: the above plus a role's `inlinePolicies`. */
export const PERMISSION_POLICY_HOLDERS: readonly string[] = [...PERMISSION_POLICY_TYPES, ROLE_TYPE];

/** The permission policy documents of a resource, each with the input path it came from. */
export function permissionDocuments(type: string, props: Record<string, any>) {
  if (type === ROLE_TYPE) {
    return asArray(props.inlinePolicies).map((p: any, i: number) => ({
      field: `inlinePolicies[${i}].policy`,
      document: p?.policy as unknown,
    }));
  }
  return (PERMISSION_POLICY_TYPES as readonly string[]).includes(type)
    ? [{ field: "policy", document: props.policy as unknown }]
    : [];
}

/**
 * Calls `check` for every statement of every permission document of a resource; a document that
 * does not parse is itself a violation, since nothing else can be checked on it.
 */
export function forEachPermissionStatement(
  type: string,
  props: Record<string, any>,
  report: ReportViolation,
  check: (statement: Statement, field: string) => void,
): void {
  for (const { field, document } of permissionDocuments(type, props)) {
    if (document === undefined) continue;
    const parsed = parsePolicyDocument(document);
    if ("error" in parsed) {
      report(`${field} ${parsed.error}; it must be an IAM policy document.`);
      continue;
    }
    for (const statement of parsed.statements) check(statement, field);
  }
}
