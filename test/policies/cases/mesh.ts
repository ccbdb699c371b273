import type { PlannedResource } from "../../../policies/engine/index.js";
import { governanceLabels, policyJson, restrictedPodSpec, workload } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";
import { meshAccessCases } from "./meshAccess.js";
import { meshAccessStatementCases } from "./meshAccessStatements.js";

/**
 * The stack's Domain component, with its declaration as its inputs (what resource-level rules see
 * at preview) and in its outputs (what stack rules see).
 */
export const domain = (outputs: Record<string, unknown> = {}) => {
  const declaration = {
    domain: "marketing",
    products: ["marketing.campaigns.v1"],
    consumes: ["sales.orders.v1"],
    piiProducts: [],
    productClassifications: { "marketing.campaigns.v1": "internal" },
    ...outputs,
  };
  return resource("mesh:index:Domain", declaration, { name: "marketing", outputs: declaration });
};

export const readPolicy = (...resources: string[]) =>
  resource("aws:iam/rolePolicy:RolePolicy", {
    role: "r",
    policy: policyJson({ Effect: "Allow", Action: ["s3:GetObject", "glue:GetTable"], Resource: resources }),
  });
export const acl = (inputs: Record<string, unknown>) =>
  resource("kafka:index/acl:Acl", {
    aclResourceType: "Topic",
    resourcePatternTypeFilter: "Literal",
    aclHost: "*",
    aclOperation: "Read",
    aclPermissionType: "Allow",
    ...inputs,
  });
const second = (rs: PlannedResource[]) => rs[1]!.urn;
const last = (rs: PlannedResource[]) => rs[rs.length - 1]!.urn;
/** A NetworkPolicy in namespace sales (where the fixtures' workloads run), default-deny unless changed. */
export const networkPolicy = (spec: Record<string, unknown> = {}, namespace = "sales") =>
  resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
    metadata: { name: "default-deny", namespace, labels: governanceLabels() },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ...spec },
  });
export const cronJob = () => workload("CronJob", restrictedPodSpec());

/** A published contract of marketing.campaigns v1, as the Domain component reports it. */
export const campaigns = (
  changes: { version?: string; schema?: Record<string, unknown>; access?: Record<string, unknown> } = {},
) => ({
  id: "marketing.campaigns.v1",
  domain: "marketing",
  product: "campaigns",
  version: changes.version ?? "1.0.0",
  description: "One row per campaign.",
  owner: { team: "growth", email: "growth@example.com" },
  classification: "internal",
  status: "active",
  schedule: "0 * * * *",
  slos: { freshness: "1h" },
  quality: {},
  access: changes.access ?? { pii: [] },
  schema: changes.schema ?? {
    campaign_id: { type: "string", description: "Id.", required: true, pii: false, unique: true },
    budget: { type: "decimal(12,2)", description: "Budget.", required: false, pii: false, unique: false },
  },
});

/** The campaigns schema with a PII field, so `access.pii` decides who reads it. */
const withContact = () => ({
  ...campaigns().schema,
  contact: { type: "string", description: "Contact email.", required: false, pii: true, unique: false },
});
/** sales admitted to the PII of campaigns; finance reads the PII-free projection. */
const salesReadsPii = { pii: ["sales"], consumers: ["finance", "sales"] };

/** An optional field: adding it to a contract is a compatible change. */
const channel = { type: "string", description: "Channel.", required: false, pii: false, unique: false };

/** The platform's sink connector for marketing.campaigns.v1 in prod, with `changes` to its config. */
export const sink = (changes: Record<string, unknown> = {}) =>
  resource("kubernetes:kafka.strimzi.io/v1:KafkaConnector", {
    metadata: { name: "marketing--campaigns-v1-staging", namespace: "kafka-connect" },
    spec: {
      class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
      tasksMax: 3,
      config: {
        topics: "marketing.campaigns.v1",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": "marketing.campaigns.v1.dlq",
        "aws.sts.role.arn": "arn:aws:iam::111122223333:role/acme-mesh-prod-marketing--campaigns-v1-ingest",
        ...changes,
      },
    },
  });
export const prodDomain = () => domain({ environment: "prod" });

export const meshCases: RuleCases[] = [
  {
    rule: "mesh-connector-own-products",
    violating: [
      {
        name: "a connector reading another domain's topic",
        resources: () => [prodDomain(), sink({ topics: "sales.orders.v1" })],
        message: /^spec\.config\.topics: "sales\.orders\.v1" is not a product of domain marketing/,
        urnOf: second,
      },
      {
        name: "a connector assuming another product's ingest role",
        resources: () => [
          prodDomain(),
          sink({
            "aws.sts.role.arn": "arn:aws:iam::111122223333:role/acme-mesh-prod-sales--orders-v1-ingest",
          }),
        ],
        message:
          /aws\.sts\.role\.arn"\]: ".*sales--orders-v1-ingest" is not marketing\.campaigns\.v1's ingest role/,
        urnOf: second,
      },
      {
        name: "a connector sending failures to another product's dead-letter topic",
        resources: () => [prodDomain(), sink({ "errors.deadletterqueue.topic.name": "sales.orders.v1.dlq" })],
        message: /"sales\.orders\.v1\.dlq" is not marketing\.campaigns\.v1's dead-letter topic/,
        urnOf: second,
      },
      {
        name: "a connector over several topics (or a regex)",
        resources: () => [prodDomain(), sink({ topics: "marketing.campaigns.v1,sales.orders.v1" })],
        message: /a sink serves exactly one product's topic/,
        urnOf: second,
      },
      {
        name: "a connector in a stack without a Domain (it owns no product)",
        resources: () => [sink()],
        message: /"marketing\.campaigns\.v1" is not a product of this stack, which has no Domain/,
      },
      {
        name: "the same product's role in another environment",
        resources: () => [
          prodDomain(),
          sink({
            "aws.sts.role.arn": "arn:aws:iam::111122223333:role/acme-mesh-dev-marketing--campaigns-v1-ingest",
          }),
        ],
        message: /is not marketing\.campaigns\.v1's ingest role \(…-prod-marketing--campaigns-v1-ingest\)/,
        urnOf: second,
      },
      {
        name: "a connector assuming the role of domain eu-prod-marketing's campaigns, whose name ends the same",
        resources: () => [
          domain({ environment: "prod", namePrefix: "acme-mesh" }),
          sink({
            "aws.sts.role.arn":
              "arn:aws:iam::111122223333:role/acme-mesh-prod-eu-prod-marketing--campaigns-v1-ingest",
          }),
        ],
        message:
          /is not marketing\.campaigns\.v1's ingest role \(…\/acme-mesh-prod-marketing--campaigns-v1-ingest\)/,
        urnOf: second,
      },
      {
        name: "a connector landing an own product derived only from other products (ingestion: false)",
        resources: () => [
          domain({ environment: "prod", derivedVersions: ["marketing.campaigns.v1"] }),
          sink(),
        ],
        message:
          /^spec\.config\.topics: "marketing\.campaigns\.v1" is a product derived only from other products \(ingestion: false\) of domain marketing; it has no topic/,
        urnOf: second,
      },
    ],
    compliant: [
      { name: "the platform's sink for an own product", resources: () => [prodDomain(), sink()] },
      {
        name: "the sink of an own product that ingests, beside a derived one",
        resources: () => [
          domain({
            environment: "prod",
            products: ["marketing.campaigns.v1", "marketing.reports.v1"],
            derivedVersions: ["marketing.reports.v1"],
          }),
          sink(),
        ],
      },
      {
        name: "the platform's sink, checked against the stack's name prefix",
        resources: () => [domain({ environment: "prod", namePrefix: "acme-mesh" }), sink()],
      },
      {
        name: "the sink of a superseded major still running for its consumers",
        resources: () => [
          domain({ environment: "prod", retainedVersions: ["marketing.campaigns.v0"] }),
          sink({
            topics: "marketing.campaigns.v0",
            "errors.deadletterqueue.topic.name": "marketing.campaigns.v0.dlq",
            "aws.sts.role.arn":
              "arn:aws:iam::111122223333:role/acme-mesh-prod-marketing--campaigns-v0-ingest",
          }),
        ],
      },
    ],
  },
  {
    rule: "mesh-cross-domain-access-declared",
    violating: [
      {
        name: "warehouse objects of an undeclared product",
        resources: () => [domain(), readPolicy("arn:aws:s3:::acme-warehouse/finance/ledger/v1/*")],
        message:
          /Resource arn:aws:s3:::acme-warehouse\/finance\/ledger\/v1\/\*: reaches finance\.ledger\.v1, which domain marketing does not declare/,
        urnOf: second,
      },
      {
        name: "the PII-free projection's table of an undeclared product",
        resources: () => [
          domain(),
          readPolicy("arn:aws:glue:eu-west-1:111122223333:table/finance_prod/ledger_v1_redacted"),
        ],
        message: /ledger_v1_redacted: reaches finance\.ledger\.v1, which domain marketing does not declare/,
        urnOf: second,
      },
      {
        name: "the PII-free projection's files of an undeclared product",
        resources: () => [domain(), readPolicy("arn:aws:s3:::acme-warehouse/finance/ledger/v1-redacted/*")],
        message: /v1-redacted\/\*: reaches finance\.ledger\.v1, which domain marketing does not declare/,
        urnOf: second,
      },
      {
        name: "the run history's table of another domain's product",
        resources: () => [
          domain(),
          readPolicy("arn:aws:glue:eu-west-1:111122223333:table/finance_prod/ledger_v1_runs"),
        ],
        message: /ledger_v1_runs: reaches finance\.ledger\.v1, which domain marketing does not declare/,
        urnOf: second,
      },
      {
        name: "the run history's files of another domain's product",
        resources: () => [domain(), readPolicy("arn:aws:s3:::acme-warehouse/finance/ledger/v1-runs/*")],
        message: /v1-runs\/\*: reaches finance\.ledger\.v1, which domain marketing does not declare/,
        urnOf: second,
      },
      {
        name: "a Glue table of an undeclared major version",
        resources: () => [
          domain(),
          readPolicy("arn:aws:glue:eu-west-1:111122223333:table/sales_prod/orders_v2"),
        ],
        message: /reaches sales\.orders\.v2/,
        urnOf: second,
      },
      {
        name: "all of another domain's warehouse",
        resources: () => [domain(), readPolicy("arn:aws:s3:::acme-warehouse/sales/*")],
        message: /reaches every product of sales/,
        urnOf: second,
      },
      {
        name: "every table of another domain's database",
        resources: () => [domain(), readPolicy("arn:aws:glue:eu-west-1:111122223333:table/sales_prod/*")],
        message: /reaches every product of sales/,
        urnOf: second,
      },
      {
        name: "a Kafka ACL giving the own principal an undeclared topic",
        resources: () => [
          domain(),
          acl({ aclResourceName: "finance.ledger.v1", aclPrincipal: "User:marketing" }),
        ],
        message: /^aclResourceName finance\.ledger\.v1: reaches finance\.ledger\.v1/,
        urnOf: second,
      },
      {
        name: "a prefixed ACL over another domain's namespace",
        resources: () => [
          domain(),
          acl({
            aclResourceName: "sales.",
            resourcePatternTypeFilter: "Prefixed",
            aclPrincipal: "User:marketing",
          }),
        ],
        message: /reaches every product of sales/,
        urnOf: second,
      },
      {
        name: "a grant to a domain's product in a stack without a Domain (nothing is declared)",
        resources: () => [readPolicy("arn:aws:s3:::w/finance/ledger/v1/*")],
        message: /reaches finance\.ledger\.v1, but no Domain declaration governs this resource/,
      },
      {
        name: "a grant under another Domain of the stack is judged by that Domain's declaration",
        resources: () => {
          const marketing = domain();
          const sales = resource(
            "mesh:index:Domain",
            { domain: "sales", products: ["sales.orders.v1"], consumes: [] },
            { name: "sales" },
          );
          // Under sales, which does not consume finance; marketing's declaration does not apply.
          const grant = readPolicy("arn:aws:s3:::acme-warehouse/marketing/campaigns/v1/*");
          return [marketing, sales, { ...grant, parentUrn: sales.urn }];
        },
        message: /reaches marketing\.campaigns\.v1, which domain sales does not declare/,
        urnOf: (rs) => rs[2]!.urn,
      },
      {
        name: "an MSK IAM topic ARN of an undeclared product",
        resources: () => [
          domain(),
          readPolicy("arn:aws:kafka:eu-west-1:111122223333:topic/mesh/abc-123/finance.ledger.v1"),
        ],
        message: /reaches finance\.ledger\.v1/,
        urnOf: second,
      },
    ],
    compliant: [
      {
        name: "declared consumption through S3, Glue and Kafka",
        resources: () => [
          domain(),
          readPolicy(
            "arn:aws:s3:::acme-warehouse/sales/orders/v1/*",
            "arn:aws:glue:eu-west-1:111122223333:table/sales_prod/orders_v1",
            "arn:aws:glue:eu-west-1:111122223333:database/sales_prod",
            // The declared product's PII-free projection is the same product.
            "arn:aws:s3:::acme-warehouse/sales/orders/v1-redacted/*",
            "arn:aws:glue:eu-west-1:111122223333:table/sales_prod/orders_v1_redacted",
          ),
          acl({ aclResourceName: "sales.orders.v1", aclPrincipal: "User:marketing" }),
        ],
      },
      {
        name: "own products and a grant to a consumer on an own topic",
        resources: () => [
          domain(),
          readPolicy(
            "arn:aws:s3:::acme-warehouse/marketing/*",
            "arn:aws:s3:::acme-prod-marketing-campaigns/v1/*",
          ),
          acl({ aclResourceName: "marketing.campaigns.v1", aclPrincipal: "User:sales" }),
        ],
      },
      {
        name: "a stack without a Domain whose grants reach no domain's product",
        resources: () => [readPolicy("arn:aws:s3:::acme-prod-marketing-campaigns/v1/*")],
      },
    ],
  },
  {
    rule: "mesh-contract-compatible-within-major",
    violating: [
      {
        name: "a field removed within major version 1",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: {
              "marketing.campaigns.v1": campaigns({
                version: "1.1.0",
                schema: { campaign_id: campaigns().schema.campaign_id },
              }),
            },
            contractConsumers: { "marketing.campaigns.v1": ["finance", "sales"] },
          }),
        ],
        message:
          /^contracts\["marketing\.campaigns\.v1"\]: breaking changes to version 1\.0\.0 without a major version bump \(now 1\.1\.0\): schema\.budget: field removed \(consumers that read it fail\)\. It would break the consuming domains finance, sales: bump the major version to 2\.0\.0 \(marketing\.campaigns\.v2 then runs side by side with v1 until they move to it\), or make the changes compatible\.$/,
      },
      {
        name: "a type narrowed without a version change",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: {
              "marketing.campaigns.v1": campaigns({
                schema: {
                  ...campaigns().schema,
                  budget: { type: "int", description: "Budget.", required: false, pii: false, unique: false },
                },
              }),
            },
          }),
        ],
        message:
          /schema\.budget\.type: type decimal\(12,2\) → int \(consumers that read it as decimal\(12,2\) may fail or lose values\)\. No domain consumes it yet: bump the major version to 2\.0\.0 \(marketing\.campaigns\.v2 then runs side by side with v1\), or make the changes compatible\.$/,
      },
      {
        name: "a domain dropped from access.pii within major version 1",
        resources: () => [
          domain({
            publishedContracts: {
              "marketing.campaigns.v1": campaigns({ schema: withContact(), access: salesReadsPii }),
            },
            contracts: {
              "marketing.campaigns.v1": campaigns({
                version: "1.1.0",
                schema: withContact(),
                access: { ...salesReadsPii, pii: [] },
              }),
            },
            contractConsumers: { "marketing.campaigns.v1": ["finance", "sales"] },
          }),
        ],
        message:
          /\(now 1\.1\.0\): access\.pii: sales removed \(sales loses the PII fields \(contact\): it reads the PII-free projection\)\. It would break the consuming domains finance, sales: bump the major version to 2\.0\.0/,
      },
    ],
    compliant: [
      {
        name: "an optional field added within the major",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: {
              "marketing.campaigns.v1": campaigns({
                version: "1.1.0",
                schema: {
                  ...campaigns().schema,
                  channel: {
                    type: "string",
                    description: "Channel.",
                    required: false,
                    pii: false,
                    unique: false,
                  },
                },
              }),
            },
          }),
        ],
      },
      {
        name: "a domain dropped from access.pii with a major version bump (v1 runs on from the lock)",
        resources: () => [
          domain({
            publishedContracts: {
              "marketing.campaigns.v1": campaigns({ schema: withContact(), access: salesReadsPii }),
            },
            contracts: {
              "marketing.campaigns.v1": campaigns({ schema: withContact(), access: salesReadsPii }),
              "marketing.campaigns.v2": campaigns({
                version: "2.0.0",
                schema: withContact(),
                access: { ...salesReadsPii, pii: [] },
              }),
            },
            contractConsumers: { "marketing.campaigns.v1": ["finance", "sales"] },
          }),
        ],
      },
      {
        name: "a breaking change shipped as a new major (nothing published for v2 yet)",
        resources: () => [
          domain({
            publishedContracts: {},
            contracts: { "marketing.campaigns.v2": campaigns({ version: "2.0.0", schema: {} }) },
          }),
        ],
      },
      { name: "a domain that published nothing yet", resources: () => [domain()] },
    ],
  },
  {
    rule: "mesh-contract-version-bumped",
    violating: [
      {
        name: "an optional field added under the published version",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: {
              "marketing.campaigns.v1": campaigns({ schema: { ...campaigns().schema, channel } }),
            },
          }),
        ],
        message:
          /^contracts\["marketing\.campaigns\.v1"\]: compatible changes to version 1\.0\.0 without a version bump \(still 1\.0\.0\): schema\.channel: optional field added \(a new column, which existing queries do not read\)\. Publish them as 1\.0\.1 \(patch\) or 1\.1\.0 \(minor\)\.$/,
      },
      {
        name: "a compatible change published under an older version",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns({ version: "1.4.2" }) },
            contracts: {
              "marketing.campaigns.v1": campaigns({
                version: "1.4.0",
                schema: { ...campaigns().schema, channel },
              }),
            },
          }),
        ],
        message:
          /without a version bump \(now 1\.4\.0\): .* Publish them as 1\.4\.3 \(patch\) or 1\.5\.0 \(minor\)\./,
      },
    ],
    compliant: [
      {
        name: "an unchanged contract at the published version",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: { "marketing.campaigns.v1": campaigns() },
          }),
        ],
      },
      {
        name: "an optional field added with a patch bump",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: {
              "marketing.campaigns.v1": campaigns({
                version: "1.0.1",
                schema: { ...campaigns().schema, channel },
              }),
            },
          }),
        ],
      },
      {
        name: "a breaking change (the other contract rule's concern)",
        resources: () => [
          domain({
            publishedContracts: { "marketing.campaigns.v1": campaigns() },
            contracts: { "marketing.campaigns.v1": campaigns({ schema: {} }) },
          }),
        ],
      },
    ],
  },
  {
    rule: "mesh-pii-products-classified",
    violating: [
      {
        name: "a PII product classified internal",
        resources: () => [domain({ piiProducts: ["marketing.campaigns.v1"] })],
        message: /^productClassifications\["marketing\.campaigns\.v1"\]: "internal" for a product with PII/,
      },
      {
        name: "a PII product without classification",
        resources: () => [domain({ piiProducts: ["marketing.leads.v1"] })],
        message: /\["marketing\.leads\.v1"\]: unset/,
      },
    ],
    compliant: [
      {
        name: "a PII product classified restricted",
        resources: () => [
          domain({
            piiProducts: ["marketing.campaigns.v1"],
            productClassifications: { "marketing.campaigns.v1": "restricted" },
          }),
        ],
      },
      { name: "no PII products", resources: () => [domain()] },
    ],
  },
  {
    rule: "glue-pii-table-classified",
    violating: [
      {
        name: "a PII column in an internal table",
        resources: () => [
          resource("aws:glue/catalogTable:CatalogTable", {
            name: "leads_v1",
            parameters: { "mesh:classification": "internal" },
            storageDescriptor: {
              columns: [
                { name: "email", type: "string", parameters: { "mesh:pii": "true" } },
                { name: "id", type: "bigint" },
              ],
            },
          }),
        ],
        message: /^parameters\["mesh:classification"\]: "internal" but columns email hold PII/,
      },
    ],
    compliant: [
      {
        name: "a PII column in a confidential table",
        resources: () => [
          resource("aws:glue/catalogTable:CatalogTable", {
            parameters: { "mesh:classification": "confidential" },
            storageDescriptor: { columns: [{ name: "email", parameters: { "mesh:pii": "true" } }] },
          }),
        ],
      },
      {
        name: "a table without PII",
        resources: () => [
          resource("aws:glue/catalogTable:CatalogTable", {
            storageDescriptor: { columns: [{ name: "id" }] },
          }),
        ],
      },
    ],
  },
  {
    rule: "mesh-resources-in-domain",
    violating: [
      {
        name: "1. an IAM attachment a domain file created beside the Domain component",
        resources: () => {
          const d = domain();
          return [
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
              role: "acme-mesh-prod-customers--customers-v2",
              policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            }),
            d,
            resource("aws:kms/key:Key", {}, { parentUrn: d.urn }),
          ];
        },
        message:
          /aws:iam\/rolePolicyAttachment:RolePolicyAttachment "res\d+" is not inside the stack's Domain component "marketing"/,
      },
      {
        name: "2. a cluster-admin binding under a second, look-alike Domain component",
        resources: () => {
          const d = domain();
          const fake = resource("mesh:index:Domain", {}, { name: "shadow" });
          return [
            resource(
              "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
              { roleRef: { kind: "ClusterRole", name: "cluster-admin" } },
              { parentUrn: fake.urn },
            ),
            d,
            fake,
          ];
        },
        message: /exactly one Domain component|is not inside the stack's Domain component/,
      },
      {
        name: "3. a component of the domain's own making, with a bucket in it, outside the Domain",
        resources: () => {
          const own = resource("acme:index:Extras", {});
          return [resource("aws:s3/bucket:Bucket", {}, { parentUrn: own.urn }), own, domain()];
        },
        message: /is not inside the stack's Domain component/,
      },
    ],
    compliant: [
      {
        name: "providers beside the Domain component and every other resource inside it",
        resources: () => {
          const d = domain();
          const product = resource("mesh:index:DataProduct", {}, { parentUrn: d.urn });
          return [
            resource("pulumi:providers:aws", { region: "eu-west-1" }),
            d,
            resource("aws:kms/key:Key", {}, { parentUrn: d.urn }),
            product,
            resource("kafka:index/topic:Topic", {}, { parentUrn: product.urn }),
          ];
        },
      },
      { name: "a stack without a Domain component (not a domain stack)", resources: () => [] },
    ],
  },
  {
    rule: "mesh-transform-network-default-deny",
    violating: [
      {
        name: "1. a domain's CronJob in a namespace without a default-deny policy",
        resources: () => [domain(), cronJob()],
        message:
          /^spec\.jobTemplate\.spec\.template\.spec: no default-deny NetworkPolicy in namespace "sales" selects these pods/,
        urnOf: last,
      },
      {
        name: "2. a default-deny policy in another namespace",
        resources: () => [domain(), networkPolicy({}, "marketing"), cronJob()],
        message: /no default-deny NetworkPolicy in namespace "sales"/,
        urnOf: last,
      },
      {
        name: "3. a 'deny' policy that allows all egress",
        resources: () => [domain(), networkPolicy({ egress: [{}] }), cronJob()],
        message: /no default-deny NetworkPolicy/,
        urnOf: last,
      },
      {
        name: "4. a policy listing only Ingress (egress left open)",
        resources: () => [domain(), networkPolicy({ policyTypes: ["Ingress"] }), cronJob()],
        message: /no default-deny NetworkPolicy/,
        urnOf: last,
      },
      {
        name: "5. a default-deny selecting other pods",
        resources: () => [
          domain(),
          networkPolicy({ podSelector: { matchLabels: { app: "other" } } }),
          cronJob(),
        ],
        message: /no default-deny NetworkPolicy/,
        urnOf: last,
      },
      {
        name: "6. a default-deny registered only after the workload",
        resources: () => [domain(), cronJob(), networkPolicy()],
        message: /no default-deny NetworkPolicy/,
        urnOf: second,
      },
    ],
    compliant: [
      {
        name: "a namespace-wide default-deny registered before the workload",
        resources: () => [domain(), networkPolicy(), cronJob()],
      },
      {
        name: "a default-deny selecting the workload's pods by label",
        resources: () => [
          domain(),
          networkPolicy({
            podSelector: {
              matchLabels: { "datamesh.io/domain": "sales" },
              matchExpressions: [{ key: "datamesh.io/owner", operator: "Exists" }],
            },
          }),
          cronJob(),
        ],
      },
      {
        name: "a workload in a stack without a Domain (not a domain stack)",
        resources: () => [cronJob()],
      },
    ],
  },
  ...meshAccessCases,
  ...meshAccessStatementCases,
];
