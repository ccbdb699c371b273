/**
 * Spark operator applications for policy tests: the platform's own ScheduledSparkApplication (as
 * TransformJob builds it, from components/compute/sparkApplication.ts) and the same application
 * spec as a one-off SparkApplication, mutated by each scenario.
 */
import {
  SPARK_API_VERSION,
  type SparkTransform,
  scheduledSparkApplicationSpec,
  sparkApplicationSpec,
} from "../../components/compute/sparkApplication.js";
import type { PlannedResource } from "../../policies/engine/index.js";
import { governanceLabels } from "./fixtures.js";
import { resource } from "./harness.js";

export const SPARK_TYPES = {
  SparkApplication: `kubernetes:${SPARK_API_VERSION}:SparkApplication`,
  ScheduledSparkApplication: `kubernetes:${SPARK_API_VERSION}:ScheduledSparkApplication`,
} as const;
export type SparkKind = keyof typeof SPARK_TYPES;
export const SPARK_KINDS = Object.keys(SPARK_TYPES) as SparkKind[];

export const SPARK_IMAGE = `registry.example.com/mesh/spark-runner:3.5.5-1@sha256:${"b".repeat(64)}`;

export const sparkTransform = (): SparkTransform => ({
  schedule: "0 * * * *",
  image: SPARK_IMAGE,
  arguments: ["--plan", "/etc/mesh/transform/plan.json"],
  stage: {
    image: `registry.example.com/mesh/runner:0.1.0@sha256:${"a".repeat(64)}`,
    args: [
      "stage",
      "sales/orders",
      "--major",
      "1",
      "--product",
      "/etc/mesh/transform/product.json",
      "--staging",
      "s3://b/v1/",
      "--memory",
      "4Gi",
    ],
  },
  region: "eu-west-1",
  resources: { cpu: "2", memory: "4Gi" },
  executors: 3,
  serviceAccountName: "orders-v1-transform",
  sqlConfigMapName: "orders-v1-sql",
  sqlMountPath: "/etc/mesh/transform",
  labels: governanceLabels(),
});

/** A deep copy of the platform's application spec (no object shared between driver and executor), to mutate. */
export const restrictedSparkApp = (): Record<string, any> =>
  JSON.parse(JSON.stringify(sparkApplicationSpec(sparkTransform()))) as Record<string, any>;

/** The application spec as a SparkApplication, or as the template of a ScheduledSparkApplication. */
export function sparkWorkload(kind: SparkKind, app: Record<string, any>): PlannedResource {
  const metadata = { name: "orders-v1", namespace: "sales", labels: governanceLabels() };
  const spec =
    kind === "SparkApplication" ? app : { ...scheduledSparkApplicationSpec(sparkTransform()), template: app };
  return resource(SPARK_TYPES[kind], { apiVersion: SPARK_API_VERSION, kind, metadata, spec });
}

/** An application mutation tried on a SparkApplication and a ScheduledSparkApplication. */
export function inEverySparkKind(name: string, mutate: (app: Record<string, any>) => void) {
  return SPARK_KINDS.map((kind) => ({
    name: `${name} (${kind})`,
    resources: () => {
      const app = restrictedSparkApp();
      mutate(app);
      return [sparkWorkload(kind, app)];
    },
  }));
}
