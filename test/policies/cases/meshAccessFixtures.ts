/**
 * The stack mesh-grants-within-product-access cases are judged in: customers.customers.v2 (PII,
 * analytics consented, nobody admitted to the PII) and analytics.revenue.v1, and the grants made
 * on them.
 */
import type { PlannedResource } from "../../../policies/engine/index.js";
import { policyJson } from "../fixtures.js";
import { resource } from "../harness.js";

export const OWNER_ROLE = "acme-prod-customers-customers-v2";
export const ANALYTICS_ROLE = "acme-prod-analytics-revenue-v1";
export const MARKETING_ROLE = "acme-prod-marketing-campaigns-v1";
export const WAREHOUSE = "arn:aws:s3:::acme-warehouse";
export const GLUE = "arn:aws:glue:eu-west-1:111122223333:table";

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
export const domain = (name: "customers" | "analytics" = "customers", admitAnalytics = false) =>
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
export const topicAcl = (
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
export const rolePolicy = (role: string, ...statements: Record<string, unknown>[]) =>
  resource("aws:iam/rolePolicy:RolePolicy", { role, policy: policyJson(...statements) });
export const inlinePolicy = (role: string, ...resources: string[]) =>
  rolePolicy(role, { Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources });
/** A Lake Formation permission for `role` (given by its ARN, with a path, as AWS reports it). */
export const lakeFormation = (role: string, inputs: Record<string, unknown>) =>
  resource("aws:lakeformation/permissions:Permissions", {
    principal: `arn:aws:iam::111122223333:role/mesh/${role}`,
    permissions: ["SELECT", "DESCRIBE"],
    ...inputs,
  });
export const lfPermission = (role: string, table: Record<string, unknown>, field = "table") =>
  lakeFormation(role, { [field]: { catalogId: "111122223333", databaseName: "customers_prod", ...table } });
export const READER_POLICY_ARN = "arn:aws:iam::111122223333:policy/acme-prod-customers-customers-v2-read";
/** A policy the stack does not define: attaching it gives none of the stack's grants. */
export const OTHER_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";
/** A managed reader policy on `resources`, attached by whatever follows it. */
export const readerPolicy = (...resources: string[]) =>
  resource("aws:iam/policy:Policy", {
    name: "acme-prod-customers-customers-v2-read",
    policy: policyJson({ Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources }),
  });
/** A managed reader policy and its attachment to `role`, as DataProduct.grantRead makes them. */
export const attachedReader = (role: string, ...resources: string[]) => [
  resource("aws:iam/policy:Policy", {
    name: "acme-prod-customers-customers-v2-read",
    policy: policyJson({ Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources }),
  }),
  resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
    role,
    policyArn: "arn:aws:iam::111122223333:policy/acme-prod-customers-customers-v2-read",
  }),
];
export const second = (rs: PlannedResource[]) => rs[1]!.urn;
export const NOT_ADMITTED =
  /reaches .+, (its full records|its full data) of customers\.customers\.v2, which its producer does not admit/;
