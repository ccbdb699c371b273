import { UNKNOWN_STRING } from "../../../policies/engine/index.js";
import { policyJson } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";

export const rolePolicy = (...statements: Record<string, unknown>[]) =>
  resource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: policyJson(...statements) });
export const role = (trust: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  resource("aws:iam/role:Role", { assumeRolePolicy: policyJson(trust), ...extra });
export const TABLE = "arn:aws:glue:eu-west-1:111122223333:table/sales_prod/orders_v1";
export const glueTrust = {
  Effect: "Allow",
  Principal: { Service: "glue.amazonaws.com" },
  Action: "sts:AssumeRole",
};
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
export const irsaTrust = (condition: Record<string, unknown>) => ({
  Effect: "Allow",
  Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: condition,
});

/** Documents of iam-permission-document-known's compliant case. */
const KEY_USE = policyJson({
  Effect: "Allow",
  Action: ["kms:Decrypt"],
  Resource: "arn:aws:kms:eu-west-1:111122223333:key/*",
  Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/acme-mesh-prod-sales" } },
});
const TRUST = policyJson({
  Effect: "Allow",
  Principal: { Service: "glue.amazonaws.com" },
  Action: "sts:AssumeRole",
});

export const iamCases: RuleCases[] = [
  {
    rule: "iam-no-wildcard-action",
    violating: [
      {
        name: "Action *",
        resources: () => [rolePolicy({ Effect: "Allow", Action: "*", Resource: TABLE })],
        message: /^policy Statement\[0\]: Action \*/,
      },
      {
        name: "s3:* in a managed policy",
        resources: () => [
          resource("aws:iam/policy:Policy", {
            policy: policyJson({
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:*"],
              Resource: "arn:aws:s3:::b/*",
            }),
          }),
        ],
        message: /Action s3:\*;/,
      },
      {
        name: "NotAction in a role's inline policy",
        resources: () => [
          role(glueTrust, {
            inlinePolicies: [
              { name: "p", policy: policyJson({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
            ],
          }),
        ],
        message: /^inlinePolicies\[0\]\.policy Statement\[0\]: Allow with NotAction/,
      },
    ],
    compliant: [
      {
        name: "named actions and narrow wildcards",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: ["glue:GetTable", "s3:Get*"], Resource: TABLE }),
        ],
      },
      { name: "a Deny on *", resources: () => [rolePolicy({ Effect: "Deny", Action: "*", Resource: "*" })] },
    ],
  },
  {
    rule: "iam-no-wildcard-resource",
    violating: [
      {
        name: "scopable action on *",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: ["glue:GetTable", "sts:GetCallerIdentity"], Resource: "*" }),
        ],
        message: /^policy Statement\[0\]: Resource "\*" for glue:GetTable;/,
      },
      {
        name: "Allow with NotResource",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }),
        ],
        message: /NotResource/,
      },
      {
        name: "an action removed from the unscopable list by config",
        resources: () => [rolePolicy({ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" })],
        config: { unscopableActions: [] },
        message: /Resource "\*" for sts:GetCallerIdentity/,
      },
    ],
    compliant: [
      {
        name: "unscopable actions on *",
        resources: () => [
          rolePolicy({
            Effect: "Allow",
            Action: ["sts:GetCallerIdentity", "ec2:DescribeSubnets"],
            Resource: "*",
          }),
        ],
      },
      {
        name: "scoped ARNs",
        resources: () => [rolePolicy({ Effect: "Allow", Action: "glue:GetTable", Resource: TABLE })],
      },
    ],
  },
  {
    rule: "iam-passrole-scoped",
    violating: [
      {
        name: "PassRole on *",
        resources: () => [rolePolicy({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })],
        message: /iam:PassRole on \*; name the roles/,
      },
      {
        name: "iam:Pass* on every role",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: "iam:Pass*", Resource: "arn:aws:iam::111122223333:role/*" }),
        ],
        message: /iam:PassRole on arn:aws:iam::111122223333:role\/\*/,
      },
    ],
    compliant: [
      {
        name: "PassRole on a named role",
        resources: () => [
          rolePolicy({
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: "arn:aws:iam::111122223333:role/acme-prod-sales--orders-v1",
            Condition: { StringEquals: { "iam:PassedToService": "glue.amazonaws.com" } },
          }),
        ],
      },
    ],
  },
  {
    rule: "iam-trust-no-wildcard-principal",
    violating: [
      {
        name: "Principal *",
        resources: () => [role({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })],
        message: /^assumeRolePolicy Statement\[0\]: Principal "\*"/,
      },
      {
        name: "AWS: *",
        resources: () => [role({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" })],
        message: /Principal "\*"/,
      },
    ],
    compliant: [
      { name: "a service principal", resources: () => [role(glueTrust)] },
      {
        name: "a trust policy given as an object",
        resources: () => [
          resource("aws:iam/role:Role", {
            assumeRolePolicy: { Version: "2012-10-17", Statement: [glueTrust] },
          }),
        ],
      },
    ],
  },
  {
    rule: "iam-irsa-trust-conditions",
    violating: [
      {
        name: "web identity without conditions",
        resources: () => [role(irsaTrust({}))],
        message: /no StringEquals condition on <issuer>:(sub|aud)/,
      },
      {
        name: "a wildcard service account",
        resources: () => [
          role(
            irsaTrust({
              StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:sales:*" },
              StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" },
            }),
          ),
        ],
        message: /<issuer>:sub matches the wildcard "system:serviceaccount:sales:\*"/,
      },
    ],
    compliant: [
      {
        name: "sub and aud pinned",
        resources: () => [
          role(
            irsaTrust({
              StringEquals: {
                [`${ISSUER}:sub`]: "system:serviceaccount:sales:orders-v1-transform",
                [`${ISSUER}:aud`]: "sts.amazonaws.com",
              },
            }),
          ),
        ],
      },
      { name: "a role without web-identity trust (not applicable)", resources: () => [role(glueTrust)] },
    ],
  },
  {
    rule: "iam-no-admin-managed-policy",
    violating: [
      {
        name: "AdministratorAccess attachment",
        resources: () => [
          resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
            role: "r",
            policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
          }),
        ],
        message: /^policyArn: arn:aws:iam::aws:policy\/AdministratorAccess is admin-level/,
      },
      {
        name: "PowerUserAccess in managedPolicyArns",
        resources: () => [
          role(glueTrust, { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] }),
        ],
        message: /^managedPolicyArns: .*PowerUserAccess/,
      },
      {
        name: "IAMFullAccess in an exclusive attachment set",
        resources: () => [
          resource("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", {
            roleName: "r",
            policyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"],
          }),
        ],
        message: /^policyArns: .*IAMFullAccess/,
      },
    ],
    compliant: [
      {
        name: "a read-only managed policy",
        resources: () => [
          resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
            role: "r",
            policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
          }),
        ],
      },
      {
        name: "a customer policy named AdministratorAccess",
        resources: () => [
          resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
            role: "r",
            policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess",
          }),
        ],
      },
    ],
  },
  {
    rule: "iam-permission-document-known",
    violating: [
      {
        name: "1. a role policy built from another resource's output (a key's ARN)",
        resources: () => [resource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: UNKNOWN_STRING })],
        message: /^policy is unknown at preview/,
      },
      {
        name: "2. a managed policy whose document is unknown",
        resources: () => [resource("aws:iam/policy:Policy", { name: "p", policy: UNKNOWN_STRING })],
        message: /^policy is unknown at preview/,
      },
      {
        name: "3. a role whose trust policy is unknown",
        resources: () => [resource("aws:iam/role:Role", { assumeRolePolicy: UNKNOWN_STRING })],
        message: /^assumeRolePolicy is unknown at preview/,
      },
      {
        name: "4. a role with an unknown inline policy",
        resources: () => [
          resource("aws:iam/role:Role", {
            assumeRolePolicy: TRUST,
            inlinePolicies: [{ name: "keys", policy: UNKNOWN_STRING }],
          }),
        ],
        message: /^inlinePolicies\[0\]\.policy is unknown at preview/,
      },
      {
        name: "5. a bucket policy whose document is unknown",
        resources: () => [
          resource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: UNKNOWN_STRING }),
        ],
        message: /^policy is unknown at preview/,
      },
      {
        name: "6. a KMS key whose key policy is unknown",
        resources: () => [resource("aws:kms/key:Key", { enableKeyRotation: true, policy: UNKNOWN_STRING })],
        message: /^policy is unknown at preview/,
      },
    ],
    compliant: [
      {
        name: "a KMS key with the default key policy (none given)",
        resources: () => [resource("aws:kms/key:Key", { enableKeyRotation: true })],
      },
      {
        name: "documents known at preview (the data key named by its alias), even with an unknown role id",
        resources: () => [
          resource("aws:iam/rolePolicy:RolePolicy", { role: UNKNOWN_STRING, policy: KEY_USE }),
          resource("aws:iam/role:Role", {
            assumeRolePolicy: TRUST,
            inlinePolicies: [{ name: "k", policy: KEY_USE }],
          }),
        ],
      },
    ],
  },
];
