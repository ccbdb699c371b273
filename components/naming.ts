/**
 * Physical names of everything a mesh node creates, derived in one place so that components,
 * declaration validation (name-length limits, collisions) and governance rules (who owns an ARN)
 * agree.
 *
 * | resource              | name                                                  | limit |
 * |-----------------------|-------------------------------------------------------|-------|
 * | Kafka topic           | `<domain>.<product>.v<major>`                          | 249   |
 * | dead-letter topic     | `<domain>.<product>.v<major>.dlq`                      | 249   |
 * | Kafka principal       | `User:<domain>`                                        | –     |
 * | consumer group        | `<consumerDomain>.<domain>.<product>.v<major>`         | 249   |
 * | staging bucket        | `<prefix>-<env>-<domain>--<product>-v<major>`          | 63    |
 * | warehouse location    | `s3://<warehouse>/<domain>/<product>/v<major>/`        | –     |
 * | Glue database         | `<domain_>_<env>`                                      | 255   |
 * | Glue table            | `<product_>_v<major>` (`…_redacted`: PII-free)         | 255   |
 * | run history table     | `<product_>_v<major>_runs` (locally `_mesh.runs`)      | 255   |
 * | KMS alias             | `alias/<prefix>-<env>-<domain>`                        | 256   |
 * | Kubernetes namespace  | `<domain>`                                             | 63    |
 * | CronJob               | `<product>-v<major>`                                   | 52    |
 * | ServiceAccount        | `<product>-v<major>-transform`                         | 63    |
 * | ConfigMap (SQL)       | `<product>-v<major>-sql`                               | 63    |
 * | Role (Spark driver)   | `<product>-v<major>-spark-driver`                      | 63    |
 * | IAM role              | `<prefix>-<env>-<domain>--<product>-v<major>`          | 64    |
 * | IAM role (ingestion)  | `<prefix>-<env>-<domain>--<product>-v<major>-ingest`   | 64    |
 * | IAM reader policy     | `<prefix>-<env>-<domain>--<product>-v<major>-read[-redacted]` | 128 |
 * | KafkaConnector        | `<domain>--<product>-v<major>-staging`                 | 63    |
 * | its consumer group    | `connect-<domain>--<product>-v<major>-staging`         | 249   |
 *
 * (`<x_>` is `<x>` with `-` replaced by `_`: Glue and Athena treat `-` badly.) A CronJob's limit
 * is 52, not 63, because the Jobs it spawns append an 11-character suffix to its name.
 *
 * Every name is injective: two product versions never share one. Domain and product names are DNS
 * labels that never contain `--` (the schema refuses it) nor `.` or `_`, so wherever both are
 * joined into one hyphenated name they are joined with `--`: with a single `-`, domain
 * `analytics-revenue`'s product `by-segment` and domain `analytics`'s `revenue-by-segment` would
 * share a bucket, roles and a connector, and grants attach to roles by name. Names scoped to a
 * domain (its namespace, its Glue database) hold the product alone. Injectivity holds for one
 * `<prefix>`, which the platform owns; environments live in separate accounts and clusters, which
 * is why Kafka and Kubernetes names carry no environment. `validateMesh` re-checks it over the
 * whole mesh (components/declaration/collisions.ts).
 */

/** Name-length limits of the systems a mesh node writes to. */
export const NAME_LIMITS = {
  kafkaTopic: 249,
  s3Bucket: 63,
  glue: 255,
  kubernetes: 63,
  kubernetesCronJob: 52,
  iamRole: 64,
  iamPolicy: 128,
  kmsAlias: 256,
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

/**
 * `<env>-<domain>--<product>-v<major>`: the part of an account-wide name (bucket, IAM role) that
 * says which product version it belongs to. `--` separates domain and product (see the table).
 */
const productStem = (env: string, p: ProductRef) => `${env}-${p.domain}--${p.product}-v${p.major}`;

/** Per product version: two majors run side by side while consumers move (see contracts.lock.json). */
export const stagingBucketName = (prefix: string, env: string, p: ProductRef) =>
  `${prefix}-${productStem(env, p)}`;
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
/** Key prefix of the staged batches under the staging prefix (`ingest_date=YYYY-MM-DD/batch-….parquet`). */
export const stagedBatchPrefix = (p: ProductRef) => `${stagingPrefix(p)}ingest_date=`;
/**
 * Days an incremental product's staged batches are kept: twice its raw records' retention, so a
 * transform failing for a whole retention period still folds every batch before it expires.
 */
export const foldedBatchDays = (retentionDays: number) => 2 * retentionDays;
/** Key prefix of a product version in the shared warehouse bucket. */
export const warehousePrefix = (p: ProductRef) => `${p.domain}/${p.product}/v${p.major}/`;
/**
 * Key prefix of a product version's PII-free projection: beside the table's prefix, not inside it,
 * so that Iceberg maintenance of one table (orphan-file removal) never touches the other's files.
 */
/** `s3://bucket/prefix/`: where a table's files live. */
export const warehouseLocation = (bucket: string, prefix: string) => `s3://${bucket}/${prefix}`;
export const redactedWarehousePrefix = (p: ProductRef) => `${p.domain}/${p.product}/v${p.major}-redacted/`;
/** Key prefix of a product version's run history: beside the table's, for the same reason. */
export const historyWarehousePrefix = (p: ProductRef) => `${p.domain}/${p.product}/v${p.major}-runs/`;

export const glueDatabaseName = (env: string, domain: string) => `${underscored(domain)}_${env}`;
export const glueTableName = (p: Omit<ProductRef, "domain">) => `${underscored(p.product)}_v${p.major}`;
/** The table of a product version's PII-free projection, read by consumers not admitted to its PII. */
export const redactedTableName = (p: Omit<ProductRef, "domain">) => `${glueTableName(p)}_redacted`;
/**
 * The table of a product version's run history, beside its table in the domain's database: one row
 * per run (`components/history/runRecord.ts`). A product table's name ends in its major, so no
 * product's table is ever named so.
 */
export const historyTableName = (p: Omit<ProductRef, "domain">) => `${glueTableName(p)}_runs`;
/**
 * The local warehouse's run history (`mesh run`): every product's runs in one table, in a schema of
 * the platform's own. Domain names are DNS labels, so no domain's schema is ever named `_mesh`.
 */
export const LOCAL_HISTORY_TABLE = { database: "_mesh", table: "runs" } as const;

/** The alias of a domain's data key (one per domain and environment). */
export const kmsAliasName = (prefix: string, env: string, domain: string) =>
  `alias/${prefix}-${env}-${domain}`;

export const namespaceName = (domain: string) => domain;
/** Names in the domain's own namespace hold the product alone: the namespace says the domain. */
export const cronJobName = (p: Omit<ProductRef, "domain">) => `${p.product}-v${p.major}`;
export const transformServiceAccountName = (p: Omit<ProductRef, "domain">) => `${cronJobName(p)}-transform`;
/** The ConfigMap holding the transform's SQL. */
export const sqlConfigMapName = (p: Omit<ProductRef, "domain">) => `${cronJobName(p)}-sql`;
/** The Role (and its RoleBinding) that lets a Spark driver manage its executors. */
export const sparkDriverRoleName = (p: Omit<ProductRef, "domain">) => `${cronJobName(p)}-spark-driver`;
export const iamRoleName = (prefix: string, env: string, p: ProductRef) => `${prefix}-${productStem(env, p)}`;
const INGEST_ROLE_SUFFIX = "-ingest";
/** The role the staging sink assumes to land the topic's records in the staging bucket's raw prefix. */
export const ingestRoleName = (prefix: string, env: string, p: ProductRef) =>
  `${iamRoleName(prefix, env, p)}${INGEST_ROLE_SUFFIX}`;
/**
 * What every ingest role name of a product version ends with, whatever the platform's prefix: for
 * rules that see a role ARN but not the prefix. Weaker than the full name: the role of domain
 * `<x>-<env>-<domain>`'s product of the same name ends alike.
 */
export const ingestRoleNameEnding = (env: string, p: ProductRef) =>
  `-${productStem(env, p)}${INGEST_ROLE_SUFFIX}`;
/**
 * The Kafka Connect connector (a Strimzi KafkaConnector in the platform's Connect namespace, which
 * holds every domain's connectors, hence the domain in the name) that lands a topic in staging.
 */
export const stagingConnectorName = (p: ProductRef) => `${p.domain}--${p.product}-v${p.major}-staging`;
/** The consumer group Kafka Connect gives a sink connector: `connect-<connector name>`. */
export const connectConsumerGroupName = (connector: string) => `connect-${connector}`;

/**
 * One physical name and where it must be unique: `kind` names the namespace of the system (IAM
 * roles, Kafka consumer groups, …) and `scope` the part of it (a Kubernetes namespace, a Glue
 * database); empty for account- or cluster-wide names.
 */
export interface PhysicalName {
  readonly kind: string;
  readonly scope: string;
  readonly name: string;
  readonly limit: number;
}

/** The physical names a domain's node holds once, whatever its products. */
export function domainPhysicalNames(prefix: string, env: string, domain: string): PhysicalName[] {
  return [
    { kind: "Kubernetes namespace", scope: "", name: namespaceName(domain), limit: NAME_LIMITS.kubernetes },
    { kind: "Glue database", scope: "", name: glueDatabaseName(env, domain), limit: NAME_LIMITS.glue },
    { kind: "KMS alias", scope: "", name: kmsAliasName(prefix, env, domain), limit: NAME_LIMITS.kmsAlias },
  ];
}

/**
 * Every physical name of one product version in one environment (the PII-free projection's names
 * whether or not it has PII); `consumers` are the domains consuming it, whose groups count too.
 */
export function productPhysicalNames(
  prefix: string,
  env: string,
  ref: ProductRef,
  consumers: readonly string[] = [],
): PhysicalName[] {
  const kubernetes = (kind: string, name: string, limit: number = NAME_LIMITS.kubernetes) => ({
    kind: `Kubernetes ${kind}`,
    scope: namespaceName(ref.domain),
    name,
    limit,
  });
  const connector = stagingConnectorName(ref);
  const group = (name: string) => ({
    kind: "Kafka consumer group",
    scope: "",
    name,
    limit: NAME_LIMITS.kafkaTopic,
  });
  const glue = (name: string) => ({
    kind: "Glue table",
    scope: glueDatabaseName(env, ref.domain),
    name,
    limit: NAME_LIMITS.glue,
  });
  const iam = (kind: string, name: string, limit: number) => ({
    kind: `IAM ${kind}`,
    scope: "",
    name,
    limit,
  });
  const warehouse = (name: string) => ({
    kind: "warehouse key prefix",
    scope: "",
    name,
    limit: Number.POSITIVE_INFINITY,
  });
  return [
    // Limit checks report the first name of a kind that overflows: the one a team most likely hits first.
    { kind: "Kafka topic", scope: "", name: deadLetterTopicName(ref), limit: NAME_LIMITS.kafkaTopic },
    { kind: "Kafka topic", scope: "", name: kafkaTopicName(ref), limit: NAME_LIMITS.kafkaTopic },
    ...consumers.map((c) => group(consumerGroupName(c, ref))),
    { kind: "S3 bucket", scope: "", name: stagingBucketName(prefix, env, ref), limit: NAME_LIMITS.s3Bucket },
    warehouse(redactedWarehousePrefix(ref)),
    warehouse(warehousePrefix(ref)),
    warehouse(historyWarehousePrefix(ref)),
    glue(glueTableName(ref)),
    glue(redactedTableName(ref)),
    glue(historyTableName(ref)),
    kubernetes("CronJob", cronJobName(ref), NAME_LIMITS.kubernetesCronJob),
    kubernetes("ServiceAccount", transformServiceAccountName(ref)),
    kubernetes("ConfigMap", sqlConfigMapName(ref)),
    kubernetes("Role", sparkDriverRoleName(ref)),
    iam("role", ingestRoleName(prefix, env, ref), NAME_LIMITS.iamRole),
    iam("role", iamRoleName(prefix, env, ref), NAME_LIMITS.iamRole),
    // Every domain's connectors share the platform's Connect namespace.
    { kind: "Kafka connector", scope: "", name: connector, limit: NAME_LIMITS.kubernetes },
    group(connectConsumerGroupName(connector)),
  ];
}

/**
 * The domain and environment a stack deploys, from its name `<domain>-<env>` (Pulumi may qualify
 * it as `org/project/<domain>-<env>`). The name is what the stack's state and its deployment
 * credentials are bound to, so it, not the stack's configuration, says what the stack is.
 */
export function parseStackName(stack: string): { domain: string; environment: Environment } | undefined {
  const name = stack.slice(stack.lastIndexOf("/") + 1);
  const m = /^([a-z](?:[a-z0-9-]*[a-z0-9])?)-([a-z]+)$/.exec(name);
  const environment = m?.[2];
  if (!m || m[1]!.includes("--") || !(ENVIRONMENTS as readonly string[]).includes(environment!))
    return undefined;
  return { domain: m[1]!, environment: environment as Environment };
}

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
  const m = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)\/v(0|[1-9][0-9]*)(-redacted|-runs)?(\/|$)/.exec(key);
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
