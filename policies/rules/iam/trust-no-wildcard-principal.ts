import { at, hasWildcardPrincipal, parsePolicyDocument } from "../shared/iamPolicy.js";
import { ROLE_TYPE } from "../shared/policyDocuments.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** Compliant: no Allow statement of a role trust policy names a `*` principal. */
const rule: MeshResourcePolicy = {
  name: "iam-trust-no-wildcard-principal",
  description: "IAM role trust policies never let any principal assume the role.",
  group: "iam",
  severity: "critical",
  remediation:
    "Name the trusted principal: a service (glue.amazonaws.com), an account/role ARN, or an OIDC provider.",
  validateResource: forTypes([ROLE_TYPE], (props, _args, report) => {
    const parsed = parsePolicyDocument(props.assumeRolePolicy);
    if ("error" in parsed)
      return report(`assumeRolePolicy ${parsed.error}; it must be an IAM policy document.`);
    for (const s of parsed.statements) {
      if (s.effect === "Allow" && hasWildcardPrincipal(s)) {
        report(
          `${at("assumeRolePolicy", s)}: Principal "*" lets anyone assume the role; name the principal.`,
        );
      }
    }
  }),
};

export default rule;
