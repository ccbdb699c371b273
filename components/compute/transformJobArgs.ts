/** A TransformJob's inputs, and their validation before anything is created. */
import type * as pulumi from "@pulumi/pulumi";
import { validateDataKeyAlias } from "../dataKey.js";
import { cronProblem } from "../declaration/cron.js";
import { CPU_QUANTITY_PATTERN, MEMORY_QUANTITY_PATTERN } from "../declaration/units.js";
import { cronJobName, iamRoleName, NAME_LIMITS, type ProductRef } from "../naming.js";
import type { WarehouseCatalogSettings } from "../platform.js";
import type { RunnerProductFile } from "./runnerProductFile.js";
import { checkMajor } from "./runnerProtocol.js";
import { SPARK_SCHEDULED_NAME_LIMIT } from "./sparkApplication.js";

/** How a transform runs: one DuckDB pod (a CronJob), or a Spark application (driver and executors). */
export type TransformEngine = "duckdb" | "spark";
export const DEFAULT_EXECUTORS = 2;
const PINNED_IMAGE = /^[^\s@]+:[A-Za-z0-9_][A-Za-z0-9._-]*@sha256:[a-f0-9]{64}$/;

/** One declared input of a transform (see {@link TransformJobArgs.reads}). */
export interface TransformRead {
  readonly view: string;
  /** `database.table`: the product's table, or its PII-free projection. */
  readonly table: string;
  /** Key prefix of the table's files in the warehouse bucket, ending in `/`. */
  readonly prefix: string;
}

export interface TransformJobArgs {
  readonly product: ProductRef;
  /** Kubernetes namespace of the domain. */
  readonly namespace: pulumi.Input<string>;
  /** The namespace's name as a plain string (the IAM trust policy is scoped to it). */
  readonly namespaceName: string;
  /** Cron schedule, UTC. */
  readonly schedule: string;
  /** The transform's SQL, mounted read-only into the runner. */
  readonly sql: string;
  /**
   * The product file (see runnerProtocol.ts), mounted beside the SQL: the contract the runner
   * enforces before it loads the table, the raw records its extract stage checks, and whether the
   * transform is incremental. Build it with `runnerProductFile(model)`.
   */
  readonly productFile: RunnerProductFile;
  /**
   * Consumed products the SQL reads, as view name → their Glue table (`database.table`) and the
   * key prefix of its files in the warehouse bucket: the transform's own role is granted exactly
   * these, so a consumer's read access lives in the consumer's stack.
   */
  readonly reads?: readonly TransformRead[];
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** Pinned runner image, `repository:tag@sha256:…`. */
  readonly image: string;
  /** `duckdb` (default): a CronJob running `image`; `spark`: a ScheduledSparkApplication running `sparkImage`. */
  readonly engine?: TransformEngine;
  /** Spark executors (engine spark only); default {@link DEFAULT_EXECUTORS}. */
  readonly executors?: number;
  /** Pinned Spark runner image, `repository:tag@sha256:…`; required when engine is spark. */
  readonly sparkImage?: string;
  readonly aws: { readonly partition: string; readonly region: string; readonly accountId: string };
  /**
   * The warehouse's Iceberg catalog (platform setting `warehouse.catalog`); default Glue. With an
   * Iceberg REST catalog the job's first run creates its tables at their warehouse prefixes, and
   * the domain's Secret `credentialsSecret` gives the runner its OAuth2 client credentials.
   */
  readonly catalog?: WarehouseCatalogSettings;
  /** An S3-compatible endpoint for the buckets (platform setting `warehouse.s3Endpoint`); none: AWS S3. */
  readonly s3Endpoint?: string;
  /**
   * Where the run posts its OpenLineage events (platform setting `openLineage.url`), and the mesh's
   * job namespace; none: the run emits none.
   */
  readonly lineage?: { readonly url: string; readonly namespace: string };
  /** Where the job reads raw records; absent for a product without ingestion (`ingestion: false`). */
  readonly staging?: {
    readonly bucket: string;
    readonly prefix: string;
    /** Alias of the domain's data key, which encrypts the bucket (see components/dataKey.ts). */
    readonly kmsKeyAlias: string;
  };
  /** Where the job writes its table. */
  readonly warehouse: {
    readonly bucket: string;
    readonly prefix: string;
    readonly kmsKeyArn: string;
    readonly database: string;
    readonly table: string;
    /**
     * The PII-free projection the job also writes (products with PII fields): its own key prefix
     * in the warehouse bucket and its table in the same database (its columns are the contract's
     * non-PII fields).
     */
    readonly redacted?: {
      readonly prefix: string;
      readonly table: string;
    };
    /** The run history the job appends one record to per run: beside the table, same database. */
    readonly history: {
      readonly prefix: string;
      readonly table: string;
    };
  };
  /** The cluster's IAM OIDC provider, for IRSA. */
  readonly identity: { readonly oidcProviderArn: string; readonly oidcIssuer: string };
  readonly namePrefix: string;
  readonly environment: string;
  /** Governance tags (AWS) and labels (Kubernetes). */
  readonly tags: Record<string, string>;
  readonly labels: Record<string, string>;
}

const checkPinned = (field: string, image: string) => {
  if (!PINNED_IMAGE.test(image) || image.includes(":latest@")) {
    throw new Error(
      `\`${field}\` must be pinned as "repository:tag@sha256:<digest>" (not latest), got "${image}"`,
    );
  }
};

export function validateTransformJobArgs(args: TransformJobArgs): void {
  const problem = cronProblem(args.schedule);
  if (problem) throw new Error(`\`schedule\` "${args.schedule}" is not a valid cron expression: ${problem}`);
  checkPinned("image", args.image);
  const engine = args.engine ?? "duckdb";
  if (engine !== "duckdb" && engine !== "spark")
    throw new Error(`\`engine\` must be "duckdb" or "spark", got "${engine}"`);
  if (engine === "spark") {
    if (args.sparkImage === undefined) {
      throw new Error(
        "`engine` spark needs `sparkImage`, the pinned Spark runner image (platform setting runner.spark)",
      );
    }
    checkPinned("sparkImage", args.sparkImage);
    const executors = args.executors ?? DEFAULT_EXECUTORS;
    if (!Number.isInteger(executors) || executors < 1 || executors > 100)
      throw new Error(`\`executors\` must be an integer from 1 to 100, got ${executors}`);
    if (cronJobName(args.product).length > SPARK_SCHEDULED_NAME_LIMIT) {
      throw new Error(
        `ScheduledSparkApplication name "${cronJobName(args.product)}" exceeds ${SPARK_SCHEDULED_NAME_LIMIT} characters`,
      );
    }
  }
  if (!CPU_QUANTITY_PATTERN.test(args.resources.cpu))
    throw new Error(`\`resources.cpu\` "${args.resources.cpu}" is not a quantity`);
  if (!MEMORY_QUANTITY_PATTERN.test(args.resources.memory)) {
    throw new Error(`\`resources.memory\` "${args.resources.memory}" is not a quantity`);
  }
  if (args.sql.trim() === "") throw new Error("`sql` must not be empty");
  const { contract } = args.productFile;
  const product = `${args.product.domain}/${args.product.product}`;
  if (`${contract.domain}/${contract.product}` !== product)
    throw new Error(
      `\`productFile\` holds the contract of ${contract.domain}/${contract.product}, not ${product}`,
    );
  const major = checkMajor({ product, major: args.product.major }, contract.version);
  if (major) throw new Error(`\`productFile\`: ${major}`);
  if (args.staging) validateDataKeyAlias("staging.kmsKeyAlias", args.staging.kmsKeyAlias);
  else if (engine === "spark") {
    // The Spark entry point reads `staging` (plan version 1); a product without ingestion has none.
    throw new Error("`engine` spark needs `staging`: a product without ingestion runs on duckdb");
  }
  if (cronJobName(args.product).length > NAME_LIMITS.kubernetesCronJob) {
    throw new Error(
      `CronJob name "${cronJobName(args.product)}" exceeds ${NAME_LIMITS.kubernetesCronJob} characters`,
    );
  }
  const role = iamRoleName(args.namePrefix, args.environment, args.product);
  if (role.length > NAME_LIMITS.iamRole)
    throw new Error(`IAM role name "${role}" exceeds ${NAME_LIMITS.iamRole} characters`);
}
