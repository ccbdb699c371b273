import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TransformJob } from "./compute/TransformJob.js";
import { consumersOf, type Mesh, publishedIds } from "./declaration/mesh.js";
import { type DataProduct, type DomainDeclaration, majorOf } from "./declaration/schema.js";
import {
  governanceLabels,
  governanceTags,
  highestClassification,
  type Ownership,
  removalOptions,
  removalPolicyFor,
} from "./governance.js";
import { IngestionTopic } from "./kafka/IngestionTopic.js";
import {
  arnPartition,
  ENVIRONMENTS,
  type Environment,
  glueDatabaseName,
  glueTableName,
  kafkaTopicName,
  namespaceName,
  type ProductRef,
  stagingBucketName,
  stagingPrefix,
  warehousePrefix,
} from "./naming.js";
import { type PlatformSettings, PlatformSettingsSchema, runnerImage } from "./platform.js";
import { StagingBucket } from "./storage/StagingBucket.js";
import { WarehouseTable } from "./warehouse/WarehouseTable.js";

export interface DomainArgs {
  /** The domain's validated declaration (see `validateMesh`). */
  readonly declaration: DomainDeclaration;
  /** The whole mesh, to find who consumes this domain's products. */
  readonly mesh: Mesh;
  readonly environment: Environment;
  readonly platform: PlatformSettings;
}

/** What consumers need to read one product version: its output port. */
export interface OutputPort {
  readonly topic: string;
  readonly deadLetterTopic: string;
  /** `database.table` in the Glue catalog. */
  readonly table: string;
  readonly tableLocation: string;
  readonly stagingBucketArn: string;
  readonly stagingPrefix: string;
  readonly consumers: readonly string[];
}

export function validateDomainArgs(args: DomainArgs): void {
  if (!ENVIRONMENTS.includes(args.environment)) {
    throw new Error(`\`environment\` must be one of ${ENVIRONMENTS.join(", ")}, got "${args.environment}"`);
  }
  if (!args.mesh.domains.includes(args.declaration)) {
    throw new Error(`\`mesh\` must contain the declaration of "${args.declaration.name}"`);
  }
  const platform = PlatformSettingsSchema.safeParse(args.platform);
  if (!platform.success) {
    const issue = platform.error.issues[0]!;
    throw new Error(`\`${["platform", ...issue.path].join(".")}\`: ${issue.message}`);
  }
}

/**
 * A domain's mesh node: for every data product, an ingestion topic → a staging bucket → a
 * transform job → a warehouse table, plus the domain's namespace, data key and Glue database.
 * Providers (aws, kafka, kubernetes) come from `opts.providers`.
 */
export class Domain extends pulumi.ComponentResource {
  readonly domain: string;
  readonly outputPorts: pulumi.Output<Record<string, OutputPort>>;
  readonly namespace: pulumi.Output<string>;
  readonly glueDatabase: pulumi.Output<string>;

  constructor(name: string, args: DomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:index:Domain", name, {}, opts);
    validateDomainArgs(args);
    const { declaration: decl, environment, platform } = args;
    const partition = arnPartition(platform.region);
    const removalPolicy = removalPolicyFor(environment);
    const ownership = (classification: DataProduct["classification"]): Ownership => ({
      domain: decl.name,
      owner: decl.owner.team,
      environment,
      classification,
    });
    const domainWide = ownership(highestClassification(decl.dataProducts.map((p) => p.classification)));
    const stateful = { parent: this, ...removalOptions(removalPolicy) };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespaceName(decl.name),
          labels: {
            ...governanceLabels(domainWide),
            // The API server itself refuses pods that are not Pod Security Standards "restricted".
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
          },
        },
      },
      { parent: this },
    );
    const dataKey = new aws.kms.Key(
      `${name}-data-key`,
      {
        description: `Encrypts ${decl.name} staging data (${environment})`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: governanceTags(domainWide),
      },
      stateful,
    );
    new aws.kms.Alias(
      `${name}-data-key-alias`,
      { name: `alias/${platform.namePrefix}-${environment}-${decl.name}`, targetKeyId: dataKey.keyId },
      { parent: this },
    );
    const database = new aws.glue.CatalogDatabase(
      `${name}-database`,
      {
        name: glueDatabaseName(environment, decl.name),
        catalogId: platform.accountId,
        description: decl.description,
        tags: governanceTags(domainWide),
      },
      stateful,
    );

    const ports: Record<string, pulumi.Output<OutputPort>> = {};
    for (const product of decl.dataProducts) {
      const ref: ProductRef = { domain: decl.name, product: product.name, major: majorOf(product) };
      const id = kafkaTopicName(ref);
      const childName = `${name}-${product.name}-v${ref.major}`;
      const tags = governanceTags(ownership(product.classification));
      const consumers = consumersOf(args.mesh, ref);

      const topic = new IngestionTopic(
        childName,
        {
          product: ref,
          partitions: product.ingestion.partitions,
          retentionDays: product.ingestion.retentionDays,
          consumers,
          removalPolicy,
        },
        { parent: this },
      );
      const bucketName = stagingBucketName(platform.namePrefix, environment, ref);
      const staging = new StagingBucket(
        `${childName}-staging`,
        {
          bucketName,
          kmsKeyArn: dataKey.arn,
          retentionDays: product.ingestion.retentionDays,
          tags,
          partition,
          removalPolicy,
        },
        { parent: this },
      );
      const location = `s3://${platform.warehouse.bucket}/${warehousePrefix(ref)}`;
      const table = new WarehouseTable(
        `${childName}-table`,
        {
          databaseName: database.name,
          tableName: glueTableName(ref),
          accountId: platform.accountId,
          location,
          product,
          owner: decl.owner.team,
          removalPolicy,
        },
        { parent: this },
      );
      new TransformJob(
        `${childName}-transform`,
        {
          product: ref,
          namespace: namespace.metadata.name,
          namespaceName: namespaceName(decl.name),
          schedule: product.transform.schedule,
          sql: product.transform.sql!,
          resources: product.transform.resources,
          image: runnerImage(platform.runner),
          aws: { partition, region: platform.region, accountId: platform.accountId },
          staging: { bucket: bucketName, prefix: stagingPrefix(ref), kmsKeyArn: dataKey.arn },
          warehouse: {
            bucket: platform.warehouse.bucket,
            prefix: warehousePrefix(ref),
            kmsKeyArn: platform.warehouse.kmsKeyArn,
            database: glueDatabaseName(environment, decl.name),
            table: glueTableName(ref),
          },
          identity: {
            oidcProviderArn: platform.kubernetes.oidcProviderArn,
            oidcIssuer: platform.kubernetes.oidcIssuer,
          },
          namePrefix: platform.namePrefix,
          environment,
          tags,
          labels: governanceLabels(ownership(product.classification)),
        },
        { parent: this, dependsOn: [table] },
      );
      ports[id] = pulumi
        .all([topic.topicName, topic.deadLetterTopicName, table.qualifiedName, staging.arn])
        .apply(([topicName, dlq, tableName, bucketArn]) => ({
          topic: topicName,
          deadLetterTopic: dlq,
          table: tableName,
          tableLocation: location,
          stagingBucketArn: bucketArn,
          stagingPrefix: stagingPrefix(ref),
          consumers,
        }));
    }

    this.domain = decl.name;
    this.outputPorts = pulumi.all(ports);
    this.namespace = namespace.metadata.name;
    this.glueDatabase = database.name;
    // What governance rules read from the stack: who this domain is and what it may reach.
    this.registerOutputs({
      domain: decl.name,
      environment,
      products: publishedIds(decl),
      consumes: decl.consumes.map((c) => kafkaTopicName(c)),
      productClassifications: Object.fromEntries(
        decl.dataProducts.map((p) => [
          kafkaTopicName({ domain: decl.name, product: p.name, major: majorOf(p) }),
          p.classification,
        ]),
      ),
      piiProducts: decl.dataProducts
        .filter((p) => Object.values(p.schema).some((f) => f.pii))
        .map((p) => kafkaTopicName({ domain: decl.name, product: p.name, major: majorOf(p) })),
      outputPorts: this.outputPorts,
      namespace: this.namespace,
      glueDatabase: this.glueDatabase,
    });
  }
}
