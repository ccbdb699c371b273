/**
 * A product's transform on the DuckDB runner: the CronJob spec (`batch/v1`) running the runner
 * image's `mesh transform` once per schedule, in UTC, never two runs at once, under Pod Security
 * Standards *restricted* (podSpec.ts), with the job's ConfigMap mounted read-only. Plain data, so
 * it can be tested and checked without a cluster.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { podSecurity, transformContainer } from "./podSpec.js";
import { RUNNER_MOUNT_PATH } from "./runnerProtocol.js";

/** Seconds after a missed schedule a run may still start; later, it is skipped until the next. */
export const STARTING_DEADLINE_SECONDS = 300;
/** Retries of a failed run before the Job is marked failed. */
export const BACKOFF_LIMIT = 2;
/** Seconds a finished Job (and its pod, with its logs) is kept. */
export const FINISHED_JOB_TTL_SECONDS = 86_400;

export interface TransformCronJob {
  /** Cron schedule, UTC. */
  readonly schedule: string;
  /** Pinned runner image, `repository:tag@sha256:…`. */
  readonly image: string;
  /** The container's `mesh transform` arguments (runnerProtocol.ts). */
  readonly args: readonly string[];
  readonly region: string;
  /** The Secret with the REST catalog's client credentials, if the catalog needs them. */
  readonly catalogCredentials?: string;
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** The IRSA service account the pod runs under. */
  readonly serviceAccountName: pulumi.Input<string>;
  /** The ConfigMap holding the SQL and the product file. */
  readonly configMapName: pulumi.Input<string>;
  /** Labels of the Jobs and pods (the governance labels and the NetworkPolicy's). */
  readonly labels: Record<string, string>;
}

/** The CronJobSpec of a transform. */
export function transformCronJobSpec(t: TransformCronJob): k8s.types.input.batch.v1.CronJobSpec {
  return {
    schedule: t.schedule,
    timeZone: "Etc/UTC",
    concurrencyPolicy: "Forbid",
    startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      metadata: { labels: t.labels },
      spec: {
        backoffLimit: BACKOFF_LIMIT,
        ttlSecondsAfterFinished: FINISHED_JOB_TTL_SECONDS,
        template: {
          metadata: { labels: t.labels },
          spec: {
            serviceAccountName: t.serviceAccountName,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            securityContext: podSecurity,
            containers: [
              transformContainer({
                image: t.image,
                args: t.args,
                region: t.region,
                resources: t.resources,
                sqlMountPath: RUNNER_MOUNT_PATH,
                ...(t.catalogCredentials ? { catalogCredentials: t.catalogCredentials } : {}),
              }),
            ],
            volumes: [
              { name: "sql", configMap: { name: t.configMapName } },
              { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
            ],
          },
        },
      },
    },
  };
}
