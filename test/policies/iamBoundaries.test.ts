/**
 * The IAM rules' boundaries: the second element of a list, the statement that denies rather than
 * allows, the pattern that is narrower than `*`, the other ARN partitions, and the message a user
 * reads when a document cannot be parsed at all.
 */
import { UNKNOWN_STRING } from "../../policies/engine/index.js";
import { glueTrust, irsaTrust, role, rolePolicy, TABLE } from "./cases/iam.js";
import { type RuleCases, resource, runCases } from "./harness.js";

const malformedTrust = () => resource("aws:iam/role:Role", { assumeRolePolicy: "{not json" });
const ROLE_ARN = "arn:aws:iam::111122223333:role";
const attachment = (policyArn: string) =>
  resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn });

const cases: RuleCases[] = [
  {
    rule: "iam-no-wildcard-action",
    violating: [
      {
        name: "two whole services in one statement, both named",
        resources: () => [rolePolicy({ Effect: "Allow", Action: ["s3:*", "glue:*"], Resource: TABLE })],
        message: /: Action s3:\*, glue:\*; list specific actions\.$/,
      },
    ],
    compliant: [
      {
        name: "a wildcard narrower than the service (s3:*Object)",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: "s3:*Object", Resource: "arn:aws:s3:::b/*" }),
        ],
      },
    ],
  },
  {
    rule: "iam-no-wildcard-resource",
    violating: [
      {
        name: "two scopable actions on *, both named",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: ["glue:GetTable", "s3:GetObject"], Resource: "*" }),
        ],
        message: /Resource "\*" for glue:GetTable, s3:GetObject; name the ARNs\.$/,
      },
    ],
    compliant: [
      {
        name: "a Deny on *",
        resources: () => [rolePolicy({ Effect: "Deny", Action: "s3:GetObject", Resource: "*" })],
      },
    ],
  },
  {
    rule: "iam-passrole-scoped",
    violating: [
      {
        name: "PassRole listed beside another action, on every role of two accounts",
        resources: () => [
          rolePolicy({
            Effect: "Allow",
            Action: ["iam:GetRole", "iam:PassRole"],
            Resource: [`${ROLE_ARN}/*`, "arn:aws:iam::444455556666:role/*"],
          }),
        ],
        message:
          /iam:PassRole on arn:aws:iam::111122223333:role\/\*, arn:aws:iam::444455556666:role\/\*; name the roles\.$/,
      },
      {
        name: "PassRole with NotResource (every role but one)",
        resources: () => [
          rolePolicy({ Effect: "Allow", Action: "iam:PassRole", NotResource: `${ROLE_ARN}/admin` }),
        ],
        message: /iam:PassRole on NotResource arn:aws:iam::111122223333:role\/admin; name the roles\.$/,
      },
      {
        name: "PassRole on role-name patterns (every domain's ingest role, any major of one product)",
        resources: () => [
          rolePolicy({
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: [`${ROLE_ARN}/*-ingest`, `${ROLE_ARN}/acme-mesh-prod-sales--orders-v?-ingest`],
          }),
        ],
        message:
          /iam:PassRole on arn:aws:iam::111122223333:role\/\*-ingest, arn:aws:iam::111122223333:role\/acme-mesh-prod-sales--orders-v\?-ingest; name the roles\.$/,
      },
    ],
    compliant: [
      {
        name: "a Deny of PassRole on *",
        resources: () => [rolePolicy({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" })],
      },
      {
        name: "other actions on every role",
        resources: () => [rolePolicy({ Effect: "Allow", Action: "iam:GetRole", Resource: `${ROLE_ARN}/*` })],
      },
    ],
  },
  {
    rule: "iam-trust-no-wildcard-principal",
    violating: [
      {
        name: "a trust policy that is not JSON",
        resources: () => [malformedTrust()],
        message: /^assumeRolePolicy is not valid JSON; it must be an IAM policy document\.$/,
      },
    ],
    compliant: [
      {
        name: "a Deny to every principal beside a named one",
        resources: () => [
          resource("aws:iam/role:Role", {
            assumeRolePolicy: JSON.stringify({
              Statement: [glueTrust, { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }],
            }),
          }),
        ],
      },
    ],
  },
  {
    rule: "iam-irsa-trust-conditions",
    violating: [
      {
        name: "a trust policy that is not JSON",
        resources: () => [malformedTrust()],
        message: /^assumeRolePolicy is not valid JSON; it must be an IAM policy document\.$/,
      },
      {
        name: "web identity listed beside sts:TagSession, without conditions",
        resources: () => [
          role({ ...irsaTrust({}), Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"] }),
        ],
        message: /no StringEquals condition on <issuer>:(sub|aud)/,
      },
    ],
    compliant: [
      {
        name: "a Deny of web identity (nothing to pin)",
        resources: () => [role({ ...irsaTrust({}), Effect: "Deny" })],
      },
    ],
  },
  {
    rule: "iam-no-admin-managed-policy",
    violating: [
      {
        name: "AdministratorAccess in GovCloud",
        resources: () => [attachment("arn:aws-us-gov:iam::aws:policy/AdministratorAccess")],
        message: /^policyArn: arn:aws-us-gov:iam::aws:policy\/AdministratorAccess is admin-level/,
      },
      {
        name: "a forbidden policy under a path (job-function/)",
        resources: () => [attachment("arn:aws:iam::aws:policy/job-function/SystemAdministrator")],
        config: { forbiddenPolicies: ["SystemAdministrator"] },
        message: /job-function\/SystemAdministrator is admin-level/,
      },
    ],
    compliant: [],
  },
  {
    rule: "iam-permission-document-known",
    violating: [
      {
        name: "a role whose whole inline policy list is unknown",
        resources: () => [
          resource("aws:iam/role:Role", {
            assumeRolePolicy: JSON.stringify({ Statement: [glueTrust] }),
            inlinePolicies: UNKNOWN_STRING,
          }),
        ],
        message: /^inlinePolicies is unknown at preview/,
      },
    ],
    compliant: [
      {
        name: "a role whose inline policy list has an empty (null) entry",
        resources: () => [role(glueTrust, { inlinePolicies: [null] })],
      },
    ],
  },
];

runCases(cases);
