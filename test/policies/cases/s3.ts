import { UNKNOWN_STRING } from "../../../policies/engine/index.js";
import { type RuleCases, resource } from "../harness.js";
import { BUCKET, bucket, inlineSettingsCases, s3CompanionCases } from "./s3Companions.js";
import { ARN, bucketPolicy, tlsDeny, tlsOnlyCases } from "./s3Policy.js";

export const s3Cases: RuleCases[] = [
  {
    rule: "s3-public-access-block-all-flags",
    violating: [
      {
        name: "a block leaving restrictPublicBuckets off",
        resources: () => [
          resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
            bucket: "b",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
          }),
        ],
        message: /^restrictPublicBuckets: must be true/,
      },
      {
        name: "a block leaving two flags off",
        resources: () => [
          resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
            bucket: "b",
            blockPublicPolicy: true,
            ignorePublicAcls: true,
          }),
        ],
        message:
          /^blockPublicAcls, restrictPublicBuckets: must be true; set every public access block flag\.$/,
      },
    ],
    compliant: [
      {
        name: "all four flags true",
        resources: () => [
          resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
            bucket: "b",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          }),
        ],
      },
    ],
  },
  {
    rule: "s3-no-public-acl",
    violating: [
      {
        name: "bucket acl public-read-write",
        resources: () => [resource(BUCKET, { acl: "public-read-write" })],
        message: /^acl: "public-read-write"/,
      },
      {
        name: "BucketAcl authenticated-read",
        resources: () => [resource("aws:s3/bucketAcl:BucketAcl", { bucket: "b", acl: "authenticated-read" })],
        message: /^acl:/,
      },
      {
        name: "BucketAcl grant to AllUsers",
        resources: () => [
          resource("aws:s3/bucketAcl:BucketAcl", {
            bucket: "b",
            accessControlPolicy: {
              owner: { id: "o" },
              grants: [
                {
                  permission: "READ",
                  grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
                },
              ],
            },
          }),
        ],
        message: /^grants: grant to .*AllUsers/,
      },
      {
        name: "a bucket's inline grant to AuthenticatedUsers",
        resources: () => [
          resource(BUCKET, {
            grants: [
              {
                type: "Group",
                uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                permissions: ["READ"],
              },
            ],
          }),
        ],
        message:
          /^grants: grant to http:\/\/acs\.amazonaws\.com\/groups\/global\/AuthenticatedUsers is public; remove it\.$/,
      },
    ],
    compliant: [
      {
        name: "a bucket's inline grants to its owner by canonical ID and to the log-delivery group",
        resources: () => [
          resource(BUCKET, {
            grants: [
              {
                type: "CanonicalUser",
                id: "79a59df900b949e55d96a1e698fbaced",
                permissions: ["FULL_CONTROL"],
              },
              {
                type: "Group",
                uri: "http://acs.amazonaws.com/groups/s3/LogDelivery",
                permissions: ["WRITE"],
              },
            ],
          }),
        ],
      },
      {
        name: "a BucketAcl with an empty (null) grant entry beside the owner's grant",
        resources: () => [
          resource("aws:s3/bucketAcl:BucketAcl", {
            bucket: "b",
            accessControlPolicy: {
              owner: { id: "o" },
              grants: [null, { permission: "FULL_CONTROL", grantee: { type: "CanonicalUser", id: "o" } }],
            },
          }),
        ],
      },
      {
        name: "private acl",
        resources: () => [resource("aws:s3/bucketAclV2:BucketAclV2", { bucket: "b", acl: "private" })],
      },
      { name: "no acl", resources: () => [bucket()] },
    ],
  },
  {
    rule: "s3-bucket-policy-no-public-principal",
    violating: [
      {
        name: 'Allow to Principal "*"',
        resources: () => [
          bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*` }),
        ],
        message: /^policy Statement\[0\]: allows Principal "\*"/,
      },
      {
        name: 'Allow to {AWS: "*"} inline on the bucket',
        resources: () => [
          resource(BUCKET, {
            policy: {
              Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: ARN }],
            },
          }),
        ],
        message: /Principal "\*"/,
      },
      {
        name: "a policy that is not JSON",
        resources: () => [resource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: "{" })],
        message: /^policy is not valid JSON.*; it must be an IAM policy document\.$/,
      },
    ],
    compliant: [
      { name: "a TLS deny to *", resources: () => [bucketPolicy(tlsDeny)] },
      {
        name: "* restricted by aws:PrincipalOrgID beside another key of the same operator",
        resources: () => [
          bucketPolicy({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${ARN}/*`,
            Condition: {
              StringEquals: { "s3:ExistingObjectTag/shared": "yes", "aws:PrincipalOrgID": "o-abc" },
            },
          }),
        ],
      },
      {
        name: "* restricted by aws:PrincipalOrgID",
        resources: () => [
          bucketPolicy({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${ARN}/*`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } },
          }),
        ],
      },
      {
        name: "a named role",
        resources: () => [
          bucketPolicy({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::1:role/r" },
            Action: "s3:GetObject",
            Resource: ARN,
          }),
        ],
      },
    ],
  },
  tlsOnlyCases,
  {
    rule: "s3-encryption-sse-kms-bucket-key",
    violating: [
      {
        name: "AES256",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
          }),
        ],
        message: /^rules\[0\]\.applyServerSideEncryptionByDefault\.sseAlgorithm: "AES256"/,
      },
      {
        name: "aws:kms without a bucket key",
        resources: () => [
          resource(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            {
              bucket: "b",
              rules: [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" } },
              ],
            },
          ),
        ],
        message: /^rules\[0\]\.bucketKeyEnabled: must be true/,
      },
      {
        // Without a key ID, S3 uses the account-wide AWS-managed aws/s3 key, not the domain's.
        name: "aws:kms without a key ID",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [
              { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true },
            ],
          }),
        ],
        message:
          /^rules\[0\]\.applyServerSideEncryptionByDefault\.kmsMasterKeyId: unset, so the AWS-managed aws\/s3 key is used/,
      },
      {
        name: "DSSE-KMS without a key ID",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [
              { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: "" } },
            ],
          }),
        ],
        message: /kmsMasterKeyId: unset/,
      },
      {
        name: "aws:kms with a key ID recorded as null (state file)",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [
              {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: null },
                bucketKeyEnabled: true,
              },
            ],
          }),
        ],
        message: /^rules\[0\]\.applyServerSideEncryptionByDefault\.kmsMasterKeyId: unset/,
      },
      {
        name: "no rules",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [],
          }),
        ],
        message: /^rules: empty; add a rule with sseAlgorithm aws:kms\.$/,
      },
      {
        name: "a rule setting only bucketKeyEnabled, and an empty (null) rule",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [{ bucketKeyEnabled: true }, null],
          }),
        ],
        message: /^rules\[[01]\]\.applyServerSideEncryptionByDefault\.sseAlgorithm: unset; use "aws:kms"\.$/,
      },
    ],
    compliant: [
      {
        name: "the domain's key, unknown until it exists (preview)",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [
              {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: UNKNOWN_STRING,
                },
                bucketKeyEnabled: true,
              },
            ],
          }),
        ],
      },
      {
        name: "aws:kms with a bucket key",
        resources: () => [
          resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
            bucket: "b",
            rules: [
              {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" },
                bucketKeyEnabled: true,
              },
            ],
          }),
        ],
      },
    ],
  },
  {
    rule: "s3-versioning-enabled",
    violating: [
      {
        name: "Suspended",
        resources: () => [
          resource("aws:s3/bucketVersioning:BucketVersioning", {
            bucket: "b",
            versioningConfiguration: { status: "Suspended" },
          }),
        ],
        message: /^versioningConfiguration\.status: "Suspended"/,
      },
      {
        name: "no versioning configuration",
        resources: () => [resource("aws:s3/bucketVersioning:BucketVersioning", { bucket: "b" })],
        message: /^versioningConfiguration\.status: unset; set it to "Enabled"\.$/,
      },
    ],
    compliant: [
      {
        name: "Enabled",
        resources: () => [
          resource("aws:s3/bucketVersioningV2:BucketVersioningV2", {
            bucket: "b",
            versioningConfiguration: { status: "Enabled" },
          }),
        ],
      },
    ],
  },
  {
    rule: "s3-lifecycle-expires-and-aborts-uploads",
    violating: [
      {
        name: "an expiring rule that is Disabled and no abort",
        resources: () => [
          resource("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", {
            bucket: "b",
            rules: [{ id: "expire", status: "Disabled", expiration: { days: 30 } }],
          }),
        ],
        message: /^rules: no Enabled rule sets (expiration|abortIncompleteMultipartUpload)/,
      },
      {
        name: "an Enabled abort rule beside an expiring rule that is Disabled",
        resources: () => [
          resource("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", {
            bucket: "b",
            rules: [
              { id: "expire", status: "Disabled", expiration: { days: 30 } },
              { id: "abort", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            ],
          }),
        ],
        message: /^rules: no Enabled rule sets expiration or noncurrentVersionExpiration; add one\.$/,
      },
      {
        name: "an Enabled expiring rule and no abort",
        resources: () => [
          resource("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", {
            bucket: "b",
            rules: [{ id: "expire", status: "Enabled", expiration: { days: 30 } }],
          }),
        ],
        message:
          /^rules: no Enabled rule sets abortIncompleteMultipartUpload\.daysAfterInitiation; add one\.$/,
      },
    ],
    compliant: [
      {
        name: "noncurrent expiration and an abort rule",
        resources: () => [
          resource("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", {
            bucket: "b",
            rules: [
              { id: "noncurrent", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 30 } },
              { id: "abort", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            ],
          }),
        ],
      },
      {
        name: "one rule expiring on a date and aborting uploads, beside an empty (null) entry",
        resources: () => [
          resource("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", {
            bucket: "b",
            rules: [
              null,
              {
                id: "all",
                status: "Enabled",
                expiration: { date: "2030-01-01T00:00:00Z" },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
              },
            ],
          }),
        ],
      },
    ],
  },
  {
    rule: "s3-ownership-bucket-owner-enforced",
    violating: [
      {
        name: "ObjectWriter",
        resources: () => [
          resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", {
            bucket: "b",
            rule: { objectOwnership: "ObjectWriter" },
          }),
        ],
        message: /^rule\.objectOwnership: "ObjectWriter"/,
      },
      {
        name: "no rule",
        resources: () => [
          resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b" }),
        ],
        message: /^rule\.objectOwnership: unset; set it to "BucketOwnerEnforced"\.$/,
      },
    ],
    compliant: [
      {
        name: "BucketOwnerEnforced",
        resources: () => [
          resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", {
            bucket: "b",
            rule: { objectOwnership: "BucketOwnerEnforced" },
          }),
        ],
      },
    ],
  },
  ...s3CompanionCases,
  inlineSettingsCases,
];
