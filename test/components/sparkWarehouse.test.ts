/**
 * Engine spark on the platform's warehouse settings (`warehouse.catalog`, `warehouse.s3Endpoint`):
 * the plan names the catalog and whether the transform creates its tables; the application's
 * sparkConf defines a REST catalog and points both S3 clients at the endpoint. Glue on AWS S3 is
 * the image's own configuration, unchanged.
 */
import { describe, expect, it } from "vitest";
import {
  type SparkTransform,
  sparkApplicationSpec,
  sparkConf,
  sparkWarehouseConf,
} from "../../components/compute/sparkApplication.js";
import { transformSparkPlan, validateTransformJobArgs } from "../../components/compute/TransformJob.js";
import type { TransformJobArgs } from "../../components/compute/transformJobArgs.js";
import { transformJobArgs } from "./fixtures.js";

const SPARK_IMAGE = `ghcr.io/acme/mesh-spark-runner:0.1.0@sha256:${"e".repeat(64)}`;
const REST = { type: "rest" as const, uri: "https://polaris.example.com/api/catalog", warehouse: "mesh" };
const ENDPOINT = "http://s3.internal:9000";

const sparkArgs = (platform: Pick<TransformJobArgs, "catalog" | "s3Endpoint"> = {}) =>
  transformJobArgs({ engine: "spark", sparkImage: SPARK_IMAGE, ...platform });

const transform: SparkTransform = {
  schedule: "@daily",
  image: SPARK_IMAGE,
  arguments: ["--plan", "/etc/mesh/transform/plan.json"],
  stage: { image: `ghcr.io/acme/mesh-runner:1@sha256:${"d".repeat(64)}`, args: ["stage", "a/b"] },
  region: "eu-west-1",
  resources: { cpu: "1", memory: "1Gi" },
  executors: 2,
  serviceAccountName: "b-v2-transform",
  sqlConfigMapName: "b-v2-sql",
  sqlMountPath: "/etc/mesh/transform",
  labels: {},
};

describe("engine spark on Glue (the default)", () => {
  it("plans the image's catalog `glue`, whose tables the deploy creates", () => {
    for (const plan of [
      transformSparkPlan(sparkArgs()),
      transformSparkPlan(sparkArgs({ catalog: { type: "glue" } })),
    ]) {
      expect(plan.catalog).toBe("glue");
      expect(plan).not.toHaveProperty("createTables");
    }
  });

  it("adds nothing to the image's settings but UTC", () => {
    expect(sparkWarehouseConf(undefined)).toEqual({});
    expect(sparkWarehouseConf({ catalog: { type: "glue" } })).toEqual({});
    expect(sparkApplicationSpec(transform).sparkConf).toEqual({ "spark.sql.session.timeZone": "UTC" });
    expect(
      sparkApplicationSpec({ ...transform, warehouse: { catalog: { type: "glue" } } }).sparkConf,
    ).toEqual({
      "spark.sql.session.timeZone": "UTC",
    });
  });

  it("with an S3 endpoint, points Glue's S3FileIO and S3A at it, path-style", () => {
    expect(sparkWarehouseConf({ catalog: { type: "glue" }, s3Endpoint: ENDPOINT })).toEqual({
      "spark.sql.catalog.glue.s3.endpoint": ENDPOINT,
      "spark.sql.catalog.glue.s3.path-style-access": "true",
      "spark.hadoop.fs.s3a.endpoint": ENDPOINT,
      "spark.hadoop.fs.s3a.path.style.access": "true",
    });
  });
});

describe("engine spark on an Iceberg REST catalog", () => {
  it("plans the catalog `warehouse` and has the transform create its namespace and tables", () => {
    const plan = transformSparkPlan(sparkArgs({ catalog: REST }));
    expect(plan.catalog).toBe("warehouse");
    expect(plan.createTables).toBe(true);
    // At the prefixes the role may write, as the DuckDB runner creates them.
    const args = sparkArgs({ catalog: REST });
    expect(plan.locations).toEqual({
      [`${args.warehouse.database}.${args.warehouse.table}`]: `s3://${args.warehouse.bucket}/${args.warehouse.prefix}`,
    });
    // Everything else is the Glue plan's.
    const { catalog: _a, createTables: _b, locations: _l, ...rest } = plan;
    const { catalog: _c, ...glue } = transformSparkPlan(sparkArgs());
    expect(rest).toEqual(glue);
  });

  it("defines the catalog in the application's sparkConf: REST client, warehouse, S3FileIO", () => {
    expect(sparkConf({ catalog: REST })).toEqual({
      "spark.sql.session.timeZone": "UTC",
      "spark.sql.catalog.warehouse": "org.apache.iceberg.spark.SparkCatalog",
      "spark.sql.catalog.warehouse.type": "rest",
      "spark.sql.catalog.warehouse.uri": REST.uri,
      "spark.sql.catalog.warehouse.warehouse": "mesh",
      "spark.sql.catalog.warehouse.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
    });
    const { warehouse: _, ...noWarehouse } = REST;
    expect(sparkConf({ catalog: noWarehouse })).not.toHaveProperty(["spark.sql.catalog.warehouse.warehouse"]);
  });

  it("with an S3 endpoint, both S3 clients use it path-style", () => {
    const conf = sparkApplicationSpec({
      ...transform,
      warehouse: { catalog: REST, s3Endpoint: ENDPOINT },
    }).sparkConf;
    expect(conf).toMatchObject({
      "spark.sql.catalog.warehouse.type": "rest",
      "spark.sql.catalog.warehouse.s3.endpoint": ENDPOINT,
      "spark.sql.catalog.warehouse.s3.path-style-access": "true",
      "spark.hadoop.fs.s3a.endpoint": ENDPOINT,
      "spark.hadoop.fs.s3a.path.style.access": "true",
    });
    expect(Object.keys(conf).some((k) => k.startsWith("spark.sql.catalog.glue"))).toBe(false);
  });

  it("gives the driver alone the domain's catalog credentials, from its Secret", () => {
    expect(() =>
      validateTransformJobArgs(sparkArgs({ catalog: { ...REST, credentialsSecret: "polaris" } })),
    ).not.toThrow();
    const spec = sparkApplicationSpec({
      ...transform,
      warehouse: { catalog: { ...REST, credentialsSecret: "polaris" } },
    });
    expect(spec.driver.env).toEqual(
      expect.arrayContaining([
        {
          name: "MESH_CATALOG_CLIENT_ID",
          valueFrom: { secretKeyRef: { name: "polaris", key: "client-id" } },
        },
        {
          name: "MESH_CATALOG_CLIENT_SECRET",
          valueFrom: { secretKeyRef: { name: "polaris", key: "client-secret" } },
        },
      ]),
    );
    expect(JSON.stringify(spec.executor.env)).not.toContain("MESH_CATALOG");
    expect(JSON.stringify(spec.sparkConf)).not.toMatch(/credential/);
    expect(
      JSON.stringify(sparkApplicationSpec({ ...transform, warehouse: { catalog: REST } }).driver.env),
    ).not.toContain("MESH_CATALOG");
  });
});
