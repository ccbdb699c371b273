/** The TLS-only bucket policy every bucket needs, and the cases of the rule that checks it. */
import { policyJson } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";
import { BUCKET, bucket } from "./s3Companions.js";

export const ARN = "arn:aws:s3:::acme-prod-sales-orders";

export const tlsDeny = {
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
export const bucketPolicy = (...statements: Record<string, unknown>[]) =>
  resource("aws:s3/bucketPolicy:BucketPolicy", {
    bucket: "acme-prod-sales-orders",
    policy: policyJson(...statements),
  });

export const tlsOnlyCases: RuleCases = {
  rule: "s3-bucket-policy-tls-only",
  violating: [
    {
      name: "a policy without the TLS deny",
      resources: () => [
        bucketPolicy({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::1:role/r" },
          Action: "s3:GetObject",
          Resource: ARN,
        }),
      ],
      message: /^policy: no statement denies s3:\*/,
    },
    {
      name: "a TLS deny that only covers GetObject",
      resources: () => [bucketPolicy({ ...tlsDeny, Action: "s3:GetObject" })],
      message: /aws:SecureTransport/,
    },
    {
      name: "a policy that is not JSON",
      resources: () => [resource("aws:s3/bucketPolicy:BucketPolicy", { policy: "{" })],
      message: /^policy is not valid JSON/,
    },
    {
      name: "a TLS deny on another bucket",
      resources: () => [
        bucketPolicy({
          ...tlsDeny,
          Resource: ["arn:aws:s3:::some-other-bucket", "arn:aws:s3:::some-other-bucket/*"],
        }),
      ],
      message: /^policy: no statement denies s3:\* on bucket "acme-prod-sales-orders"/,
    },
    {
      name: "a TLS deny on one prefix of the bucket only",
      resources: () => [bucketPolicy({ ...tlsDeny, Resource: [ARN, `${ARN}/public/*`] })],
      message: /all its objects/,
    },
    {
      name: "a TLS deny narrowed by a further condition (only requests from one VPC)",
      resources: () => [
        bucketPolicy({
          ...tlsDeny,
          Condition: { ...tlsDeny.Condition, StringEquals: { "aws:SourceVpc": "vpc-1" } },
        }),
      ],
      message: /on no other condition/,
    },
    {
      name: "the TLS statement as an Allow",
      resources: () => [bucketPolicy({ ...tlsDeny, Effect: "Allow" })],
      message: /^policy: no statement denies s3:\*/,
    },
    {
      name: "a deny on StringNotEquals aws:SecureTransport false (it denies the TLS requests instead)",
      resources: () => [
        bucketPolicy({ ...tlsDeny, Condition: { StringNotEquals: { "aws:SecureTransport": "false" } } }),
      ],
      message: /^policy: no statement denies s3:\*/,
    },
    {
      name: "a deny on another condition key (aws:ViaAWSService false)",
      resources: () => [bucketPolicy({ ...tlsDeny, Condition: { Bool: { "aws:ViaAWSService": "false" } } })],
      message: /^policy: no statement denies s3:\*/,
    },
    {
      // An inline policy competes with the BucketPolicy: the old rule never looked at it.
      name: "a bucket's inline policy without the TLS deny",
      resources: () => [
        resource(BUCKET, {
          bucket: "acme-prod-sales-orders",
          policy: policyJson({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::1:role/r" },
            Action: "s3:*",
            Resource: ARN,
          }),
        }),
      ],
      message: /^policy: no statement denies s3:\*/,
    },
  ],
  compliant: [
    { name: "the standard TLS deny", resources: () => [bucketPolicy(tlsDeny)] },
    { name: "a bucket without an inline policy", resources: () => [bucket()] },
    {
      name: "a bucket whose inline policy is empty (as the provider records it)",
      resources: () => [resource(BUCKET, { bucket: "acme-prod-sales-orders", policy: "" })],
    },
    {
      name: "the TLS deny listing s3:* among other actions, after an Allow statement",
      resources: () => [
        bucketPolicy(
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::1:role/r" },
            Action: "s3:GetObject",
            Resource: ARN,
          },
          { ...tlsDeny, Action: ["s3:GetObject", "s3:*"] },
        ),
      ],
    },
    {
      name: "a TLS deny on every resource",
      resources: () => [bucketPolicy({ ...tlsDeny, Resource: "*" })],
    },
    {
      name: "a TLS deny in the China partition",
      resources: () => [
        bucketPolicy({
          ...tlsDeny,
          Resource: ["arn:aws-cn:s3:::acme-prod-sales-orders", "arn:aws-cn:s3:::acme-prod-sales-orders/*"],
        }),
      ],
    },
    {
      name: "a bucket whose inline policy has the TLS deny",
      resources: () => [resource(BUCKET, { bucket: "acme-prod-sales-orders", policy: policyJson(tlsDeny) })],
    },
  ],
};
