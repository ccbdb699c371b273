/**
 * A product's transform on Spark: the `ScheduledSparkApplication` of the Kubernetes Spark operator
 * (kubeflow/spark-operator, `sparkoperator.k8s.io/v1beta2`), built as plain data so it can be tested
 * and checked without a cluster. Field names follow the operator's v1beta2 API
 * (ScheduledSparkApplicationSpec, SparkApplicationSpec, SparkPodSpec/DriverSpec/ExecutorSpec).
 *
 * The application runs the Spark runner image's entry point ({@link SPARK_ENTRY_POINT}) with the
 * same arguments as the DuckDB runner's `mesh transform` (docs/runner.md), on the same SQL file,
 * mounted from the same ConfigMap into driver and executors. Driver and executors run under the
 * product's IRSA service account with the Pod Security Standards *restricted* contexts of podSpec.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { WarehouseCatalogSettings } from "../platform.js";
import { catalogCredentialsEnv, containerSecurity, podSecurity, transformContainer } from "./podSpec.js";
import { SPARK_REST_CATALOG, sparkCatalogName } from "./sparkPlan.js";
import { sparkCores, sparkMemory } from "./sparkUnits.js";

export const SPARK_API_VERSION = "sparkoperator.k8s.io/v1beta2";
export const SCHEDULED_SPARK_APPLICATION_KIND = "ScheduledSparkApplication";
/** The Spark version of the Spark runner image; the operator passes it to spark-submit. */
export const SPARK_VERSION = "3.5.5";
/** The PySpark entry point inside the Spark runner image (contract in docs/runner.md). */
export const SPARK_ENTRY_POINT = "local:///opt/mesh/spark/transform.py";
/** Failed runs are retried this many times, as the CronJob's backoffLimit; so are failed submissions. */
export const SPARK_RETRIES = 2;
/** Past runs (SparkApplications) kept for inspection, as the CronJob keeps past Jobs. */
export const SPARK_RUN_HISTORY = 3;
/**
 * Longest ScheduledSparkApplication name: the operator names each run `<name>-<unix nanoseconds>`
 * (20 more characters) and labels its pods with that name, and label values stop at 63.
 */
export const SPARK_SCHEDULED_NAME_LIMIT = 43;

/** Every Spark pod's temporary files (the root filesystem is read-only). */
const TMP_VOLUME = { name: "tmp", emptyDir: { sizeLimit: "1Gi" } };
const SQL_VOLUME_NAME = "sql";

/**
 * What the driver's service account may do in its namespace: run its executors (pods), the
 * headless service they reach it through, and the ConfigMaps Spark creates for them; and look up
 * PVCs it could reuse. The same resources the operator's chart grants its `spark` account, less
 * PVC writes (the platform declares no PVC volumes).
 */
export const SPARK_DRIVER_RULES = [
  {
    apiGroups: [""],
    resources: ["pods", "services", "configmaps"],
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"],
  },
  { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["get", "list", "watch"] },
];

type Ref = pulumi.Input<string>;

/** The platform's warehouse as Spark needs it (`warehouse.catalog`, `warehouse.s3Endpoint`). */
export interface SparkWarehouse {
  readonly catalog: WarehouseCatalogSettings;
  readonly s3Endpoint?: string;
}

/**
 * The Spark settings of the platform's warehouse, beside the image's spark-defaults.conf (which
 * defines the Glue catalog `glue` and S3A's IRSA credentials, and stays as is):
 *
 * - catalog `rest`: the Iceberg catalog {@link SPARK_REST_CATALOG} (the plan's `catalog`), an Iceberg
 *   REST client at `uri` (and its `warehouse`), writing data files with Iceberg's S3FileIO;
 * - `s3Endpoint`: an S3-compatible store with path-style requests, for both S3 clients: the
 *   warehouse catalog's S3FileIO (the table's files) and Hadoop's S3A (the staged Parquet, `s3a://`).
 *
 * Glue with AWS S3 adds nothing: the Glue path is exactly the image's.
 */
export function sparkWarehouseConf(warehouse: SparkWarehouse | undefined): Record<string, string> {
  if (warehouse === undefined) return {};
  const { catalog, s3Endpoint } = warehouse;
  const prefix = `spark.sql.catalog.${sparkCatalogName(catalog)}`;
  const conf: Record<string, string> = {};
  if (catalog.type === "rest") {
    conf[prefix] = "org.apache.iceberg.spark.SparkCatalog";
    conf[`${prefix}.type`] = "rest";
    conf[`${prefix}.uri`] = catalog.uri;
    if (catalog.warehouse !== undefined) conf[`${prefix}.warehouse`] = catalog.warehouse;
    conf[`${prefix}.io-impl`] = "org.apache.iceberg.aws.s3.S3FileIO";
  }
  if (s3Endpoint !== undefined) {
    conf[`${prefix}.s3.endpoint`] = s3Endpoint;
    conf[`${prefix}.s3.path-style-access`] = "true";
    conf["spark.hadoop.fs.s3a.endpoint"] = s3Endpoint;
    conf["spark.hadoop.fs.s3a.path.style.access"] = "true";
  }
  return conf;
}

/** Every run's Spark settings: UTC session time (as DuckDB's), and the warehouse's. */
export const sparkConf = (warehouse: SparkWarehouse | undefined): Record<string, string> => ({
  "spark.sql.session.timeZone": "UTC",
  ...sparkWarehouseConf(warehouse),
});

export interface SparkTransform {
  /** Cron schedule, UTC. */
  readonly schedule: string;
  /** Pinned Spark runner image, `repository:tag@sha256:…`. */
  readonly image: string;
  /** The entry point's arguments (see docs/runner.md). */
  readonly arguments: readonly string[];
  /**
   * The runner image and its `mesh stage` arguments: the driver's init container, which stages
   * the raw files the ingestion sink landed before Spark reads the staged batches.
   */
  readonly stage: { readonly image: string; readonly args: readonly string[] };
  readonly region: string;
  /** The platform's warehouse catalog and S3 endpoint; none: Glue on AWS S3 (the image's settings). */
  readonly warehouse?: SparkWarehouse;
  /** Per pod (driver and each executor): cpu and memory as Kubernetes quantities. */
  readonly resources: { readonly cpu: string; readonly memory: string };
  readonly executors: number;
  /** The IRSA service account of driver and executors. */
  readonly serviceAccountName: Ref;
  /** The ConfigMap holding `transform.sql`. */
  readonly sqlConfigMapName: Ref;
  readonly sqlMountPath: string;
  readonly labels: Record<string, string>;
}

/** Driver and executor alike: resources, identity, environment, security contexts, mounts. */
function sparkPod(t: SparkTransform) {
  return {
    cores: sparkCores(t.resources.cpu),
    coreRequest: t.resources.cpu,
    coreLimit: t.resources.cpu,
    memory: sparkMemory(t.resources.memory),
    serviceAccount: t.serviceAccountName,
    labels: { ...t.labels },
    env: [
      { name: "AWS_REGION", value: t.region },
      { name: "HOME", value: "/tmp" },
    ],
    podSecurityContext: podSecurity,
    securityContext: containerSecurity,
    volumeMounts: [
      { name: SQL_VOLUME_NAME, mountPath: t.sqlMountPath, readOnly: true },
      { name: TMP_VOLUME.name, mountPath: "/tmp" },
    ],
  };
}

/** The Secret of a REST catalog's client credentials, if the platform gives one. */
const restCredentials = (warehouse: SparkWarehouse | undefined) =>
  warehouse?.catalog.type === "rest" ? warehouse.catalog.credentialsSecret : undefined;

/** The SparkApplicationSpec of one run. */
export function sparkApplicationSpec(t: SparkTransform) {
  return {
    type: "Python",
    pythonVersion: "3",
    mode: "cluster",
    sparkVersion: SPARK_VERSION,
    image: t.image,
    imagePullPolicy: "IfNotPresent",
    mainApplicationFile: SPARK_ENTRY_POINT,
    arguments: [...t.arguments],
    sparkConf: sparkConf(t.warehouse),
    // Pods get memory plus this share (at least 384 MiB) for off-heap use; the work runs in the JVM.
    memoryOverheadFactor: "0.1",
    restartPolicy: {
      type: "OnFailure",
      onFailureRetries: SPARK_RETRIES,
      onFailureRetryInterval: 60,
      onSubmissionFailureRetries: SPARK_RETRIES,
      onSubmissionFailureRetryInterval: 30,
    },
    volumes: [{ name: SQL_VOLUME_NAME, configMap: { name: t.sqlConfigMapName } }, TMP_VOLUME],
    driver: {
      ...sparkPod(t),
      // Only the driver talks to the catalog: it alone gets the domain's client credentials.
      env: [...sparkPod(t).env, ...catalogCredentialsEnv(restCredentials(t.warehouse))],
      initContainers: [
        transformContainer({
          name: "stage",
          image: t.stage.image,
          args: t.stage.args,
          region: t.region,
          resources: t.resources,
          sqlMountPath: t.sqlMountPath,
        }),
      ],
      // The service account does not automount its Kubernetes token; only the driver needs it, to
      // start and watch its executors (see SPARK_DRIVER_RULES). Executors get none.
      template: { spec: { automountServiceAccountToken: true } },
    },
    executor: { ...sparkPod(t), instances: t.executors, deleteOnTermination: true },
  };
}

/**
 * The ScheduledSparkApplicationSpec: a run of {@link sparkApplicationSpec} on the schedule, in UTC
 * (`CRON_TZ=`, which every operator version's cron parser reads), never two at once.
 */
export function scheduledSparkApplicationSpec(t: SparkTransform) {
  return {
    schedule: `CRON_TZ=Etc/UTC ${t.schedule}`,
    concurrencyPolicy: "Forbid",
    successfulRunHistoryLimit: SPARK_RUN_HISTORY,
    failedRunHistoryLimit: SPARK_RUN_HISTORY,
    template: sparkApplicationSpec(t),
  };
}
