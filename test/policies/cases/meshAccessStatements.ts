/**
 * mesh-grants-within-product-access: how each kind of grant is read. Who an IAM document is given
 * to (groups, attachments, references unknown at preview), what its statements reach (NotAction,
 * NotResource, Deny, patterns that stop short), and which Kafka ACLs and Lake Formation
 * permissions read data; the compliant cases are grants that look close but reach nothing.
 */
import { UNKNOWN_STRING } from "../../../policies/engine/index.js";
import { policyJson } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";
import {
  ANALYTICS_ROLE,
  domain,
  GLUE,
  inlinePolicy,
  lakeFormation,
  lfPermission,
  MARKETING_ROLE,
  OTHER_POLICY_ARN,
  readerPolicy,
  rolePolicy,
  second,
  topicAcl,
  WAREHOUSE,
} from "./meshAccessFixtures.js";

export const meshAccessStatementCases: RuleCases[] = [
  {
    rule: "mesh-grants-within-product-access",
    violating: [
      {
        name: "a reader policy attached as DataProduct.grantRead does: by its arn, unknown at preview",
        resources: () => {
          const policy = readerPolicy(`${GLUE}/customers_prod/customers_v2`);
          const attachment = resource(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            { role: ANALYTICS_ROLE, policyArn: UNKNOWN_STRING },
            { propertyDependencies: { policyArn: [policy.urn] } },
          );
          return [domain(), policy, attachment];
        },
        message: /given to acme-prod-analytics-revenue-v1\): reaches table customers_prod\.customers_v2/,
        urnOf: second,
      },
      {
        name: "an inline policy given to its Role by reference (the role's id, unknown at preview)",
        resources: () => {
          const role = resource("aws:iam/role:Role", { name: ANALYTICS_ROLE, assumeRolePolicy: "{}" });
          const policy = rolePolicy(UNKNOWN_STRING, {
            Effect: "Allow",
            Action: "glue:GetTable",
            Resource: `${GLUE}/customers_prod/customers_v2`,
          });
          policy.propertyDependencies = { role: [role.urn] };
          return [domain(), policy, role];
        },
        message: /given to acme-prod-analytics-revenue-v1\): reaches table customers_prod\.customers_v2/,
        urnOf: second,
      },
      {
        name: "a statement that excepts s3:GetObject (NotAction), leaving s3:GetObjectVersion",
        resources: () => [
          domain(),
          rolePolicy(ANALYTICS_ROLE, {
            Effect: "Allow",
            NotAction: "s3:GetObject",
            Resource: `${WAREHOUSE}/customers/customers/v2/*`,
          }),
        ],
        message:
          /given to acme-prod-analytics-revenue-v1\): reaches files customers\/customers\/v2\/, its full data/,
        urnOf: second,
      },
      {
        name: "a statement on every file but a scratch bucket's and the staging buckets' (NotResource)",
        resources: () => [
          domain(),
          rolePolicy(ANALYTICS_ROLE, {
            Effect: "Allow",
            Action: "s3:GetObject",
            // The warehouse bucket is neither: its files stay granted, whatever its name.
            NotResource: ["arn:aws:s3:::acme-scratch/*", "arn:*:s3:::acme-prod-*"],
          }),
        ],
        message:
          /given to acme-prod-analytics-revenue-v1\): reaches files customers\/customers\/v2\/, its full data/,
        urnOf: second,
      },
      {
        name: "a pattern that stops at the account (every table of it)",
        resources: () => [domain(), inlinePolicy(ANALYTICS_ROLE, "arn:aws:glue:eu-west-1:111122223333*")],
        message: /reaches table customers_prod\.customers_v2, its full data/,
        urnOf: second,
      },
      {
        name: "a bucket policy opening the full table's files to a consumer's role, named by its ARN",
        resources: () => [
          domain(),
          resource("aws:s3/bucketPolicy:BucketPolicy", {
            bucket: "acme-warehouse",
            policy: policyJson({
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::111122223333:role/mesh/${ANALYTICS_ROLE}` },
              Action: "s3:GetObject",
              Resource: `${WAREHOUSE}/customers/customers/v2/*`,
            }),
          }),
        ],
        message:
          /^policy Statement\[0\] \(given to acme-prod-analytics-revenue-v1\): reaches files customers\/customers\/v2\//,
        urnOf: second,
      },
      {
        name: "READ on every topic (*)",
        resources: () => [domain(), topicAcl("User:analytics", "*")],
        message: /^aclResourceName \* \(Read for User:analytics\): reaches topic /,
        urnOf: second,
      },
      // However a Lake Formation table is written to mean every table of its database.
      ...[
        ["wildcard: true beside a name", { wildcard: true, name: "customers_v2_redacted" }],
        ["name: *", { name: "*" }],
        ["no name", {}],
      ].map(([how, table]) => ({
        name: `Lake Formation on every table of the database (${how})`,
        resources: () => [domain(), lfPermission(ANALYTICS_ROLE, table as Record<string, unknown>)],
        message:
          /^table customers_prod\.\* \(given to acme-prod-analytics-revenue-v1\): reaches table customers_prod\.customers_v2, its full data/,
        urnOf: second,
      })),
    ],
    compliant: [
      {
        name: "a managed policy on the full table attached to nobody: the stack's attachments and roles name other policies",
        resources: () => [
          domain(),
          readerPolicy(`${GLUE}/customers_prod/customers_v2`),
          ...[
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: ANALYTICS_ROLE } },
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", props: { user: "intern" } },
            { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", props: { group: "analysts" } },
            {
              type: "aws:iam/policyAttachment:PolicyAttachment",
              props: { name: "x", roles: [ANALYTICS_ROLE] },
            },
          ].map(({ type, props }) => resource(type, { ...props, policyArn: OTHER_POLICY_ARN })),
          resource("aws:iam/role:Role", {
            name: ANALYTICS_ROLE,
            assumeRolePolicy: "{}",
            managedPolicyArns: [OTHER_POLICY_ARN],
          }),
          resource("aws:iam/role:Role", { name: MARKETING_ROLE, assumeRolePolicy: "{}" }),
        ],
      },
      {
        name: "a consumer's grants that read no data: writes only, everything but reads (NotAction)",
        resources: () => [
          domain(),
          rolePolicy(
            ANALYTICS_ROLE,
            { Effect: "Allow", Action: "s3:PutObject", Resource: `${WAREHOUSE}/customers/customers/v2/*` },
            { Effect: "Allow", NotAction: ["s3:GetObject*", "glue:Get*", "kafka-cluster:*"], Resource: "*" },
          ),
        ],
      },
      {
        name: "Deny statements, in a consumer's policy and in the bucket policy",
        resources: () => [
          domain(),
          rolePolicy(ANALYTICS_ROLE, {
            Effect: "Deny",
            Action: ["s3:GetObject", "glue:GetTable"],
            Resource: [`${WAREHOUSE}/customers/customers/v2/*`, `${GLUE}/customers_prod/customers_v2`],
          }),
          resource("aws:s3/bucketPolicy:BucketPolicy", {
            bucket: "acme-warehouse",
            policy: policyJson({
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: `${WAREHOUSE}/*`,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          }),
        ],
      },
      {
        name: "a statement on every file and table but the product's full data and staging buckets, wherever they are (NotResource)",
        resources: () => [
          domain(),
          rolePolicy(ANALYTICS_ROLE, {
            Effect: "Allow",
            Action: ["s3:GetObject", "glue:GetTable"],
            NotResource: [
              "arn:*:s3:::*/customers/customers/v2/*",
              "arn:*:glue:*:*:table/customers_prod/customers_v2",
              "arn:*:s3:::acme-prod-*",
            ],
          }),
        ],
      },
      {
        name: "policy documents that do not parse (the iam-* and s3-* rules report them)",
        resources: () => [
          domain(),
          resource("aws:iam/rolePolicy:RolePolicy", { role: ANALYTICS_ROLE, policy: "{not json" }),
          resource("aws:iam/role:Role", {
            name: ANALYTICS_ROLE,
            assumeRolePolicy: "{}",
            inlinePolicies: [{ name: "empty" }],
          }),
          resource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "acme-warehouse", policy: "{not json" }),
        ],
      },
      {
        name: "Kafka ACLs that read no topic: DENY, Describe, DescribeConfigs, and READ on consumer groups",
        resources: () => [
          domain(),
          topicAcl("User:analytics", "customers.customers.v2", { aclPermissionType: "Deny" }),
          topicAcl("User:analytics", "customers.customers.v2", { aclOperation: "Describe" }),
          topicAcl("User:analytics", "customers.customers.v2", { aclOperation: "DescribeConfigs" }),
          topicAcl("User:analytics", "*", { aclResourceType: "Group" }),
        ],
      },
      {
        name: "a consumer's Lake Formation grants on its own database and on the projection",
        resources: () => [
          domain(),
          lfPermission(ANALYTICS_ROLE, { databaseName: "analytics_prod", wildcard: true }),
          lakeFormation(ANALYTICS_ROLE, {
            dataCellsFilter: {
              databaseName: "customers_prod",
              tableName: "customers_v2_redacted",
              name: "eu",
            },
          }),
          // Same table name, another database: not the producer's table.
          lakeFormation(ANALYTICS_ROLE, {
            dataCellsFilter: { databaseName: "analytics_prod", tableName: "customers_v2", name: "eu" },
          }),
          lakeFormation(ANALYTICS_ROLE, {
            permissions: ["DATA_LOCATION_ACCESS"],
            dataLocation: { arn: `${WAREHOUSE}/customers/customers/v2-redacted/` },
          }),
        ],
      },
      {
        name: "resources that hold a policy or name the full table but grant nothing: a VPC endpoint policy, LF-Tags",
        resources: () => [
          domain(),
          resource("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", {
            vpcEndpointId: "vpce-1",
            policy: policyJson({
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Resource: `${WAREHOUSE}/*`,
            }),
          }),
          resource("aws:lakeformation/resourceLfTags:ResourceLfTags", {
            table: { databaseName: "customers_prod", name: "customers_v2" },
            lfTags: [{ key: "pii", value: "true" }],
          }),
        ],
      },
    ],
  },
];
