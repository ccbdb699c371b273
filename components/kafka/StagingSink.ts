import type * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "../aws.js";
import { aliasedKeyStatement, validateDataKeyAlias } from "../dataKey.js";
import * as k8s from "../kubernetes.js";
import {
  connectConsumerGroupName,
  deadLetterTopicName,
  ingestRoleName,
  kafkaPrincipal,
  kafkaTopicName,
  NAME_LIMITS,
  type ProductRef,
  RAW_FILE_TEMPLATE,
  stagingConnectorName,
} from "../naming.js";
import {
  KMS_ENCRYPT_DECRYPT,
  type PolicyDocument,
  policyDocument,
  prefixObjectsStatement,
  roleTrustPolicy,
  S3_PUT_OBJECTS,
} from "../perms.js";
import { type IngestionSettings, IngestionSettingsSchema } from "../platform.js";
import { type LiteralAcl, literalAcl } from "./acl.js";
import { TOPIC_DURABILITY } from "./IngestionTopic.js";

/**
 * The Aiven S3 sink connector (Apache-2.0, github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka),
 * which the platform's Connect image must carry on its plugin path.
 */
export const STAGING_SINK_CONNECTOR_CLASS = "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector";
/**
 * Strimzi's `v1` API (served since Strimzi 0.49; 1.0 removed `v1beta2`, so a v1beta2 resource fails
 * to apply on a current Strimzi). The spec is unchanged: `class`, `tasksMax`, `config`, `state`.
 */
export const KAFKA_CONNECTOR_API_VERSION = "kafka.strimzi.io/v1";
export const KAFKA_CONNECTOR_KIND = "KafkaConnector";
/** Seconds an assumed ingest session lasts (the connector's default, and the role's maximum). */
export const INGEST_SESSION_SECONDS = 3600;
/**
 * Records per raw file at most. The connector also closes every file at each offset commit, every
 * `offset.flush.interval.ms` of the Connect workers (Kafka's default 60 s; a worker setting, the
 * connector has none): raw files hold at most a minute or this many records.
 */
export const RAW_FILE_MAX_RECORDS = 100_000;

export interface StagingSinkArgs {
  /** The product version whose ingestion topic (and dead-letter topic) the sink reads. */
  readonly product: ProductRef;
  /** Partitions of the ingestion topic: the connector runs one task per partition. */
  readonly partitions: number;
  /** Where the sink writes: the product version's staging bucket, under its raw prefix. */
  readonly staging: {
    readonly bucket: string;
    /** Key prefix of the raw files (see `rawStagingPrefix`), ending in `/`. */
    readonly prefix: string;
    /** Alias of the domain's data key, the bucket's default encryption key (SSE-KMS); see components/dataKey.ts. */
    readonly kmsKeyAlias: string;
  };
  /** The platform's Kafka Connect cluster. */
  readonly ingestion: IngestionSettings;
  /** The account and region of the staging bucket. */
  readonly aws: { readonly partition: string; readonly region: string; readonly accountId: string };
  /** Prefix of IAM role names (see `iamRoleName`). */
  readonly namePrefix: string;
  readonly environment: string;
  /** Governance tags (AWS) and labels (Kubernetes). */
  readonly tags: Record<string, string>;
  readonly labels: Record<string, string>;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A key prefix: relative, ending in `/`, and free of IAM wildcards (it becomes a policy resource). */
const KEY_PREFIX = /^[A-Za-z0-9!_.'()=-]+(\/[A-Za-z0-9!_.'()=-]+)*\/$/;

/** Validates args before any child is created; throws naming the argument. */
export function validateStagingSinkArgs(args: StagingSinkArgs): void {
  if (!Number.isInteger(args.partitions) || args.partitions < 1) {
    throw new Error(`\`partitions\` must be a positive whole number, got ${args.partitions}`);
  }
  if (!BUCKET.test(args.staging.bucket)) {
    throw new Error(`\`staging.bucket\` "${args.staging.bucket}" is not a valid S3 bucket name`);
  }
  if (!KEY_PREFIX.test(args.staging.prefix)) {
    throw new Error(
      `\`staging.prefix\` "${args.staging.prefix}" must be a key prefix such as "v1/raw/": not empty, no leading "/", ending in "/", without wildcards`,
    );
  }
  validateDataKeyAlias("staging.kmsKeyAlias", args.staging.kmsKeyAlias);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.aws.region)) {
    throw new Error(`\`aws.region\` must be an AWS region such as "eu-west-1", got "${args.aws.region}"`);
  }
  if (!/^\d{12}$/.test(args.aws.accountId)) {
    throw new Error(`\`aws.accountId\` must be a 12-digit AWS account ID, got "${args.aws.accountId}"`);
  }
  const ingestion = IngestionSettingsSchema.safeParse(args.ingestion);
  if (!ingestion.success) {
    const issue = ingestion.error.issues[0]!;
    throw new Error(`\`${["ingestion", ...issue.path].join(".")}\`: ${issue.message}`);
  }
  if (args.ingestion.kafkaPrincipal === kafkaPrincipal(args.product.domain)) {
    throw new Error(
      `\`ingestion.kafkaPrincipal\` must be the Connect workers' own principal, not the domain's "${args.ingestion.kafkaPrincipal}"`,
    );
  }
  const connector = stagingConnectorName(args.product);
  if (connector.length > NAME_LIMITS.kubernetes) {
    throw new Error(`KafkaConnector name "${connector}" exceeds ${NAME_LIMITS.kubernetes} characters`);
  }
  const role = ingestRoleName(args.namePrefix, args.environment, args.product);
  if (role.length > NAME_LIMITS.iamRole) {
    throw new Error(`IAM role name "${role}" exceeds ${NAME_LIMITS.iamRole} characters`);
  }
}

/** The ARN of the product's ingest role, known at preview (unlike the role's `arn` output). */
export const ingestRoleArn = (args: StagingSinkArgs) =>
  `arn:${args.aws.partition}:iam::${args.aws.accountId}:role/${ingestRoleName(args.namePrefix, args.environment, args.product)}`;

/** The regional STS endpoint the connector assumes its role through (the connector's default is the global one). */
export function stsEndpoint(region: string): string {
  return `https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

/**
 * The connector's configuration (Strimzi `spec.config`; `connector.class` and `tasks.max` are
 * `spec.class` and `spec.tasksMax`). Keys are those of the Aiven S3 sink's `S3SinkConfig` and the
 * connectors' common `FileNameFragment`/`OutputFormatFragment`, and Kafka Connect's own
 * (converters, `errors.*`).
 *
 * | what            | setting                                                                |
 * |-----------------|------------------------------------------------------------------------|
 * | record → line   | the value only, as JSON (`jsonl`, fields `value`, no envelope)          |
 * | bad records     | not JSON: conversion fails, the record goes to the `.dlq` topic with the reason in `__connect.errors.*` headers |
 * | write failures  | not records' fault, so not dead-lettered: the task fails, Strimzi restarts it, records are read again from the last committed offset |
 * | object key      | `<raw prefix>ingest_date=YYYY-MM-DD/<topic>-<partition>-<start offset>.jsonl.gz`, wall-clock date in UTC |
 * | credentials     | none in the config: the workers' IRSA role assumes the ingest role with an external ID |
 * | encryption      | the bucket's default (SSE-KMS, the domain's key): `aws.s3.sse.algorithm` is left unset, since `aws:kms` without a key ID would select the `aws/s3` key |
 *
 * The raw prefix is part of `file.name.template`: the S3 sink builds the key from the template
 * alone. (`file.name.prefix` belongs to the GCS and Azure sinks; the S3 sink's `aws.s3.prefix` is
 * deprecated and, when set, makes it ignore the template.)
 */
export function stagingSinkConfig(args: StagingSinkArgs, roleArn: string): Record<string, string> {
  const connector = stagingConnectorName(args.product);
  return {
    topics: kafkaTopicName(args.product),
    // The key is not written; bytes never fail a record over it.
    "key.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    // Records that fail conversion are routed to the dead-letter topic, never dropped.
    "errors.tolerance": "all",
    "errors.deadletterqueue.topic.name": deadLetterTopicName(args.product),
    "errors.deadletterqueue.topic.replication.factor": String(TOPIC_DURABILITY.replicationFactor),
    "errors.deadletterqueue.context.headers.enable": "true",
    // Failures are logged without the record (it may hold PII).
    "errors.log.enable": "true",
    "errors.log.include.messages": "false",
    "aws.s3.bucket.name": args.staging.bucket,
    "aws.s3.region": args.aws.region,
    "aws.sts.role.arn": roleArn,
    "aws.sts.role.session.name": connector,
    "aws.sts.role.external.id": connector,
    "aws.sts.role.session.duration": String(INGEST_SESSION_SECONDS),
    "aws.sts.config.endpoint": stsEndpoint(args.aws.region),
    "format.output.type": "jsonl",
    "format.output.fields": "value",
    "format.output.envelope": "false",
    "file.compression.type": "gzip",
    "file.name.template": `${args.staging.prefix}${RAW_FILE_TEMPLATE}`,
    "file.name.timestamp.source": "wallclock",
    "file.name.timestamp.timezone": "UTC",
    "file.max.records": String(RAW_FILE_MAX_RECORDS),
  };
}

/** What the ingest role may do in S3: add objects under the raw prefix, nothing else. */
export function ingestPolicy(args: StagingSinkArgs): PolicyDocument {
  const { bucket, prefix } = args.staging;
  return policyDocument(
    prefixObjectsStatement(
      "WriteRawRecords",
      { partition: args.aws.partition, bucket, prefix },
      S3_PUT_OBJECTS,
    ),
  );
}

/**
 * Use of the domain's data key, which the bucket encrypts raw records with: named by its alias, so
 * the document is known at preview (the key's ARN exists only once the key does).
 */
export const ingestKeyPolicy = (args: StagingSinkArgs): PolicyDocument =>
  policyDocument(
    aliasedKeyStatement(
      "EncryptRawRecords",
      { ...args.aws, alias: args.staging.kmsKeyAlias },
      KMS_ENCRYPT_DECRYPT,
    ),
  );

/**
 * Lands a product version's ingestion topic in its staging bucket: a Strimzi KafkaConnector running
 * the Aiven S3 sink on the platform's Kafka Connect cluster, which writes each record's value as a
 * line of gzipped JSON under the raw prefix (see {@link stagingSinkConfig}), and sends records that
 * are not JSON to the product's dead-letter topic.
 *
 * The connector holds no credentials. The Connect workers run as the platform's IRSA role, which
 * may assume this product's ingest role only with the connector's name as external ID; the ingest
 * role may only add objects under the raw prefix and use the domain's key. In Kafka, the workers'
 * principal gets, LITERAL, Read and Describe on the topic, Read on the connector's consumer group
 * (`connect-<connector>`), and Write and Describe on the dead-letter topic.
 */
export class StagingSink extends pulumi.ComponentResource {
  /** The KafkaConnector's name, also its Kafka Connect connector name. */
  readonly connectorName: pulumi.Output<string>;
  /** The role the connector assumes to write. */
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: StagingSinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:kafka:StagingSink", name, {}, opts);
    validateStagingSinkArgs(args);
    const child = { parent: this };
    const connector = stagingConnectorName(args.product);
    const { ingestion } = args;

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: ingestRoleName(args.namePrefix, args.environment, args.product),
        description: `Staging sink of ${args.product.domain}/${args.product.product} v${args.product.major}`,
        assumeRolePolicy: JSON.stringify(roleTrustPolicy(ingestion.workerRoleArn, connector)),
        maxSessionDuration: INGEST_SESSION_SECONDS,
        tags: args.tags,
      },
      child,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.id, policy: JSON.stringify(ingestPolicy(args)) },
      child,
    );
    const keys = new aws.iam.RolePolicy(
      `${name}-keys`,
      {
        role: role.id,
        policy: JSON.stringify(ingestKeyPolicy(args)),
      },
      child,
    );

    const topic = kafkaTopicName(args.product);
    const deadLetter = deadLetterTopicName(args.product);
    const acls = [
      this.acl(name, "topic-read", "Topic", topic, ingestion.kafkaPrincipal, "Read"),
      this.acl(name, "topic-describe", "Topic", topic, ingestion.kafkaPrincipal, "Describe"),
      this.acl(
        name,
        "group-read",
        "Group",
        connectConsumerGroupName(connector),
        ingestion.kafkaPrincipal,
        "Read",
      ),
      this.acl(name, "dlq-write", "Topic", deadLetter, ingestion.kafkaPrincipal, "Write"),
      this.acl(name, "dlq-describe", "Topic", deadLetter, ingestion.kafkaPrincipal, "Describe"),
    ];

    const kafkaConnector = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: KAFKA_CONNECTOR_API_VERSION,
        kind: KAFKA_CONNECTOR_KIND,
        metadata: {
          name: connector,
          // A KafkaConnector lives beside its Connect cluster, which the label names.
          namespace: ingestion.namespace,
          labels: { ...args.labels, "strimzi.io/cluster": ingestion.connectCluster },
        },
        spec: {
          class: STAGING_SINK_CONNECTOR_CLASS,
          tasksMax: args.partitions,
          config: stagingSinkConfig(args, ingestRoleArn(args)),
          state: "running",
          // Strimzi restarts a failed connector or task, with backoff.
          autoRestart: { enabled: true },
        },
      },
      // It starts consuming at once: its role, key use and ACLs must be in place first.
      { ...child, dependsOn: [role, policy, keys, ...acls] },
    );

    this.connectorName = kafkaConnector.metadata.name;
    this.roleArn = role.arn;
    this.registerOutputs({ connectorName: this.connectorName, roleArn: this.roleArn });
  }

  private acl(
    name: string,
    suffix: string,
    resourceType: LiteralAcl["resourceType"],
    resourceName: string,
    principal: string,
    operation: LiteralAcl["operation"],
  ): kafka.Acl {
    return literalAcl(`${name}-${suffix}`, { resourceType, resourceName, principal, operation }, this);
  }
}
