import {
  actionMatches,
  at,
  conditionsEndingWith,
  parsePolicyDocument,
  type Statement,
} from "../shared/iamPolicy.js";
import { ROLE_TYPE } from "../shared/policyDocuments.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

const EXACT_OPERATORS = ["StringEquals", "StringLike"];

/** Why `<issuer>:<claim>` does not pin the claim to exact values, or undefined when it does. */
function claimProblem(s: Statement, claim: "sub" | "aud"): string | undefined {
  const entries = conditionsEndingWith(s, `:${claim}`).filter((c) => EXACT_OPERATORS.includes(c.operator));
  if (entries.length === 0) return `no StringEquals condition on <issuer>:${claim}`;
  const wildcard = entries.flatMap((c) => c.values).find((v) => /[*?]/.test(v));
  return wildcard === undefined ? undefined : `<issuer>:${claim} matches the wildcard "${wildcard}"`;
}

/** Compliant: web-identity (IRSA) trust statements pin both the `:sub` and `:aud` claims to exact values. */
const rule: MeshResourcePolicy = {
  name: "iam-irsa-trust-conditions",
  description: "Web-identity (IRSA) role trust is limited to one service account and audience.",
  group: "iam",
  severity: "critical",
  remediation:
    'Add Condition StringEquals {"<issuer>:sub": "system:serviceaccount:<ns>:<sa>", "<issuer>:aud": "sts.amazonaws.com"}.',
  validateResource: forTypes([ROLE_TYPE], (props, args, report) => {
    const parsed = parsePolicyDocument(props.assumeRolePolicy);
    if ("error" in parsed)
      return report(`assumeRolePolicy ${parsed.error}; it must be an IAM policy document.`);
    const webIdentity = parsed.statements.filter(
      (s) => s.effect === "Allow" && s.actions.some((a) => actionMatches(a, "sts:AssumeRoleWithWebIdentity")),
    );
    if (webIdentity.length === 0) return args.notApplicable("the role has no web-identity trust");
    for (const s of webIdentity) {
      for (const claim of ["sub", "aud"] as const) {
        const problem = claimProblem(s, claim);
        if (problem) report(`${at("assumeRolePolicy", s)}: ${problem}; pin it with StringEquals.`);
      }
    }
  }),
};

export default rule;
