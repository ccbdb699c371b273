import { asArray, typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** AWS managed policies that grant account-wide or cross-domain power. */
export const FORBIDDEN_MANAGED_POLICIES = [
  "AdministratorAccess",
  "PowerUserAccess",
  "IAMFullAccess",
  "AmazonS3FullAccess",
  "AmazonMSKFullAccess",
  "AWSGlueConsoleFullAccess",
];

/** Input holding attached managed-policy ARNs, per resource type. */
const ARN_FIELDS: Record<string, string> = {
  "aws:iam/role:Role": "managedPolicyArns",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
  "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
  "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
};

const awsManagedName = (arn: string) => /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];

/** Compliant: no AWS managed admin-level policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, …) is attached. */
const rule: MeshResourcePolicy = {
  name: "iam-no-admin-managed-policy",
  description: "Admin-level AWS managed policies are never attached.",
  group: "iam",
  severity: "critical",
  remediation:
    "Detach the managed policy and grant a least-privilege inline or customer-managed policy instead.",
  configSchema: {
    properties: {
      forbiddenPolicies: { type: "array", items: { type: "string" }, default: FORBIDDEN_MANAGED_POLICIES },
    },
  },
  validateResource: typedValidation(Object.keys(ARN_FIELDS), (args, report) => {
    const field = ARN_FIELDS[args.type];
    if (!field) return args.notApplicable("the resource attaches no managed policies");
    const { forbiddenPolicies = FORBIDDEN_MANAGED_POLICIES } = args.getConfig<{
      forbiddenPolicies?: string[];
    }>();
    for (const arn of asArray(args.props[field])) {
      const name = typeof arn === "string" ? awsManagedName(arn) : undefined;
      if (name && forbiddenPolicies.includes(name))
        report(`${field}: ${arn} is admin-level; attach a least-privilege policy.`);
    }
  }),
};

export default rule;
