/**
 * Every Kubernetes object the platform emits holds to the schema the API server holds it to,
 * strictly (an unknown field is an error, not silently dropped): built-in kinds to the Kubernetes
 * 1.37 OpenAPI, custom resources to their operator's CRD at the API version they name (Strimzi 1.2
 * serves KafkaConnector at `kafka.strimzi.io/v1` only; spark-operator 2.5 ScheduledSparkApplication
 * at `sparkoperator.k8s.io/v1beta2`). Checked on the plan of every shipped stack and of a mesh with
 * an `engine: spark` product, on Glue and on an Iceberg REST catalog behind an S3 endpoint.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";
import { KAFKA_CONNECTOR_API_VERSION } from "../../components/kafka/StagingSink.js";
import type { PlannedResource } from "../../policies/engine/index.js";
import { deployMeshNode } from "../../program/node.js";
import { sparkWorkspace } from "../integration/sparkScenario.js";
import { KubernetesSchemas, strictCrdSchema } from "../support/kubernetesSchema.js";

const schemas = new KubernetesSchemas();
const PLAN_TIMEOUT = 120_000;

const kubernetesObjects = (resources: readonly PlannedResource[]) =>
  resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));

/** Each object's errors, by its type and name: `{}` when all hold. */
function schemaErrors(resources: readonly PlannedResource[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const r of kubernetesObjects(resources)) {
    const found = schemas.errors(r.inputs);
    if (found.length > 0) errors[`${r.type}::${r.name}`] = found;
  }
  return errors;
}

const types = (resources: readonly PlannedResource[]) =>
  [...new Set(kubernetesObjects(resources).map((r) => r.type))].sort();

describe("the schemas are strict", () => {
  const cronJob = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "orders-v1", namespace: "orders" },
    spec: {
      schedule: "0 * * * *",
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: "x" }] } } },
      },
    },
  };
  const connector = {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaConnector",
    metadata: { name: "orders-v1-sink", namespace: "kafka-connect", labels: { "strimzi.io/cluster": "c" } },
    spec: { class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector", tasksMax: 3, config: {} },
  };

  it("accepts well-formed objects", () => {
    expect(schemas.errors(cronJob)).toEqual([]);
    expect(schemas.errors(connector)).toEqual([]);
  });

  it("refuses a field the Kubernetes API does not have, at any depth, and a wrong type", () => {
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const misspelt = {
      ...cronJob,
      spec: {
        ...cronJob.spec,
        startingDeadlineSeconds: "60",
        jobTemplate: {
          spec: {
            template: { spec: { ...pod, containers: [{ ...pod.containers[0], imagePullPolcy: "x" }] } },
          },
        },
      },
    };
    expect(schemas.errors(misspelt)).toEqual([
      '/spec/jobTemplate/spec/template/spec/containers/0: unknown field "imagePullPolcy"',
      "/spec/startingDeadlineSeconds: must be integer,null",
    ]);
    expect(schemas.errors({ ...cronJob, metadata: { ...cronJob.metadata, label: {} } })).toEqual([
      '/metadata: unknown field "label"',
    ]);
  });

  it("refuses an API version its CRD does not serve: Strimzi 1.x no longer serves v1beta2", () => {
    expect(schemas.errors({ ...connector, apiVersion: "kafka.strimzi.io/v1beta2" })).toEqual([
      "kafka.strimzi.io/v1beta2 KafkaConnector is not served by its CRD (served: kafka.strimzi.io/v1)",
    ]);
  });

  it("refuses in a custom resource what its CRD does not declare, but not in an open map", () => {
    const wrong = {
      ...connector,
      metadata: { ...connector.metadata, lables: {} },
      // `pause` was v1beta2's; v1 has `state`. `config` keeps any key (preserve-unknown-fields).
      spec: { ...connector.spec, pause: true, tasksMax: 0, config: { "any.key": 1 } },
    };
    expect(schemas.errors(wrong)).toEqual([
      '/metadata: unknown field "lables"',
      '/spec: unknown field "pause"',
      "/spec/tasksMax: must be >= 1",
    ]);
    expect(schemas.errors({ ...connector, kind: "KafkaConector" })[0]).toMatch(/^no schema for/);
  });

  it("reads a CRD's int-or-string and nullable as the API server does", () => {
    expect(strictCrdSchema({ "x-kubernetes-int-or-string": true })).toEqual({
      "x-kubernetes-int-or-string": true,
      anyOf: [{ type: "integer" }, { type: "string" }],
    });
    expect(strictCrdSchema({ type: "string", nullable: true }, false).type).toEqual(["string", "null"]);
  });
});

describe("every Kubernetes object of every shipped stack", () => {
  const plans = new Map<string, readonly PlannedResource[]>();
  beforeAll(async () => {
    for (const path of stackFilePaths(fileURLToPath(new URL("../../stacks/", import.meta.url)))) {
      const stack = readStackFile(path);
      plans.set(stack.name, (await planStack(stack)).resources);
    }
  }, PLAN_TIMEOUT);

  it("holds to its schema", () => {
    expect(plans.size).toBe(6);
    for (const [stack, resources] of plans) expect(schemaErrors(resources), stack).toEqual({});
  });

  it("is a KafkaConnector at kafka.strimzi.io/v1, the version Strimzi 0.49 and later serve", () => {
    expect(KAFKA_CONNECTOR_API_VERSION).toBe("kafka.strimzi.io/v1");
    expect(types(plans.get("orders-prod")!)).toEqual([
      "kubernetes:batch/v1:CronJob",
      "kubernetes:core/v1:ConfigMap",
      "kubernetes:core/v1:Namespace",
      "kubernetes:core/v1:ServiceAccount",
      "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    ]);
  });
});

describe("every Kubernetes object of a mesh with an engine spark product", () => {
  const plans = new Map<string, readonly PlannedResource[]>();
  beforeAll(async () => {
    const dir = sparkWorkspace();
    // The platform team's Spark runner image; prod's warehouse an Iceberg REST catalog with client
    // credentials behind an S3-compatible store (the driver's Secret env, both S3 clients' settings).
    const platformFile = join(dir, "platform.yaml");
    const platform = parse(readFileSync(platformFile, "utf8"));
    for (const env of ["dev", "prod"]) {
      platform.environments[env].runner.spark = {
        image: "ghcr.io/acme/mesh-spark-runner",
        tag: "0.1.0",
        digest: `sha256:${"e".repeat(64)}`,
      };
    }
    platform.environments.prod.warehouse.catalog = {
      type: "rest",
      uri: "https://polaris.example.com/api/catalog",
      warehouse: "mesh",
      credentialsSecret: "iceberg-catalog",
    };
    platform.environments.prod.warehouse.s3Endpoint = "https://s3.internal:9000";
    writeFileSync(platformFile, stringify(platform));
    for (const env of ["dev", "prod"]) {
      const stack = readStackFile(join(dir, "stacks", `Pulumi.customers-${env}.yaml`));
      const { resources } = await planStack(stack, async () => ({
        ...(await deployMeshNode(join(dir, "domains"))),
      }));
      plans.set(stack.name, resources);
    }
  }, PLAN_TIMEOUT);

  it("holds to its schema: the ScheduledSparkApplication to spark-operator's CRD", () => {
    for (const [stack, resources] of plans) {
      expect(types(resources), stack).toEqual([
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:ServiceAccount",
        "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        "kubernetes:rbac.authorization.k8s.io/v1:Role",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        "kubernetes:sparkoperator.k8s.io/v1beta2:ScheduledSparkApplication",
      ]);
      expect(schemaErrors(resources), stack).toEqual({});
    }
  });

  it("would refuse a field spark-operator does not have, deep in the application", () => {
    const scheduled = plans
      .get("customers-prod")!
      .find((r) => r.type.endsWith(":ScheduledSparkApplication"))!.inputs;
    const wrong = structuredClone(scheduled);
    wrong.spec.template.driver.coreLimits = "1";
    wrong.spec.template.executor.instances = "2";
    expect(schemas.errors(wrong)).toEqual([
      '/spec/template/driver: unknown field "coreLimits"',
      "/spec/template/executor/instances: must be integer",
    ]);
  });
});
