/**
 * What the platform team configures per environment (`environments.<env>` in `platform.yaml` at the
 * project root): the account, the shared warehouse, the cluster's identity provider, the runner
 * image and the Kafka Connect cluster that lands ingestion topics in staging. Never in a domain's
 * stack file: whoever sets these decides what every IRSA role trusts and which image runs with it.
 */
import { z } from "zod";
import { DEFAULT_NAME_PREFIX } from "./declaration/limits.js";
import type { Environment } from "./naming.js";

const arn = (service: string, what: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), { error: `${what} must be an ${service} ARN` });

/** A Kubernetes object name (RFC 1123 label): what a namespace, or a name used as a label value, must be. */
const kubernetesName = (what: string, example: string) =>
  z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: `${what} must be a Kubernetes name (1-63 lowercase letters, digits or hyphens), e.g. "${example}"`,
  });

/**
 * The platform's Kafka Connect cluster (Strimzi), which runs every product's staging sink. Its
 * workers authenticate to AWS as one IAM role (IRSA) that may only assume the per-product ingest
 * roles, and to Kafka as one principal that the mesh grants, per product, exactly its topics.
 */
export const IngestionSettingsSchema = z
  .object({
    /** Name of the Strimzi `KafkaConnect` resource (with `strimzi.io/use-connector-resources: "true"`). */
    connectCluster: kubernetesName("connectCluster", "mesh-connect"),
    /** Its namespace: a KafkaConnector must live in the namespace of its Connect cluster. */
    namespace: kubernetesName("namespace", "kafka-connect"),
    /** The IAM role of the Connect workers (IRSA); the only principal each ingest role trusts. */
    workerRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
      error: 'workerRoleArn must be an IAM role ARN, e.g. "arn:aws:iam::111111111111:role/mesh-connect"',
    }),
    /** The Kafka principal of the Connect workers, granted Read on each topic and Write on its dead-letter topic. */
    kafkaPrincipal: z.string().regex(/^User:[A-Za-z0-9][A-Za-z0-9._=,@-]*$/, {
      error: 'kafkaPrincipal must be "User:<name>" without wildcards, e.g. "User:mesh-connect"',
    }),
  })
  .strict();

/** A container image pinned to a release tag and its digest. */
const PinnedImageSchema = z
  .object({
    image: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, {
      error: 'image is a repository without tag, e.g. "ghcr.io/acme/mesh-runner"',
    }),
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/)
      .refine((t) => t !== "latest", { error: 'tag must be pinned to a release, not "latest"' }),
    digest: z
      .string()
      .regex(/^sha256:[a-f0-9]{64}$/, { error: 'digest must be "sha256:" and 64 hex digits' }),
  })
  .strict();

/**
 * The warehouse's Iceberg catalog: AWS Glue (the account's Data Catalog; tables created by the
 * deploy, access by IAM) or any Iceberg REST catalog (Apache Polaris, Project Nessie, Lakekeeper,
 * Apache Iceberg's REST server…): tables are created by the product's own transform, access is the
 * catalog's own authorization, with credentials the platform team puts in a Kubernetes Secret.
 */
export const WarehouseCatalogSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("glue") }).strict(),
  z
    .object({
      type: z.literal("rest"),
      /** The catalog's base URL, e.g. "https://polaris.example.com/api/catalog". */
      uri: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
        error: 'uri is the Iceberg REST catalog\'s base URL, e.g. "https://polaris.example.com/api/catalog"',
      }),
      /** The catalog's warehouse name (the REST `warehouse` property), where the catalog needs one. */
      warehouse: z.string().min(1).optional(),
      /**
       * The Kubernetes Secret, in each domain's namespace, with the OAuth2 client credentials of the
       * domain (`client-id`, `client-secret`); none: the catalog takes unauthenticated requests.
       */
      credentialsSecret: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, {
          error: "credentialsSecret must be a Kubernetes Secret name",
        })
        .optional(),
    })
    .strict(),
]);
export type WarehouseCatalogSettings = z.output<typeof WarehouseCatalogSchema>;

export const PlatformSettingsSchema = z
  .object({
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, {
        error: "namePrefix must be 1-20 lowercase letters, digits or hyphens, starting with a letter",
      })
      .default(DEFAULT_NAME_PREFIX),
    accountId: z.string().regex(/^\d{12}$/, { error: "accountId must be a 12-digit AWS account ID" }),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'region must be an AWS region such as "eu-west-1"' }),
    warehouse: z
      .object({
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "bucket must be an S3 bucket name" }),
        kmsKeyArn: arn("kms", "kmsKeyArn"),
        catalog: WarehouseCatalogSchema.default({ type: "glue" }),
        /**
         * An S3-compatible object store's endpoint (path-style requests), e.g. "https://s3.internal:9000";
         * none: AWS S3 in `region`.
         */
        s3Endpoint: z
          .string()
          .regex(/^https?:\/\/[^\s/]+\/?$/, {
            error: 's3Endpoint is a URL without path, e.g. "https://s3.internal:9000"',
          })
          .optional(),
        lakeFormation: z.boolean().default(false).meta({
          description:
            "Whether the warehouse's Glue tables are governed by Lake Formation. false (default): IAM alone governs them (Glue's IAMAllowedPrincipals), and every stack deploys in any order. true: each transform role also gets Lake Formation permissions on exactly what it reads and writes; a consumer's stack then needs its producers' tables to exist (deploy producers first).",
        }),
      })
      .strict(),
    kafka: z
      .object({
        bootstrapServers: z
          .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: 'bootstrap servers are "host:port"' }))
          .min(1),
        saslMechanism: z
          .enum(["scram-sha256", "scram-sha512", "aws-iam", "oauthbearer"])
          .default("scram-sha512"),
      })
      .strict(),
    kubernetes: z
      .object({
        context: z.string().min(1),
        oidcProviderArn: arn("iam", "oidcProviderArn"),
        oidcIssuer: z.string().regex(/^[a-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/, {
          error:
            'oidcIssuer is the issuer URL without "https://", e.g. "oidc.eks.eu-west-1.amazonaws.com/id/ABC"',
        }),
      })
      .strict(),
    runner: PinnedImageSchema.extend({
      /** The Spark runner image, for products whose transform `engine` is `spark` (no JVM in the DuckDB runner). */
      spark: PinnedImageSchema.optional(),
    }).strict(),
    ingestion: IngestionSettingsSchema,
    openLineage: z
      .object({
        url: z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
          error: 'openLineage.url is an OpenLineage API\'s base URL, e.g. "http://marquez.lineage:5000"',
        }),
      })
      .strict()
      .optional()
      .meta({
        description:
          "The OpenLineage API (e.g. Marquez's base URL) every transform run posts its lineage events to, in the environment's namespace (<namePrefix>-<environment>); the transform's network policy lets its pods reach the URL's port. A failing API never fails a run. None: runs emit no events.",
      }),
  })
  .strict()
  .refine((p) => !(p.warehouse.lakeFormation && p.warehouse.catalog.type !== "glue"), {
    error: "warehouse.lakeFormation governs Glue tables: it needs warehouse.catalog type glue",
    path: ["warehouse", "lakeFormation"],
  });

/** `platform.yaml`: one block of platform settings per environment the platform runs. */
export const PlatformFileSchema = z
  .object({
    environments: z
      .object({
        dev: PlatformSettingsSchema.optional(),
        staging: PlatformSettingsSchema.optional(),
        prod: PlatformSettingsSchema.optional(),
      } satisfies Record<Environment, unknown>)
      .strict(),
  })
  .strict();

export type PlatformSettingsInput = z.input<typeof PlatformSettingsSchema>;
export type PlatformSettings = z.output<typeof PlatformSettingsSchema>;
/** The platform's Kafka Connect cluster, as the staging sinks need it. */
export type IngestionSettings = PlatformSettings["ingestion"];

/** The pinned runner image reference, `repository:tag@sha256:…`. */
export const runnerImage = (runner: z.output<typeof PinnedImageSchema>) =>
  `${runner.image}:${runner.tag}@${runner.digest}`;
