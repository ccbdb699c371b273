/**
 * iam-irsa-trust-conditions pins the audience as strictly as the service account: a trust that
 * pins `:sub` but leaves `:aud` open (absent, a wildcard, or a negative operator) lets a token
 * minted for another audience assume the role.
 */
import { policyJson } from "./fixtures.js";
import { resource, runCases } from "./harness.js";

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const SERVICE_ACCOUNT = "system:serviceaccount:sales:orders-v1-transform";
const role = (condition: Record<string, unknown>) =>
  resource("aws:iam/role:Role", {
    assumeRolePolicy: policyJson({
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: condition,
    }),
  });

runCases([
  {
    rule: "iam-irsa-trust-conditions",
    violating: [
      {
        name: "the service account pinned but no audience",
        resources: () => [role({ StringEquals: { [SUB]: SERVICE_ACCOUNT } })],
        message: /^assumeRolePolicy Statement\[0\]: no StringEquals condition on <issuer>:aud;/,
      },
      {
        name: "an audience that is a wildcard",
        resources: () => [role({ StringEquals: { [SUB]: SERVICE_ACCOUNT }, StringLike: { [AUD]: "sts.*" } })],
        message: /<issuer>:aud matches the wildcard "sts\.\*"/,
      },
      {
        name: "an audience only excluded (StringNotEquals pins nothing)",
        resources: () => [
          role({ StringEquals: { [SUB]: SERVICE_ACCOUNT }, StringNotEquals: { [AUD]: "other" } }),
        ],
        message: /no StringEquals condition on <issuer>:aud/,
      },
      {
        name: "the audience pinned but no service account",
        resources: () => [role({ StringEquals: { [AUD]: "sts.amazonaws.com" } })],
        message: /no StringEquals condition on <issuer>:sub/,
      },
    ],
    compliant: [
      {
        name: "sub and aud pinned with StringLike and no wildcard",
        resources: () => [role({ StringLike: { [SUB]: SERVICE_ACCOUNT, [AUD]: "sts.amazonaws.com" } })],
      },
    ],
  },
]);
