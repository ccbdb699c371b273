import { describe, expect, it } from "vitest";
import {
  SPARK_SCHEDULED_NAME_LIMIT,
  type SparkTransform,
  scheduledSparkApplicationSpec,
  sparkApplicationSpec,
} from "../../components/compute/sparkApplication.js";
import { cpuCores, sparkCores, sparkMemory } from "../../components/compute/sparkUnits.js";

const transform: SparkTransform = {
  schedule: "@daily",
  image: `ghcr.io/acme/spark:1@sha256:${"c".repeat(64)}`,
  arguments: ["--plan", "/etc/mesh/transform/plan.json"],
  stage: { image: `ghcr.io/acme/mesh-runner:1@sha256:${"d".repeat(64)}`, args: ["stage", "a/b"] },
  region: "eu-west-1",
  resources: { cpu: "250m", memory: "512Mi" },
  executors: 2,
  serviceAccountName: "b-v2-transform",
  sqlConfigMapName: "b-v2-sql",
  sqlMountPath: "/etc/mesh/transform",
  labels: { team: "x" },
};

describe("sparkUnits", () => {
  it.each([
    ["250m", 0.25, 1],
    ["1", 1, 1],
    ["1.5", 1.5, 2],
    ["4000m", 4, 4],
  ])("cpu %s is %d cores, %d Spark cores", (q, cores, spark) => {
    expect(cpuCores(q)).toBe(cores);
    expect(sparkCores(q)).toBe(spark);
  });

  it.each([
    ["512Mi", "512m"],
    ["2Gi", "2g"],
    ["1Ti", "1t"],
    ["64Ki", "64k"],
    ["1G", "953m"],
    ["500M", "476m"],
    ["1073741824", "1024m"],
    ["1000", "1m"],
  ])("memory %s is %s for Spark", (q, spark) => {
    expect(sparkMemory(q)).toBe(spark);
  });

  it("rejects what is not a quantity", () => {
    expect(() => sparkMemory("1GB")).toThrow('"1GB" is not a memory quantity');
    expect(() => cpuCores("lots")).toThrow('"lots" is not a CPU quantity');
  });
});

describe("scheduledSparkApplicationSpec", () => {
  const spec = scheduledSparkApplicationSpec(transform);

  it("wraps one run's SparkApplicationSpec with a UTC schedule and Forbid", () => {
    expect(spec.schedule).toBe("CRON_TZ=Etc/UTC @daily");
    expect(spec.concurrencyPolicy).toBe("Forbid");
    expect(spec.template).toEqual(sparkApplicationSpec(transform));
  });

  it("shares the pod settings between driver and executor, executors only on the executor", () => {
    const { template: app } = spec;
    const { template: _t, initContainers: _i, ...driver } = app.driver;
    const { instances, deleteOnTermination, ...executor } = app.executor;
    expect(driver).toEqual(executor);
    expect(instances).toBe(2);
    expect(deleteOnTermination).toBe(true);
    expect(driver).toMatchObject({ cores: 1, coreRequest: "250m", coreLimit: "250m", memory: "512m" });
  });

  it("stages the raw files first: the driver's init container runs the runner image's mesh stage", () => {
    const [stage, ...more] = spec.template.driver.initContainers as Record<string, any>[];
    expect(more).toEqual([]);
    expect(stage).toMatchObject({
      name: "stage",
      image: transform.stage.image,
      args: ["stage", "a/b"],
      env: [
        { name: "AWS_REGION", value: "eu-west-1" },
        { name: "HOME", value: "/tmp" },
      ],
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "250m", memory: "512Mi" } },
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    });
    // It reads the contract from the SQL ConfigMap and spills to /tmp, the application's volumes.
    const volumes = spec.template.volumes.map((v: { name: string }) => v.name);
    for (const mount of stage!.volumeMounts) expect(volumes).toContain(mount.name);
    expect((spec.template.executor as Record<string, unknown>).initContainers).toBeUndefined();
  });

  it("leaves room in run names for the operator's timestamp suffix", () => {
    expect(SPARK_SCHEDULED_NAME_LIMIT + "-".length + String(2n ** 63n).length).toBeLessThanOrEqual(63);
  });
});
