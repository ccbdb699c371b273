import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { validateDataKeyAlias } from "../dataKey.js";
import { cronProblem } from "../declaration/cron.js";
import { CPU_QUANTITY_PATTERN, MEMORY_QUANTITY_PATTERN } from "../declaration/units.js";
import {
  cronJobName,
  iamRoleName,
  NAME_LIMITS,
  type ProductRef,
  sparkDriverRoleName,
  sqlConfigMapName,
  transformServiceAccountName,
} from "../naming.js";
import { irsaTrustPolicy } from "../perms.js";
import { TRANSFORM_POD_LABEL, transformTrafficSpec } from "./networkPolicy.js";
import { podSecurity, transformContainer } from "./podSpec.js";
import { runnerArgs, SPARK_PLAN_FILE, SQL_MOUNT_PATH, stageArgs, transformSparkPlan } from "./runnerArgs.js";
import {
  SCHEDULED_SPARK_APPLICATION_KIND,
  SPARK_API_VERSION,
  SPARK_DRIVER_RULES,
  SPARK_SCHEDULED_NAME_LIMIT,
  scheduledSparkApplicationSpec,
} from "./sparkApplication.js";
import type { TransformContract } from "./sparkPlan.js";
import { dataKeyPolicy, transformPolicy } from "./transformIam.js";

export { runnerArgs, SPARK_PLAN_FILE, SQL_MOUNT_PATH, stageArgs, transformSparkPlan } from "./runnerArgs.js";
export { dataKeyPolicy, transformPolicy } from "./transformIam.js";

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
  /** The product's contract, mounted beside the SQL: the runner enforces it before it loads the table. */
  readonly contract: TransformContract;
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
   * Where the job reads raw records; unset for a product derived only from other products
   * (`ingestion: false`), whose job reads its inputs alone (engine duckdb only).
   */
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
     * in the warehouse bucket, its table in the same database, and its columns.
     */
    readonly redacted?: {
      readonly prefix: string;
      readonly table: string;
      readonly columns: readonly string[];
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

/** Seconds after a missed schedule a run may still start; later, it is skipped until the next. */
export const STARTING_DEADLINE_SECONDS = 300;
/** Retries of a failed run before the Job is marked failed. */
export const BACKOFF_LIMIT = 2;

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
    if (args.staging === undefined) {
      throw new Error("`engine` spark needs `staging`: its driver stages raw records before Spark runs");
    }
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
  if (args.staging) validateDataKeyAlias("staging.kmsKeyAlias", args.staging.kmsKeyAlias);
  if (cronJobName(args.product).length > NAME_LIMITS.kubernetesCronJob) {
    throw new Error(
      `CronJob name "${cronJobName(args.product)}" exceeds ${NAME_LIMITS.kubernetesCronJob} characters`,
    );
  }
  const role = iamRoleName(args.namePrefix, args.environment, args.product);
  if (role.length > NAME_LIMITS.iamRole)
    throw new Error(`IAM role name "${role}" exceeds ${NAME_LIMITS.iamRole} characters`);
}

/** A transform pod's labels: the governance labels and the one its NetworkPolicy selects. */
export const transformPodLabels = (args: TransformJobArgs): Record<string, string> => ({
  ...args.labels,
  [TRANSFORM_POD_LABEL]: cronJobName(args.product),
});

/**
 * A product's scheduled transform under Pod Security Standards *restricted*, with its SQL in a
 * ConfigMap and a dedicated service account bound through IRSA to an IAM role that can touch only
 * this product's data. Engine duckdb: a CronJob running the platform's pinned runner image. Engine
 * spark: a ScheduledSparkApplication (sparkApplication.ts) running the pinned Spark runner image,
 * whose driver may manage its executors through a namespaced Role.
 */
export class TransformJob extends pulumi.ComponentResource {
  /** Name of the scheduled workload: the CronJob, or the ScheduledSparkApplication (engine spark). */
  readonly cronJobName: pulumi.Output<string>;
  readonly engine: TransformEngine;
  readonly serviceAccountName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: TransformJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:compute:TransformJob", name, {}, opts);
    validateTransformJobArgs(args);
    this.engine = args.engine ?? "duckdb";
    const child = { parent: this };
    const saName = transformServiceAccountName(args.product);
    const metadata = (resourceName: string) => ({
      name: resourceName,
      namespace: args.namespace,
      labels: args.labels,
    });

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: iamRoleName(args.namePrefix, args.environment, args.product),
        description: `Transform of ${args.product.domain}/${args.product.product} v${args.product.major}`,
        assumeRolePolicy: JSON.stringify(
          irsaTrustPolicy(
            args.identity.oidcProviderArn,
            args.identity.oidcIssuer,
            args.namespaceName,
            saName,
          ),
        ),
        maxSessionDuration: 3600,
        tags: args.tags,
      },
      child,
    );
    new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.id, policy: JSON.stringify(transformPolicy(args)) },
      child,
    );
    new aws.iam.RolePolicy(
      `${name}-keys`,
      { role: role.id, policy: JSON.stringify(dataKeyPolicy(args)) },
      child,
    );
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: { ...metadata(saName), annotations: { "eks.amazonaws.com/role-arn": role.arn } },
        automountServiceAccountToken: false,
      },
      child,
    );
    const sql = new k8s.core.v1.ConfigMap(
      `${name}-sql`,
      {
        metadata: metadata(sqlConfigMapName(args.product)),
        data: {
          "transform.sql": args.sql,
          "contract.json": JSON.stringify(args.contract, null, 2),
          ...(this.engine === "spark"
            ? { [SPARK_PLAN_FILE]: JSON.stringify(transformSparkPlan(args), null, 2) }
            : {}),
        },
        immutable: false,
      },
      child,
    );
    // Its pods reach DNS and AWS over HTTPS, nothing else; in place before the first run.
    const network = new k8s.networking.v1.NetworkPolicy(
      `${name}-network`,
      {
        metadata: metadata(cronJobName(args.product)),
        spec: transformTrafficSpec({ workload: cronJobName(args.product), spark: this.engine === "spark" }),
      },
      child,
    );
    const workload =
      this.engine === "spark"
        ? this.sparkApplication(name, args, serviceAccount, sql, metadata, network)
        : this.cronJob(name, args, serviceAccount, sql, metadata, network);

    this.cronJobName = workload.metadata.name;
    this.serviceAccountName = serviceAccount.metadata.name;
    this.roleArn = role.arn;
    this.registerOutputs({
      cronJobName: this.cronJobName,
      serviceAccountName: this.serviceAccountName,
      roleArn: this.roleArn,
    });
  }

  private cronJob(
    name: string,
    args: TransformJobArgs,
    serviceAccount: k8s.core.v1.ServiceAccount,
    sql: k8s.core.v1.ConfigMap,
    metadata: (resourceName: string) => k8s.types.input.meta.v1.ObjectMeta,
    network: k8s.networking.v1.NetworkPolicy,
  ) {
    const labels = transformPodLabels(args);
    return new k8s.batch.v1.CronJob(
      name,
      {
        metadata: metadata(cronJobName(args.product)),
        spec: {
          schedule: args.schedule,
          timeZone: "Etc/UTC",
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: BACKOFF_LIMIT,
              ttlSecondsAfterFinished: 86_400,
              template: {
                metadata: { labels },
                spec: {
                  serviceAccountName: serviceAccount.metadata.name,
                  automountServiceAccountToken: false,
                  restartPolicy: "Never",
                  securityContext: podSecurity,
                  containers: [
                    transformContainer({
                      image: args.image,
                      args: runnerArgs(args),
                      region: args.aws.region,
                      resources: args.resources,
                      sqlMountPath: SQL_MOUNT_PATH,
                    }),
                  ],
                  volumes: [
                    { name: "sql", configMap: { name: sql.metadata.name } },
                    { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
                  ],
                },
              },
            },
          },
        },
      },
      { parent: this, dependsOn: [network] },
    );
  }

  private sparkApplication(
    name: string,
    args: TransformJobArgs,
    serviceAccount: k8s.core.v1.ServiceAccount,
    sql: k8s.core.v1.ConfigMap,
    metadata: (resourceName: string) => k8s.types.input.meta.v1.ObjectMeta,
    network: k8s.networking.v1.NetworkPolicy,
  ) {
    const child = { parent: this };
    const driverRole = new k8s.rbac.v1.Role(
      `${name}-spark-driver`,
      { metadata: metadata(sparkDriverRoleName(args.product)), rules: SPARK_DRIVER_RULES },
      child,
    );
    const driverBinding = new k8s.rbac.v1.RoleBinding(
      `${name}-spark-driver`,
      {
        metadata: metadata(sparkDriverRoleName(args.product)),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: driverRole.metadata.name },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: args.namespace }],
      },
      child,
    );
    return new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: SPARK_API_VERSION,
        kind: SCHEDULED_SPARK_APPLICATION_KIND,
        metadata: metadata(cronJobName(args.product)),
        spec: scheduledSparkApplicationSpec({
          schedule: args.schedule,
          image: args.sparkImage!,
          // Everything the entry point needs is in the plan, mounted beside the SQL.
          arguments: ["--plan", `${SQL_MOUNT_PATH}/${SPARK_PLAN_FILE}`],
          stage: { image: args.image, args: stageArgs(args) },
          region: args.aws.region,
          resources: args.resources,
          executors: args.executors ?? DEFAULT_EXECUTORS,
          serviceAccountName: serviceAccount.metadata.name,
          sqlConfigMapName: sql.metadata.name,
          sqlMountPath: SQL_MOUNT_PATH,
          labels: transformPodLabels(args),
        }),
      },
      // The driver needs its Role, and every pod its network policy, before the first run.
      { ...child, dependsOn: [network, driverRole, driverBinding] },
    );
  }
}
