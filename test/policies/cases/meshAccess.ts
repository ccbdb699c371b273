/**
 * mesh-grants-within-product-access: each violating case is a grant that lets a consumer reach
 * customers' PII (or any of its data without the producer's consent) by one path.
 */
import { type PlannedResource, UNKNOWN_STRING } from "../../../policies/engine/index.js";
import { policyJson } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";

const OWNER_ROLE = "acme-prod-customers-customers-v2";
const ANALYTICS_ROLE = "acme-prod-analytics-revenue-v1";
const MARKETING_ROLE = "acme-prod-marketing-campaigns-v1";
const WAREHOUSE = "arn:aws:s3:::acme-warehouse";
const GLUE = "arn:aws:glue:eu-west-1:111122223333:table";

/** customers.customers.v2 as its producer's Domain registers it: analytics consented, nobody admitted to PII. */
const customersAccess = (admitAnalytics = false) => ({
  hasPii: true,
  consumers: ["analytics"],
  pii: admitAnalytics ? ["analytics"] : [],
  topicReaders: ["User:customers", ...(admitAnalytics ? ["User:analytics"] : []), "User:mesh-connect"],
  stagingBucket: "acme-prod-customers-customers-v2",
  stagingReaders: [OWNER_ROLE, `${OWNER_ROLE}-ingest`],
});

/**
 * analytics.revenue.v1 as its producer's Domain registers it: derived only from other products
 * (`ingestion: false`), so it has no topic and no staging bucket, and nobody may reach either.
 */
const revenueAccess = () => ({
  hasPii: false,
  consumers: [],
  pii: [],
  topicReaders: [],
  stagingBucket: "acme-prod-analytics-revenue-v1",
  stagingReaders: [],
});

/** The stack's Domain component: customers (the producer) or analytics (a consumer). */
const domain = (name: "customers" | "analytics" = "customers", admitAnalytics = false) =>
  resource(
    "mesh:index:Domain",
    {},
    {
      name,
      outputs: {
        domain: name,
        environment: "prod",
        products: name === "customers" ? ["customers.customers.v2"] : ["analytics.revenue.v1"],
        consumes: name === "customers" ? [] : ["customers.customers.v2"],
        productAccess: {
          "customers.customers.v2": customersAccess(admitAnalytics),
          "analytics.revenue.v1": revenueAccess(),
        },
        // The roles the access lists' domains stand for.
        transformRoles: { customers: [OWNER_ROLE], analytics: [ANALYTICS_ROLE], marketing: [MARKETING_ROLE] },
      },
    },
  );

/** READ on a topic, allowed, unless `changes` say otherwise. */
const topicAcl = (
  principal: string,
  name = "customers.customers.v2",
  changes: Record<string, unknown> = {},
) =>
  resource("kafka:index/acl:Acl", {
    aclResourceType: "Topic",
    aclResourceName: name,
    resourcePatternTypeFilter: "Literal",
    aclHost: "*",
    aclOperation: "Read",
    aclPermissionType: "Allow",
    aclPrincipal: principal,
    ...changes,
  });
const rolePolicy = (role: string, ...statements: Record<string, unknown>[]) =>
  resource("aws:iam/rolePolicy:RolePolicy", { role, policy: policyJson(...statements) });
const inlinePolicy = (role: string, ...resources: string[]) =>
  rolePolicy(role, { Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources });
/** A Lake Formation permission for `role` (given by its ARN, with a path, as AWS reports it). */
const lakeFormation = (role: string, inputs: Record<string, unknown>) =>
  resource("aws:lakeformation/permissions:Permissions", {
    principal: `arn:aws:iam::111122223333:role/mesh/${role}`,
    permissions: ["SELECT", "DESCRIBE"],
    ...inputs,
  });
const lfPermission = (role: string, table: Record<string, unknown>, field = "table") =>
  lakeFormation(role, { [field]: { catalogId: "111122223333", databaseName: "customers_prod", ...table } });
const READER_POLICY_ARN = "arn:aws:iam::111122223333:policy/acme-prod-customers-customers-v2-read";
/** A policy the stack does not define: attaching it gives none of the stack's grants. */
const OTHER_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";
/** A managed reader policy on `resources`, attached by whatever follows it. */
const readerPolicy = (...resources: string[]) =>
  resource("aws:iam/policy:Policy", {
    name: "acme-prod-customers-customers-v2-read",
    policy: policyJson({ Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources }),
  });
/** A managed reader policy and its attachment to `role`, as DataProduct.grantRead makes them. */
const attachedReader = (role: string, ...resources: string[]) => [
  resource("aws:iam/policy:Policy", {
    name: "acme-prod-customers-customers-v2-read",
    policy: policyJson({ Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources }),
  }),
  resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
    role,
    policyArn: "arn:aws:iam::111122223333:policy/acme-prod-customers-customers-v2-read",
  }),
];
const second = (rs: PlannedResource[]) => rs[1]!.urn;
const NOT_ADMITTED =
  /reaches .+, (its full records|its full data) of customers\.customers\.v2, which its producer does not admit/;

export const meshAccessCases: RuleCases[] = [
  {
    rule: "mesh-grants-within-product-access",
    violating: [
      {
        name: "READ on the topic (full records) for a consumer not admitted to the PII",
        resources: () => [domain(), topicAcl("User:analytics")],
        message:
          /^aclResourceName customers\.customers\.v2 \(Read for User:analytics\): reaches topic customers\.customers\.v2, its full records of customers\.customers\.v2, which its producer does not admit User:analytics to\.$/,
        urnOf: second,
      },
      {
        name: "a prefixed ACL over the producer's topics, dead-letter topic included",
        resources: () => [
          domain(),
          topicAcl("User:analytics", "customers.", { resourcePatternTypeFilter: "Prefixed" }),
        ],
        message: NOT_ADMITTED,
        urnOf: second,
      },
      {
        name: "a reader policy on the full table's files attached to a consumer not admitted to the PII",
        resources: () => [
          domain(),
          ...attachedReader(
            ANALYTICS_ROLE,
            `${WAREHOUSE}/customers/customers/v2/*`,
            `${GLUE}/customers_prod/customers_v2`,
          ),
        ],
        message: /given to acme-prod-analytics-revenue-v1\): reaches (files|table) .*its full data/,
        urnOf: second,
      },
      {
        name: "an inline policy whose key pattern covers the full table's files (v2*)",
        resources: () => [
          domain("analytics"),
          inlinePolicy(ANALYTICS_ROLE, `${WAREHOUSE}/customers/customers/v2*`),
        ],
        message:
          /^policy Statement\[0\] \(given to acme-prod-analytics-revenue-v1\): reaches files customers\/customers\/v2\/, its full data/,
        urnOf: second,
      },
      {
        name: "an inline policy with a partial-name wildcard (customers/cust*)",
        resources: () => [domain("analytics"), inlinePolicy(ANALYTICS_ROLE, `${WAREHOUSE}/customers/cust*`)],
        message: NOT_ADMITTED,
        urnOf: second,
      },
      {
        name: "an IAM grant on the full Glue table from the consumer's own stack",
        resources: () => [
          domain("analytics"),
          inlinePolicy(ANALYTICS_ROLE, `${GLUE}/customers_prod/customers_v2`),
        ],
        message: /reaches table customers_prod\.customers_v2, its full data/,
        urnOf: second,
      },
      {
        name: "a role's inline policy on the producer's whole warehouse prefix",
        resources: () => [
          domain("analytics"),
          resource("aws:iam/role:Role", {
            name: ANALYTICS_ROLE,
            inlinePolicies: [
              {
                name: "x",
                policy: policyJson({ Effect: "Allow", Action: "s3:*", Resource: `${WAREHOUSE}/*` }),
              },
            ],
          }),
        ],
        message:
          /^inlinePolicies\[0\]\.policy Statement\[0\] \(given to acme-prod-analytics-revenue-v1\): reaches files/,
        urnOf: second,
      },
      // Every other way IAM gives a managed policy to someone: each grantee is checked, not roles only.
      ...(
        [
          [
            "a user",
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", props: { user: "intern" } },
            "user/intern",
          ],
          [
            "a group",
            { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", props: { group: "analysts" } },
            "group/analysts",
          ],
          [
            "roles, users and groups at once (PolicyAttachment)",
            {
              type: "aws:iam/policyAttachment:PolicyAttachment",
              props: { name: "x", users: ["intern"], groups: [], roles: [] },
            },
            "user/intern",
          ],
          [
            "a role through PolicyAttachment",
            {
              type: "aws:iam/policyAttachment:PolicyAttachment",
              props: { name: "x", roles: [ANALYTICS_ROLE] },
            },
            ANALYTICS_ROLE,
          ],
          [
            "a group through PolicyAttachment",
            { type: "aws:iam/policyAttachment:PolicyAttachment", props: { name: "x", groups: ["analysts"] } },
            "group/analysts",
          ],
          [
            "a role listing it among its managedPolicyArns",
            {
              type: "aws:iam/role:Role",
              props: {
                name: ANALYTICS_ROLE,
                assumeRolePolicy: "{}",
                managedPolicyArns: [OTHER_POLICY_ARN, READER_POLICY_ARN],
              },
            },
            ANALYTICS_ROLE,
          ],
        ] as const
      ).map(([who, attachment, grantee]) => ({
        name: `a reader policy on the full table attached to ${who}`,
        resources: () => [
          domain(),
          readerPolicy(`${GLUE}/customers_prod/customers_v2`),
          resource(attachment.type, { ...attachment.props, policyArn: READER_POLICY_ARN }),
        ],
        message: new RegExp(`given to ${grantee.replace("/", "\\/")}\\): reaches table .*its full data`),
        urnOf: second,
      })),
      {
        name: "a user's inline policy on the full table",
        resources: () => [
          domain(),
          resource("aws:iam/userPolicy:UserPolicy", {
            user: "intern",
            policy: policyJson({
              Effect: "Allow",
              Action: ["glue:GetTable"],
              Resource: `${GLUE}/customers_prod/customers_v2`,
            }),
          }),
        ],
        message: /given to user\/intern\): reaches table customers_prod\.customers_v2, its full data/,
        urnOf: second,
      },
      {
        name: "a group's inline policy on the full table",
        resources: () => [
          domain(),
          resource("aws:iam/groupPolicy:GroupPolicy", {
            group: "analysts",
            policy: policyJson({
              Effect: "Allow",
              Action: ["glue:GetTable"],
              Resource: `${GLUE}/customers_prod/customers_v2`,
            }),
          }),
        ],
        message: /given to group\/analysts\): reaches table customers_prod\.customers_v2, its full data/,
        urnOf: second,
      },
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
      {
        name: "a Lake Formation data cells filter on the full table",
        resources: () => [
          domain(),
          lakeFormation(ANALYTICS_ROLE, {
            dataCellsFilter: { databaseName: "customers_prod", tableName: "customers_v2", name: "all-rows" },
          }),
        ],
        message: /^dataCellsFilter customers_prod\.customers_v2 .*its full data/,
        urnOf: second,
      },
      {
        name: "a Lake Formation data location over the full table's files",
        resources: () => [
          domain(),
          lakeFormation(ANALYTICS_ROLE, {
            permissions: ["DATA_LOCATION_ACCESS"],
            dataLocation: { arn: `${WAREHOUSE}/customers/customers/v2` },
          }),
        ],
        message: /^dataLocation arn:aws:s3:::acme-warehouse\/customers\/customers\/v2 .*its full data/,
        urnOf: second,
      },
      {
        name: "Lake Formation SELECT on the full table for a consumer not admitted to the PII",
        resources: () => [domain(), lfPermission(ANALYTICS_ROLE, { name: "customers_v2" })],
        message:
          /^table customers_prod\.customers_v2 \(given to acme-prod-analytics-revenue-v1\): reaches table customers_prod\.customers_v2, its full data/,
        urnOf: second,
      },
      {
        name: "Lake Formation on every table of the database, through column permissions",
        resources: () => [domain(), lfPermission(ANALYTICS_ROLE, { wildcard: true }, "tableWithColumns")],
        message: NOT_ADMITTED,
        urnOf: second,
      },
      {
        name: "the PII-free projection for a domain the producer does not consent to",
        resources: () => [
          domain(),
          lfPermission(MARKETING_ROLE, { name: "customers_v2_redacted" }),
          ...attachedReader(MARKETING_ROLE, `${WAREHOUSE}/customers/customers/v2-redacted/*`),
        ],
        message:
          /given to acme-prod-marketing-campaigns-v1\): reaches (table|files) .*its PII-free projection of customers\.customers\.v2/,
        urnOf: second,
      },
      {
        name: "a wildcard over a product the stack does not consume, from the mesh's access lists",
        resources: () => {
          const d = domain("analytics");
          d.outputs!.productAccess = {
            ...(d.outputs!.productAccess as object),
            "hr.staff.v1": {
              hasPii: false,
              consumers: [],
              pii: [],
              topicReaders: ["User:hr", "User:mesh-connect"],
            },
          };
          d.outputs!.transformRoles = {
            ...(d.outputs!.transformRoles as object),
            hr: ["acme-prod-hr-staff-v1"],
          };
          return [d, inlinePolicy(ANALYTICS_ROLE, `${WAREHOUSE}/h*`)];
        },
        message:
          /reaches files hr\/staff\/v1\/, its full data of hr\.staff\.v1, which its producer does not admit acme-prod-analytics-revenue-v1 to/,
        urnOf: second,
      },
      {
        name: "the staging bucket's raw records, even to a consumer admitted to the PII",
        resources: () => [
          domain("customers", true),
          inlinePolicy(ANALYTICS_ROLE, "arn:aws:s3:::acme-prod-customers-customers-v2/v2/raw/*"),
        ],
        message:
          /reaches files s3:\/\/acme-prod-customers-customers-v2\/, its raw records of customers\.customers\.v2, which its producer does not admit acme-prod-analytics-revenue-v1 to/,
        urnOf: second,
      },
      {
        name: "the would-be staging bucket of a product without ingestion, even to its own transform",
        resources: () => [
          domain("analytics"),
          inlinePolicy(ANALYTICS_ROLE, "arn:aws:s3:::acme-prod-analytics-revenue-v1/v1/*"),
        ],
        message:
          /reaches files s3:\/\/acme-prod-analytics-revenue-v1\/, its raw records of analytics\.revenue\.v1, which its producer does not admit acme-prod-analytics-revenue-v1 to/,
        urnOf: second,
      },
      {
        name: "READ on the topic name of a product without ingestion, even to its owner",
        resources: () => [domain("analytics"), topicAcl("User:analytics", "analytics.revenue.v1")],
        message: /reaches topic analytics\.revenue\.v1, its full records of analytics\.revenue\.v1/,
        urnOf: second,
      },
      {
        name: "a bucket policy opening the full table's files to every principal",
        resources: () => [
          domain(),
          resource("aws:s3/bucketPolicy:BucketPolicy", {
            bucket: "acme-warehouse",
            policy: policyJson({
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Resource: `${WAREHOUSE}/customers/*`,
            }),
          }),
        ],
        message: /^policy Statement\[0\] \(given to \*\): reaches files customers\/customers\/v2/,
        urnOf: second,
      },
      {
        name: "a Domain that registers no access lists",
        resources: () => [
          resource("mesh:index:Domain", {}, { outputs: { domain: "customers", environment: "prod" } }),
        ],
        message: /^productAccess: domain customers registers no access lists/,
      },
      {
        name: "a Domain whose access lists come without the roles their domains stand for",
        resources: () => {
          const d = domain();
          delete d.outputs!.transformRoles;
          return [d, inlinePolicy(ANALYTICS_ROLE, `${WAREHOUSE}/customers/customers/v2/*`)];
        },
        message: /^transformRoles: domain customers registers no transform roles/,
      },
    ],
    compliant: [
      {
        name: "the producer's grants as DataProduct makes them: topic to owner and Connect, projection to analytics",
        resources: () => [
          domain(),
          inlinePolicy(`${OWNER_ROLE}-ingest`, "arn:aws:s3:::acme-prod-customers-customers-v2/v2/raw/*"),
          inlinePolicy(OWNER_ROLE, "arn:aws:s3:::acme-prod-customers-customers-v2/v2/*"),
          topicAcl("User:customers"),
          topicAcl("User:mesh-connect"),
          inlinePolicy(
            OWNER_ROLE,
            `${WAREHOUSE}/customers/customers/v2/*`,
            `${GLUE}/customers_prod/customers_v2`,
          ),
          lfPermission(ANALYTICS_ROLE, { name: "customers_v2_redacted" }),
          ...attachedReader(
            ANALYTICS_ROLE,
            `${WAREHOUSE}/customers/customers/v2-redacted/*`,
            `${GLUE}/customers_prod/customers_v2_redacted`,
          ),
        ],
      },
      {
        name: "the topic and the full table to a consumer admitted to the PII",
        resources: () => [
          domain("customers", true),
          topicAcl("User:analytics"),
          lfPermission(ANALYTICS_ROLE, { name: "customers_v2" }),
          ...attachedReader(ANALYTICS_ROLE, `${WAREHOUSE}/customers/customers/v2/*`),
        ],
      },
      {
        name: "a product without ingestion: its transform writes its own table, reads its inputs' tables",
        resources: () => [
          domain("analytics"),
          inlinePolicy(
            ANALYTICS_ROLE,
            `${WAREHOUSE}/analytics/revenue/v1/*`,
            `${GLUE}/analytics_prod/revenue_v1`,
            `${WAREHOUSE}/customers/customers/v2-redacted/*`,
            `${GLUE}/customers_prod/customers_v2_redacted`,
          ),
        ],
      },
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
