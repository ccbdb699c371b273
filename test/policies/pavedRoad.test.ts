import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PlannedResource } from "../../policies/engine/index.js";
import { governanceLabels, governanceTags, policyJson, restrictedPodSpec, workload } from "./fixtures.js";
import { resource } from "./harness.js";

const ARN = "arn:aws:s3:::acme-prod-sales-orders";

/** A topic as IngestionTopic creates it (protected: it holds data). */
const topic = (name: string) =>
  resource(
    "kafka:index/topic:Topic",
    {
      name,
      partitions: 6,
      replicationFactor: 3,
      config: {
        "min.insync.replicas": "2",
        "unclean.leader.election.enable": "false",
        "retention.ms": "604800000",
      },
    },
    { protect: true },
  );

/** The owning domain's ACLs IngestionTopic grants on sales.orders.v1, its .dlq and its group. */
const ownerAcls = () =>
  (
    [
      ["Topic", "sales.orders.v1", "Write"],
      ["Topic", "sales.orders.v1", "Describe"],
      ["Topic", "sales.orders.v1", "Read"],
      ["Group", "sales.sales.orders.v1", "Read"],
      ["Topic", "sales.orders.v1.dlq", "Write"],
      ["Topic", "sales.orders.v1.dlq", "Describe"],
    ] as const
  ).map(([aclResourceType, aclResourceName, aclOperation]) =>
    resource("kafka:index/acl:Acl", {
      aclResourceType,
      aclResourceName,
      resourcePatternTypeFilter: "Literal",
      aclPrincipal: "User:sales",
      aclHost: "*",
      aclOperation,
      aclPermissionType: "Allow",
    }),
  );

/** A domain stack built the way the platform components build one, hand-written for the test. */
function compliantStack(): PlannedResource[] {
  const provider = resource(
    "pulumi:providers:aws",
    { region: "eu-west-1", defaultTags: { tags: governanceTags() } },
    { name: "aws" },
  );
  const onAws = { provider: `${provider.urn}::p1` };
  // The Domain's declaration is its input (resource rules at preview) and its output (stack rules).
  const declaration = {
    domain: "sales",
    products: ["sales.orders.v1"],
    consumes: ["marketing.campaigns.v1"],
    piiProducts: ["sales.orders.v1"],
    productClassifications: { "sales.orders.v1": "confidential" },
  };
  const domain = resource("mesh:index:Domain", declaration, {
    name: "sales",
    outputs: {
      ...declaration,
      // Who may reach each product the stack serves or reads; "r" is sales' transform role.
      productAccess: {
        "sales.orders.v1": {
          hasPii: true,
          consumers: [],
          pii: [],
          topicReaders: ["User:sales", "User:mesh-connect"],
        },
        "marketing.campaigns.v1": {
          hasPii: false,
          consumers: ["sales"],
          pii: [],
          topicReaders: ["User:marketing", "User:sales", "User:mesh-connect"],
        },
      },
      transformRoles: { sales: ["r"], marketing: ["acme-prod-marketing-campaigns-v1"] },
    },
  });
  const bucket = resource(
    "aws:s3/bucket:Bucket",
    { bucket: "acme-prod-sales-orders" },
    { ...onAws, protect: true, name: "orders" },
  );
  const onBucket = (type: string, inputs: Record<string, unknown>) =>
    resource(
      type,
      { bucket: bucket.inputs.bucket, ...inputs },
      { ...onAws, propertyDependencies: { bucket: [bucket.urn] } },
    );
  const glueTrust = {
    Effect: "Allow",
    Principal: { Service: "glue.amazonaws.com" },
    Action: "sts:AssumeRole",
  };
  const role = resource("aws:iam/role:Role", { assumeRolePolicy: policyJson(glueTrust) }, onAws);
  const cron = workload("CronJob", restrictedPodSpec());
  const platformMade: PlannedResource[] = [
    bucket,
    onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    onBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" },
          bucketKeyEnabled: true,
        },
      ],
    }),
    onBucket("aws:s3/bucketVersioning:BucketVersioning", { versioningConfiguration: { status: "Enabled" } }),
    onBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls", {
      rule: { objectOwnership: "BucketOwnerEnforced" },
    }),
    onBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", {
      rules: [
        {
          id: "tidy",
          status: "Enabled",
          expiration: { days: 365 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    }),
    onBucket("aws:s3/bucketPolicy:BucketPolicy", {
      policy: policyJson({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [ARN, `${ARN}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    }),
    role,
    resource(
      "aws:iam/rolePolicy:RolePolicy",
      {
        role: "r",
        policy: policyJson({
          Effect: "Allow",
          Action: ["s3:GetObject", "glue:GetTable"],
          Resource: [`${ARN}/v1/*`, "arn:aws:s3:::acme-warehouse/marketing/campaigns/v1/*"],
        }),
      },
      onAws,
    ),
    resource("aws:glue/catalogDatabase:CatalogDatabase", { name: "sales_prod" }, { ...onAws, protect: true }),
    resource(
      "aws:glue/catalogTable:CatalogTable",
      {
        name: "orders_v1",
        databaseName: "sales_prod",
        parameters: { "mesh:classification": "confidential" },
        storageDescriptor: {
          columns: [{ name: "email", type: "string", parameters: { "mesh:pii": "true" } }],
        },
      },
      { ...onAws, protect: true },
    ),
    ...["sales.orders.v1", "sales.orders.v1.dlq"].map(topic),
    ...ownerAcls(),
    resource("kafka:index/acl:Acl", {
      aclResourceType: "Topic",
      aclResourceName: "marketing.campaigns.v1",
      resourcePatternTypeFilter: "Literal",
      aclPrincipal: "User:sales",
      aclHost: "*",
      aclOperation: "Read",
      aclPermissionType: "Allow",
    }),
    resource("kubernetes:core/v1:ServiceAccount", {
      metadata: { name: "orders-v1-transform", namespace: "sales", labels: governanceLabels() },
    }),
    // The namespace's default-deny NetworkPolicy, registered before its workloads.
    resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
      metadata: { name: "default-deny", namespace: "sales", labels: governanceLabels() },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    }),
    cron,
  ];
  // Providers sit beside the Domain component; everything the platform creates is inside it.
  return [provider, domain, ...platformMade.map((r) => ({ ...r, parentUrn: domain.urn }))];
}

describe("the paved road", () => {
  it("a stack built to the platform's conventions passes every rule at prod levels", async () => {
    expect(await evaluatePolicies(compliantStack(), { environment: "prod" })).toEqual([]);
  });

  it("the same stack with one hand-written public bucket fails only where it should", async () => {
    const rogue = resource(
      "aws:s3/bucket:Bucket",
      { bucket: "rogue", acl: "public-read" },
      { name: "rogue" },
    );
    const found = await evaluatePolicies([...compliantStack(), rogue], { environment: "prod" });
    expect(new Set(found.map((v) => v.urn))).toEqual(new Set([rogue.urn]));
    expect(found.map((v) => v.policy).sort()).toEqual([
      "aws-governance-tags",
      "aws-governance-tags",
      "mesh-resources-in-domain",
      "s3-bucket-has-encryption",
      "s3-bucket-has-lifecycle",
      "s3-bucket-has-ownership-controls",
      "s3-bucket-has-policy",
      "s3-bucket-has-public-access-block",
      "s3-bucket-has-versioning",
      "s3-no-public-acl",
      "stateful-resources-protected",
    ]);
  });
});
