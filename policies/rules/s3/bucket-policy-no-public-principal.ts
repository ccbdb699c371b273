import { at, hasWildcardPrincipal, parsePolicyDocument, type Statement } from "../shared/iamPolicy.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { BUCKET, BUCKET_POLICY } from "./tokens.js";

/** Condition keys that pin a `*` principal to an account, organisation or network (AWS: "not public"). */
const RESTRICTING_KEYS = [
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourcevpc",
  "aws:sourcevpce",
];

const isRestricted = (s: Statement) =>
  Object.values(s.conditions).some((entries) =>
    Object.keys(entries).some((key) => RESTRICTING_KEYS.includes(key.toLowerCase())),
  );

/** Compliant: no Allow statement of a bucket policy grants `*` principals without an account/org/VPC condition. */
const rule: MeshResourcePolicy = {
  name: "s3-bucket-policy-no-public-principal",
  description: "S3 bucket policies never allow anonymous (`*`) principals.",
  group: "s3",
  severity: "critical",
  remediation:
    "Name the allowed principals (role ARNs), or condition the statement on aws:PrincipalOrgID or aws:SourceVpce.",
  validateResource: forTypes([...BUCKET_POLICY, ...BUCKET], (props, _args, report) => {
    if (props.policy === undefined) return;
    const parsed = parsePolicyDocument(props.policy);
    if ("error" in parsed) return report(`policy ${parsed.error}; it must be an IAM policy document.`);
    for (const s of parsed.statements) {
      if (s.effect === "Allow" && hasWildcardPrincipal(s) && !isRestricted(s)) {
        report(
          `${at("policy", s)}: allows Principal "*"; name the principals or add an aws:PrincipalOrgID condition.`,
        );
      }
    }
  }),
};

export default rule;
