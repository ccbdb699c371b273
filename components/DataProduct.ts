import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws.js";
import { runnerProductFile } from "./compute/runnerProductFile.js";
import { TransformJob } from "./compute/TransformJob.js";
import { piiFields, readsRedacted } from "./contract/contract.js";
import { messageSchema } from "./contract/messageSchema.js";
import type { ProductModel } from "./declaration/productModel.js";
import { mayConsume } from "./declaration/schema.js";
import { governanceLabels, governanceTags, type Ownership, type RemovalPolicy } from "./governance.js";
import { HISTORY_COLUMNS } from "./history/historyTable.js";
import { IngestionTopic } from "./kafka/IngestionTopic.js";
import { StagingSink } from "./kafka/StagingSink.js";
import {
  consumedViewName,
  type Environment,
  foldedBatchDays,
  glueDatabaseName,
  glueTableName,
  historyTableName,
  historyWarehousePrefix,
  iamRoleName,
  kafkaTopicName,
  quarantinePrefix,
  rawStagingPrefix,
  redactedTableName,
  redactedWarehousePrefix,
  stagedBatchPrefix,
  stagingBucketName,
  stagingConnectorName,
  stagingPrefix,
  warehousePrefix,
} from "./naming.js";
import { meshNamespace } from "./openlineage/namespace.js";
import { LF_READ_TABLE, LF_WRITE_TABLE } from "./perms.js";
import { type PlatformSettings, runnerImage } from "./platform.js";
import { StagingBucket } from "./storage/StagingBucket.js";
import { WarehouseTable } from "./warehouse/WarehouseTable.js";

export interface DataProductArgs {
  /**
   * The product version as the validated mesh models it (`mesh.products`): its declaration (how it
   * is built), its contract (what consumers rely on), its raw records and the inputs it reads.
   */
  readonly product: ProductModel;
  readonly ownership: Ownership;
  readonly environment: Environment;
  readonly platform: PlatformSettings;
  readonly partition: string;
  /** The domain's data key, which encrypts the staging bucket. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** The data key's alias, which permissions name so they are known at preview (components/dataKey.ts). */
  readonly dataKeyAlias: string;
  /** The domain's Glue database (created by the domain). */
  readonly databaseName: pulumi.Input<string>;
  /** The domain's Kubernetes namespace. */
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  readonly removalPolicy: RemovalPolicy;
}

/** A consuming domain. */
export interface Consumer {
  readonly domain: string;
}

/** What `grantRead` created, and which table the consumer reads. */
export interface ReadGrant {
  /** The consumer group it reads the topic with; unset when the topic (full records) is not granted. */
  readonly consumerGroup?: string;
  /** `database.table`: the product's table, or its PII-free projection. */
  readonly table: string;
  readonly includesPii: boolean;
}

/**
 * What consumers need to read one product version: its output port. The ingestion fields (topic,
 * staging, sink, message schema) are unset for a product derived only from other products
 * (`ingestion: false`): it has its table and nothing else.
 */
export interface OutputPort {
  readonly topic?: string;
  readonly deadLetterTopic?: string;
  /** `database.table` in the Glue catalog. */
  readonly table: string;
  readonly tableLocation: string;
  /** `database.table` of the PII-free projection, for products with PII fields. */
  readonly redactedTable?: string;
  readonly stagingBucketArn?: string;
  readonly stagingPrefix?: string;
  /** The Kafka Connect connector that lands the topic under the staging prefix's `raw/`. */
  readonly sinkConnector?: string;
  readonly consumers: readonly string[];
  /** JSON Schema of one raw record on the topic (`ingestion.schema`, or the product's schema). */
  readonly messageSchema?: Record<string, unknown>;
}

/**
 * One version of a data product: ingestion topic → staging sink → staging bucket → transform job →
 * warehouse table; a product derived only from other products (`ingestion: false`) is its
 * transform job and warehouse table alone. Consumers get access through
 * {@link DataProduct.grantRead}, never through policy JSON.
 */
export class DataProduct extends pulumi.ComponentResource {
  readonly outputPort: pulumi.Output<OutputPort>;
  /** Unset for a product without ingestion. */
  private readonly topic?: IngestionTopic;
  private readonly args: DataProductArgs;
  private readonly consumers: string[] = [];

  constructor(name: string, args: DataProductArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:index:DataProduct", name, {}, opts);
    const { product: model, platform, environment, removalPolicy } = args;
    const { ref, declaration, contract } = model;
    this.args = args;
    const tags = governanceTags(args.ownership);
    const database = glueDatabaseName(environment, ref.domain);
    const table = glueTableName(ref);
    // Topic → sink → staging bucket, only for a product with raw records of its own.
    const ingestion =
      declaration.ingestion === false ? undefined : this.ingest(name, args, declaration.ingestion);
    this.topic = ingestion?.topic;
    const tableLocation = `s3://${platform.warehouse.bucket}/${warehousePrefix(ref)}`;
    // Glue's tables are created here; a REST catalog's by the first run (no provider speaks it).
    const glue = platform.warehouse.catalog.type === "glue";
    const pii = piiFields(contract);
    const warehouse = !glue
      ? undefined
      : new WarehouseTable(
          `${name}-table`,
          {
            databaseName: args.databaseName,
            tableName: table,
            accountId: platform.accountId,
            location: tableLocation,
            product: declaration,
            owner: args.ownership.owner,
            removalPolicy,
          },
          { parent: this },
        );
    // Consumers not admitted to the PII read this projection: its files hold no PII column, so
    // every engine can read it directly (Lake Formation column filters bind only integrated engines).
    const redacted =
      pii.length === 0 || !glue
        ? undefined
        : new WarehouseTable(
            `${name}-redacted-table`,
            {
              databaseName: args.databaseName,
              tableName: redactedTableName(ref),
              accountId: platform.accountId,
              location: `s3://${platform.warehouse.bucket}/${redactedWarehousePrefix(ref)}`,
              product: {
                ...declaration,
                description: `${declaration.description} Without its PII fields (${pii.join(", ")}).`,
                schema: Object.fromEntries(Object.entries(declaration.schema).filter(([, f]) => !f.pii)),
              },
              owner: args.ownership.owner,
              removalPolicy,
            },
            { parent: this },
          );
    // Each declared input (consented, checked by validateMesh): the table it reads, the PII-free
    // projection where the product is not admitted to the input's PII.
    // Its run history (components/history), written by its own role, granted to no consumer.
    const history = !glue
      ? undefined
      : new WarehouseTable(
          `${name}-history-table`,
          {
            databaseName: args.databaseName,
            tableName: historyTableName(ref),
            accountId: platform.accountId,
            location: `s3://${platform.warehouse.bucket}/${historyWarehousePrefix(ref)}`,
            product: {
              schema: HISTORY_COLUMNS,
              description: `The run history of ${model.id}: one row per run of its transform.`,
              version: declaration.version,
              classification: "internal",
            },
            owner: args.ownership.owner,
            removalPolicy,
          },
          { parent: this },
        );
    const inputs = model.inputs.map(({ ref: r, redacted: readsProjection }) => ({
      view: consumedViewName(r),
      database: glueDatabaseName(environment, r.domain),
      table: readsProjection ? redactedTableName(r) : glueTableName(r),
      prefix: readsProjection ? redactedWarehousePrefix(r) : warehousePrefix(r),
    }));
    const transform = new TransformJob(
      `${name}-transform`,
      {
        product: ref,
        namespace: args.namespace,
        namespaceName: args.namespaceName,
        schedule: declaration.transform.schedule,
        sql: model.sql,
        productFile: runnerProductFile(model),
        reads: inputs.map(({ view, database: db, table: t, prefix }) => ({
          view,
          table: `${db}.${t}`,
          prefix,
        })),
        resources: declaration.transform.resources,
        image: runnerImage(platform.runner),
        engine: declaration.transform.engine,
        executors: declaration.transform.executors,
        ...(platform.runner.spark ? { sparkImage: runnerImage(platform.runner.spark) } : {}),
        aws: { partition: args.partition, region: platform.region, accountId: platform.accountId },
        catalog: platform.warehouse.catalog,
        ...(platform.warehouse.s3Endpoint ? { s3Endpoint: platform.warehouse.s3Endpoint } : {}),
        ...(platform.openLineage
          ? {
              lineage: {
                url: platform.openLineage.url,
                namespace: meshNamespace(platform.namePrefix, environment),
              },
            }
          : {}),
        // A product without raw records reads no staging: the job is given none.
        ...(ingestion
          ? {
              staging: {
                bucket: ingestion.bucketName,
                prefix: stagingPrefix(ref),
                kmsKeyAlias: args.dataKeyAlias,
              },
            }
          : {}),
        warehouse: {
          bucket: platform.warehouse.bucket,
          prefix: warehousePrefix(ref),
          kmsKeyArn: platform.warehouse.kmsKeyArn,
          database,
          table,
          ...(pii.length > 0
            ? {
                redacted: { prefix: redactedWarehousePrefix(ref), table: redactedTableName(ref) },
              }
            : {}),
          history: { prefix: historyWarehousePrefix(ref), table: historyTableName(ref) },
        },
        identity: {
          oidcProviderArn: platform.kubernetes.oidcProviderArn,
          oidcIssuer: platform.kubernetes.oidcIssuer,
        },
        namePrefix: platform.namePrefix,
        environment,
        tags,
        labels: governanceLabels(args.ownership),
      },
      { parent: this, dependsOn: [warehouse, redacted, history].filter((t) => t !== undefined) },
    );
    if (platform.warehouse.lakeFormation && glue) {
      // Granted to the product's own role, in its own stack: nothing here waits for another stack
      // but the tables of its inputs (Lake Formation refuses a grant on a table that does not exist).
      const role = `arn:${args.partition}:iam::${platform.accountId}:role/${iamRoleName(platform.namePrefix, environment, ref)}`;
      const grant = (id: string, databaseName: string, tableName: string, permissions: readonly string[]) =>
        new aws.lakeformation.Permissions(
          `${name}-lf-${id}`,
          {
            principal: role,
            permissions: [...permissions],
            table: { catalogId: platform.accountId, databaseName, name: tableName },
          },
          { parent: this, dependsOn: [transform] },
        );
      // The writer: exactly what replacing its tables' rows needs (one Iceberg commit through Glue).
      grant("write", database, table, LF_WRITE_TABLE);
      if (pii.length > 0) grant("write-redacted", database, redactedTableName(ref), LF_WRITE_TABLE);
      grant("write-history", database, historyTableName(ref), LF_WRITE_TABLE);
      for (const input of inputs)
        grant(`read-${input.database}-${input.table}`, input.database, input.table, LF_READ_TABLE);
    }

    // The topic carries the raw records: its message schema is theirs, not the table's.
    const schema = model.raw ? messageSchema(model.raw, contract) : undefined;
    this.outputPort = pulumi
      .all([
        ingestion?.topic.topicName,
        ingestion?.topic.deadLetterTopicName,
        warehouse?.qualifiedName ?? `${database}.${table}`,
        ingestion?.staging.arn,
      ])
      .apply(([topic, deadLetterTopic, qualifiedTable, stagingBucketArn]) => ({
        ...(topic !== undefined ? { topic } : {}),
        ...(deadLetterTopic !== undefined ? { deadLetterTopic } : {}),
        table: qualifiedTable,
        tableLocation,
        ...(pii.length > 0 ? { redactedTable: `${database}.${redactedTableName(ref)}` } : {}),
        ...(stagingBucketArn !== undefined
          ? {
              stagingBucketArn,
              stagingPrefix: stagingPrefix(ref),
              // Known at preview, unlike the connector's own outputs.
              sinkConnector: stagingConnectorName(ref),
            }
          : {}),
        consumers: [...this.consumers].sort(),
        ...(schema ? { messageSchema: schema } : {}),
      }));
    this.registerOutputs({ outputPort: this.outputPort });
  }

  /** The product's ingestion: its topic, the staging bucket and the sink that lands the topic there. */
  private ingest(
    name: string,
    args: DataProductArgs,
    ingestion: { partitions: number; retentionDays: number },
  ) {
    const { platform, environment, removalPolicy } = args;
    const { ref } = args.product;
    const tags = governanceTags(args.ownership);
    // The topic is the product's main child and reuses its name.
    const topic = new IngestionTopic(
      name,
      {
        product: ref,
        partitions: ingestion.partitions,
        retentionDays: ingestion.retentionDays,
        consumers: [],
        removalPolicy,
      },
      { parent: this },
    );
    const bucketName = stagingBucketName(platform.namePrefix, environment, ref);
    const staging = new StagingBucket(
      `${name}-staging`,
      {
        bucketName,
        kmsKeyArn: args.dataKeyArn,
        retentionDays: ingestion.retentionDays,
        // The raw records and the quarantine expire. The staged batches stay while a run reads
        // them: always when each run rebuilds the table from all of them; an incremental
        // product's table holds its folded batches, which then expire too.
        rawPrefixes: [rawStagingPrefix(ref), quarantinePrefix(ref)],
        ...(args.product.declaration.transform.incremental
          ? {
              expiringBatches: {
                prefix: stagedBatchPrefix(ref),
                days: foldedBatchDays(ingestion.retentionDays),
              },
            }
          : {}),
        tags,
        partition: args.partition,
        removalPolicy,
      },
      { parent: this },
    );
    // Lands the topic's records in the bucket as they arrive, for the transform to read.
    new StagingSink(
      `${name}-sink`,
      {
        product: ref,
        partitions: ingestion.partitions,
        staging: { bucket: bucketName, prefix: rawStagingPrefix(ref), kmsKeyAlias: args.dataKeyAlias },
        ingestion: platform.ingestion,
        aws: { partition: args.partition, region: platform.region, accountId: platform.accountId },
        namePrefix: platform.namePrefix,
        environment,
        tags,
        labels: governanceLabels(args.ownership),
      },
      { parent: this, dependsOn: [topic, staging] },
    );
    return { topic, staging, bucketName };
  }

  /**
   * Lets a consuming domain the producer consents to (`access.consumers`, see `mayConsume`) read
   * this product's topic — only when it may read full records: the topic carries the PII, so a
   * consumer not admitted to it gets no Kafka grant and reads the PII-free projection. The table
   * (or projection) a consumer reads is granted to its own transform roles in its own stack
   * (`TransformJob` reads): no stack attaches anything to another stack's roles, so stacks deploy
   * and destroy in any order.
   */
  grantRead(consumer: Consumer): ReadGrant {
    const { contract, declaration, ref } = this.args.product;
    const { environment } = this.args;
    if (!mayConsume(declaration, consumer.domain)) {
      throw new Error(
        `\`consumer\`: ${kafkaTopicName(ref)} is ${declaration.classification} and its producer does not list "${consumer.domain}" in access.consumers`,
      );
    }
    const redacted = readsRedacted(contract, consumer.domain);
    // A product without ingestion has no topic: its consumers read its table alone.
    const group = redacted || !this.topic ? undefined : this.topic.grantRead(consumer.domain).group;
    this.consumers.push(consumer.domain);
    const database = glueDatabaseName(environment, ref.domain);
    return {
      ...(group === undefined ? {} : { consumerGroup: group }),
      table: `${database}.${redacted ? redactedTableName(ref) : glueTableName(ref)}`,
      includesPii: piiFields(contract).length > 0 && !redacted,
    };
  }
}
