/**
 * mesh-grants-within-product-access: each violating case is a grant that lets a consumer reach
 * customers' PII (or any of its data without the producer's consent) by one path.
 */
import { policyJson } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";
import {
  ANALYTICS_ROLE,
  attachedReader,
  domain,
  GLUE,
  inlinePolicy,
  lakeFormation,
  lfPermission,
  MARKETING_ROLE,
  NOT_ADMITTED,
  OTHER_POLICY_ARN,
  OWNER_ROLE,
  READER_POLICY_ARN,
  readerPolicy,
  second,
  topicAcl,
  WAREHOUSE,
} from "./meshAccessFixtures.js";

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
        name: "READ on the dead-letter topic (failed records are whole records) for a consumer not admitted",
        resources: () => [domain(), topicAcl("User:analytics", "customers.customers.v2.dlq")],
        message:
          /: reaches topic customers\.customers\.v2\.dlq, its full records of customers\.customers\.v2, which its producer does not admit User:analytics to\.$/,
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
      // An inline policy of a user or a group reaches data as a role's does.
      ...(
        [
          ["aws:iam/userPolicy:UserPolicy", "user", "intern"],
          ["aws:iam/groupPolicy:GroupPolicy", "group", "analysts"],
        ] as const
      ).map(([type, kind, who]) => ({
        name: `a ${kind}'s inline policy on the full table`,
        resources: () => [
          domain(),
          resource(type, {
            [kind]: who,
            policy: policyJson({
              Effect: "Allow",
              Action: ["glue:GetTable"],
              Resource: `${GLUE}/customers_prod/customers_v2`,
            }),
          }),
        ],
        message: new RegExp(
          `given to ${kind}/${who}\\): reaches table customers_prod\\.customers_v2, its full data`,
        ),
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
    ],
  },
];
