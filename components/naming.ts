/**
 * Physical names of everything a mesh node creates, derived in one place so that components,
 * declaration validation (name-length limits) and governance rules (who owns an ARN) agree.
 *
 * | resource              | name                                         | limit |
 * |-----------------------|----------------------------------------------|-------|
 * | Kafka topic           | `<domain>.<product>.v<major>`                 | 249   |
 * | dead-letter topic     | `<domain>.<product>.v<major>.dlq`             | 249   |
 * | Kafka principal       | `User:<domain>`                               | –     |
 * | consumer group        | `<consumerDomain>.<domain>.<product>.v<major>`| 249   |
 * | staging bucket        | `<prefix>-<env>-<domain>-<product>-v<major>`  | 63    |
 * | warehouse location    | `s3://<warehouse>/<domain>/<product>/v<major>/` | –   |
 * | Glue database         | `<domain_>_<env>`                             | 255   |
 * | Glue table            | `<product_>_v<major>`                         | 255   |
 * | Kubernetes namespace  | `<domain>`                                    | 63    |
 * | CronJob               | `<product>-v<major>`                          | 52    |
 * | ServiceAccount        | `<product>-v<major>-transform`                | 63    |
 * | ConfigMap (SQL)       | `<product>-v<major>-sql`                      | 63    |
 * | IAM role              | `<prefix>-<env>-<domain>-<product>-v<major>`  | 64    |
 * | IAM role (ingestion)  | `<prefix>-<env>-<domain>-<product>-v<major>-ingest` | 64 |
 * | KafkaConnector        | `<domain>-<product>-v<major>-staging`         | 63    |
 * | its consumer group    | `connect-<domain>-<product>-v<major>-staging` | 249   |
 *
 * (`<x_>` is `<x>` with `-` replaced by `_`: Glue and Athena treat `-` badly.) A CronJob's limit
 * is 52, not 63, because the Jobs it spawns append an 11-character suffix to its name.
 */

/** Name-length limits of the systems a mesh node writes to. */
export const NAME_LIMITS = {
  kafkaTopic: 249,
  s3Bucket: 63,
  glue: 255,
  kubernetes: 63,
  kubernetesCronJob: 52,
  iamRole: 64,
} as const;

/** Environments a stack can be. `prod` protects stateful resources and enforces every policy. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Governance tag keys carried by every taggable AWS resource. */
export const TAG_KEYS = {
  domain: "mesh:domain",
  owner: "mesh:owner",
  environment: "mesh:environment",
  classification: "mesh:classification",
} as const;

/** Kubernetes label keys matching {@link TAG_KEYS} (label keys cannot contain `:`). */
export const LABEL_KEYS = {
  domain: "datamesh.io/domain",
  owner: "datamesh.io/owner",
  environment: "datamesh.io/environment",
  classification: "datamesh.io/classification",
} as const;

/** Identifies one major version of one data product. */
export interface ProductRef {
  readonly domain: string;
  readonly product: string;
  readonly major: number;
}

const underscored = (s: string) => s.replace(/-/g, "_");

export const kafkaTopicName = (p: ProductRef) => `${p.domain}.${p.product}.v${p.major}`;
export const deadLetterTopicName = (p: ProductRef) => `${kafkaTopicName(p)}.dlq`;
export const kafkaPrincipal = (domain: string) => `User:${domain}`;
export const consumerGroupName = (consumerDomain: string, p: ProductRef) =>
  `${consumerDomain}.${kafkaTopicName(p)}`;

/** Per product version: two majors run side by side while consumers move (see contracts.lock.json). */
export const stagingBucketName = (prefix: string, env: string, p: ProductRef) =>
  `${prefix}-${env}-${p.domain}-${p.product}-v${p.major}`;
/** Key prefix (no leading slash, trailing slash) of a product version in its staging bucket. */
export const stagingPrefix = (p: ProductRef) => `v${p.major}/`;
/**
 * Where the ingestion sink lands the topic's records as they arrived (gzipped JSON lines), under
 * the staging prefix; the transform validates them into `ingest_date=…/batch-<file>.parquet`.
 */
export const rawStagingPrefix = (p: ProductRef) => `${stagingPrefix(p)}raw/`;
/** Where the transform writes records that break the contract, with the reason, under the staging prefix. */
export const quarantinePrefix = (p: ProductRef) => `${stagingPrefix(p)}quarantine/`;
/**
 * The sink's object names under {@link rawStagingPrefix}, in the Aiven S3 sink connector's template
 * syntax: one file per topic partition and start offset, in the partition of the day it was written.
 */
export const RAW_FILE_TEMPLATE =
  "ingest_date={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/{{topic}}-{{partition:padding=true}}-{{start_offset:padding=true}}.jsonl.gz";
/** Key prefix of a product version in the shared warehouse bucket. */
export const warehousePrefix = (p: ProductRef) => `${p.domain}/${p.product}/v${p.major}/`;
/**
 * Key prefix of a product version's PII-free projection: beside the table's prefix, not inside it,
 * so that Iceberg maintenance of one table (orphan-file removal) never touches the other's files.
 */
export const redactedWarehousePrefix = (p: ProductRef) => `${p.domain}/${p.product}/v${p.major}-redacted/`;

export const glueDatabaseName = (env: string, domain: string) => `${underscored(domain)}_${env}`;
export const glueTableName = (p: Omit<ProductRef, "domain">) => `${underscored(p.product)}_v${p.major}`;
/** The table of a product version's PII-free projection, read by consumers not admitted to its PII. */
export const redactedTableName = (p: Omit<ProductRef, "domain">) => `${glueTableName(p)}_redacted`;

export const namespaceName = (domain: string) => domain;
export const cronJobName = (p: ProductRef) => `${p.product}-v${p.major}`;
export const transformServiceAccountName = (p: ProductRef) => `${cronJobName(p)}-transform`;
export const iamRoleName = (prefix: string, env: string, p: ProductRef) =>
  `${prefix}-${env}-${p.domain}-${p.product}-v${p.major}`;
/** The role the staging sink assumes to land the topic's records in the staging bucket's raw prefix. */
export const ingestRoleName = (prefix: string, env: string, p: ProductRef) =>
  `${iamRoleName(prefix, env, p)}-ingest`;
/**
 * The Kafka Connect connector (a Strimzi KafkaConnector in the platform's Connect namespace, which
 * holds every domain's connectors, hence the domain in the name) that lands a topic in staging.
 */
export const stagingConnectorName = (p: ProductRef) => `${p.domain}-${p.product}-v${p.major}-staging`;
/** The consumer group Kafka Connect gives a sink connector: `connect-<connector name>`. */
export const connectConsumerGroupName = (connector: string) => `connect-${connector}`;

/** `<domain>.<product>.v<major>`, optionally followed by `.dlq`. */
export const TOPIC_NAME_PATTERN = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v(0|[1-9][0-9]*)(\.dlq)?$/;

/** The product a topic name belongs to, or undefined when the name is not a mesh topic. */
export function parseTopicName(topic: string): (ProductRef & { deadLetter: boolean }) | undefined {
  const m = TOPIC_NAME_PATTERN.exec(topic);
  if (!m) return undefined;
  return { domain: m[1]!, product: m[2]!, major: Number(m[3]), deadLetter: m[4] !== undefined };
}

/** The product a warehouse object key (or key prefix) belongs to. */
export function parseWarehouseKey(key: string): ProductRef | undefined {
  const m = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)\/v(0|[1-9][0-9]*)(-redacted)?(\/|$)/.exec(key);
  return m ? { domain: m[1]!, product: m[2]!, major: Number(m[3]) } : undefined;
}

/** The domain that owns a Glue database name made by {@link glueDatabaseName}. */
export function parseGlueDatabaseName(db: string): { domain: string; environment: string } | undefined {
  const m = /^([a-z][a-z0-9_]*)_([a-z]+)$/.exec(db);
  return m ? { domain: m[1]!.replace(/_/g, "-"), environment: m[2]! } : undefined;
}

/** The view name a transform's SQL uses for a consumed product: `<domain>__<product>`, `-` → `_`. */
export const consumedViewName = (ref: Pick<ProductRef, "domain" | "product">) =>
  `${ref.domain}__${ref.product}`.replace(/-/g, "_");

/** The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function arnPartition(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
