/**
 * A product's scheduled transform: composes the IAM role (transformIam.ts), the ConfigMap of the
 * runner's files and the requests it runs (runnerRequests.ts, in the protocol of
 * runnerProtocol.ts), the NetworkPolicy (networkPolicy.ts), and the workload: a CronJob
 * (cronJob.ts) or a ScheduledSparkApplication (sparkApplication.ts).
 */

import * as pulumi from "@pulumi/pulumi";
import * as aws from "../aws.js";
import * as k8s from "../kubernetes.js";
import {
  cronJobName,
  sparkDriverRoleName,
  sqlConfigMapName,
  transformServiceAccountName,
} from "../naming.js";
import { transformCronJobSpec } from "./cronJob.js";
import { TRANSFORM_POD_LABEL, transformTrafficSpec } from "./networkPolicy.js";
import { RUNNER_MOUNT_PATH, stageArgs } from "./runnerProtocol.js";
import { runnerArgs, runnerFiles, stageRequestOf } from "./runnerRequests.js";
import {
  SCHEDULED_SPARK_APPLICATION_KIND,
  SPARK_API_VERSION,
  SPARK_DRIVER_RULES,
  scheduledSparkApplicationSpec,
} from "./sparkApplication.js";
import { SPARK_PLAN_FILE } from "./sparkPlan.js";
import { dataKeyPolicy, transformPolicy, transformRoleSettings } from "./transformIam.js";
import {
  DEFAULT_EXECUTORS,
  type TransformEngine,
  type TransformJobArgs,
  validateTransformJobArgs,
} from "./transformJobArgs.js";

export { BACKOFF_LIMIT, STARTING_DEADLINE_SECONDS } from "./cronJob.js";
/** @deprecated Use RUNNER_MOUNT_PATH (runnerProtocol.ts): where the ConfigMap is mounted. */
export { RUNNER_MOUNT_PATH as SQL_MOUNT_PATH } from "./runnerProtocol.js";
export {
  runnerArgs,
  runnerFiles,
  stageRequestOf,
  transformRequestOf,
  transformSparkPlan,
} from "./runnerRequests.js";
export { SPARK_PLAN_FILE } from "./sparkPlan.js";
export { dataKeyPolicy, transformPolicy } from "./transformIam.js";
export {
  DEFAULT_EXECUTORS,
  type TransformEngine,
  type TransformJobArgs,
  type TransformRead,
  validateTransformJobArgs,
} from "./transformJobArgs.js";

/** A transform pod's labels: the governance labels and the one its NetworkPolicy selects. */
export const transformPodLabels = (args: TransformJobArgs): Record<string, string> => ({
  ...args.labels,
  [TRANSFORM_POD_LABEL]: cronJobName(args.product),
});

type Metadata = (resourceName: string) => k8s.types.input.meta.v1.ObjectMeta;

/**
 * A product's scheduled transform under Pod Security Standards *restricted*, with its SQL and
 * product file in a ConfigMap and a dedicated service account bound through IRSA to an IAM role
 * that can touch only this product's data. Engine duckdb: a CronJob running the platform's pinned
 * runner image. Engine spark: a ScheduledSparkApplication running the pinned Spark runner image,
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
    const metadata: Metadata = (resourceName) => ({
      name: resourceName,
      namespace: args.namespace,
      labels: args.labels,
    });

    const role = new aws.iam.Role(`${name}-role`, { ...transformRoleSettings(args), tags: args.tags }, child);
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
        metadata: {
          ...metadata(transformServiceAccountName(args.product)),
          annotations: { "eks.amazonaws.com/role-arn": role.arn },
        },
        automountServiceAccountToken: false,
      },
      child,
    );
    const files = new k8s.core.v1.ConfigMap(
      `${name}-sql`,
      { metadata: metadata(sqlConfigMapName(args.product)), data: runnerFiles(args), immutable: false },
      child,
    );
    // Its pods reach DNS and AWS over HTTPS, and the endpoints the platform names (the REST catalog,
    // the S3-compatible store, the OpenLineage API), nothing else; in place before the first run.
    const network = new k8s.networking.v1.NetworkPolicy(
      `${name}-network`,
      {
        metadata: metadata(cronJobName(args.product)),
        spec: transformTrafficSpec({
          workload: cronJobName(args.product),
          spark: this.engine === "spark",
          endpoints: [
            ...(args.catalog?.type === "rest" ? [args.catalog.uri] : []),
            ...(args.s3Endpoint ? [args.s3Endpoint] : []),
            // Only `mesh transform` posts lineage; a Spark application's run emits none yet.
            ...(args.lineage && this.engine !== "spark" ? [args.lineage.url] : []),
          ],
        }),
      },
      child,
    );
    const workload =
      this.engine === "spark"
        ? this.sparkApplication(name, args, serviceAccount, files, metadata, network)
        : new k8s.batch.v1.CronJob(
            name,
            {
              metadata: metadata(cronJobName(args.product)),
              spec: transformCronJobSpec({
                schedule: args.schedule,
                image: args.image,
                args: runnerArgs(args),
                region: args.aws.region,
                ...(args.catalog?.type === "rest" && args.catalog.credentialsSecret
                  ? { catalogCredentials: args.catalog.credentialsSecret }
                  : {}),
                resources: args.resources,
                serviceAccountName: serviceAccount.metadata.name,
                configMapName: files.metadata.name,
                labels: transformPodLabels(args),
              }),
            },
            { ...child, dependsOn: [network] },
          );

    this.cronJobName = workload.metadata.name;
    this.serviceAccountName = serviceAccount.metadata.name;
    this.roleArn = role.arn;
    this.registerOutputs({
      cronJobName: this.cronJobName,
      serviceAccountName: this.serviceAccountName,
      roleArn: this.roleArn,
    });
  }

  private sparkApplication(
    name: string,
    args: TransformJobArgs,
    serviceAccount: InstanceType<typeof k8s.core.v1.ServiceAccount>,
    files: InstanceType<typeof k8s.core.v1.ConfigMap>,
    metadata: Metadata,
    network: InstanceType<typeof k8s.networking.v1.NetworkPolicy>,
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
    // validateTransformJobArgs refuses engine spark without staging.
    const stage = stageRequestOf(args)!;
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
          arguments: ["--plan", `${RUNNER_MOUNT_PATH}/${SPARK_PLAN_FILE}`],
          stage: { image: args.image, args: stageArgs(stage) },
          region: args.aws.region,
          ...(args.catalog
            ? {
                warehouse: {
                  catalog: args.catalog,
                  ...(args.s3Endpoint ? { s3Endpoint: args.s3Endpoint } : {}),
                },
              }
            : {}),
          resources: args.resources,
          executors: args.executors ?? DEFAULT_EXECUTORS,
          serviceAccountName: serviceAccount.metadata.name,
          sqlConfigMapName: files.metadata.name,
          sqlMountPath: RUNNER_MOUNT_PATH,
          labels: transformPodLabels(args),
        }),
      },
      // The driver needs its Role, and every pod its network policy, before the first run.
      { ...child, dependsOn: [network, driverRole, driverBinding] },
    );
  }
}
