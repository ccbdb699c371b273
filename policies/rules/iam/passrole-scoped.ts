import { actionMatches, at } from "../shared/iamPolicy.js";
import { forEachPermissionStatement, PERMISSION_POLICY_HOLDERS } from "../shared/policyDocuments.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/**
 * `*`, or an ARN with a wildcard: it names no role but every role it matches, whatever its domain
 * (`role/*`, but also `role/*-ingest`, every domain's ingest role).
 */
const isRolePattern = (resource: string) => /[*?]/.test(resource);

/** Compliant: statements allowing iam:PassRole name the roles that may be passed. */
const rule: MeshResourcePolicy = {
  name: "iam-passrole-scoped",
  description: "IAM policies grant iam:PassRole only on named roles.",
  group: "iam",
  severity: "critical",
  remediation: "Set Resource to the role ARNs to pass and add an iam:PassedToService condition.",
  validateResource: forTypes(PERMISSION_POLICY_HOLDERS, (props, args, report) => {
    forEachPermissionStatement(args.type, props, report, (s, field) => {
      if (s.effect !== "Allow" || !s.actions.some((a) => actionMatches(a, "iam:PassRole"))) return;
      const broad = s.resources.filter(isRolePattern);
      if (broad.length > 0 || s.notResources.length > 0) {
        report(
          `${at(field, s)}: iam:PassRole on ${[...broad, ...s.notResources.map((r) => `NotResource ${r}`)].join(", ")}; name the roles.`,
        );
      }
    });
  }),
};

export default rule;
