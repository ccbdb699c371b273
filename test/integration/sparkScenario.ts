/**
 * What the Spark scenario runs, step by step as production does for an `engine: spark` product:
 * raw files land in the staging bucket (the S3-compatible server), the driver's init container
 * stages them (`mesh stage`, the runner's own extract stage), then Spark runs
 * `spark/transform.py --plan` with the plan the TransformJob mounts (sparkPlan(), from the same
 * request and product file as `mesh transform`, for a platform whose warehouse is the Iceberg REST
 * catalog), with the application's sparkConf (sparkConf(), same settings), and a second engine
 * (PyIceberg) reads the Iceberg tables back through the catalog.
 *
 * The product is the shipped `customers/customers` (PII, so a PII-free projection too), with
 * `engine: spark` and its SQL written without DuckDB's QUALIFY, which Spark 3.5 does not parse:
 * the SQL an engine-portable product must have.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { main } from "../../cli/mesh.js";
import { runnerProductFile } from "../../components/compute/runnerProductFile.js";
import { parseRunnerCommand, stageArgs, transformArgs } from "../../components/compute/runnerProtocol.js";
import { sparkPlan } from "../../components/compute/sparkPlan.js";
import {
  glueTableName,
  redactedTableName,
  redactedWarehousePrefix,
  warehousePrefix,
} from "../../components/naming.js";
import type { WarehouseCatalogSettings } from "../../components/platform.js";
import { modelOf } from "../runner/entryPoints.js";
import { capture, workspace } from "../runner/support.js";

export const PRODUCT = "customers.customers.v2";
const SHIPPED_SQL = `SELECT customer_id, email, full_name, segment, country, signed_up_on
FROM staging
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY signed_up_on DESC) = 1`;
/** The same rows, in SQL both DuckDB and Spark 3.5 parse. */
export const PORTABLE_SQL = `SELECT customer_id, email, full_name, segment, country, signed_up_on
FROM (
  SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY signed_up_on DESC) AS mesh_rank
  FROM staging
) AS latest
WHERE mesh_rank = 1`;

/** A copy of the example mesh whose customers product runs on Spark, with portable SQL. */
export function sparkWorkspace(): string {
  const dir = workspace();
  const file = join(dir, "domains", "customers", "index.ts");
  const source = readFileSync(file, "utf8");
  const shipped = `sql: \`${SHIPPED_SQL}\`,`;
  if (!source.includes(shipped))
    throw new Error(`${file}: its transform SQL changed; update sparkScenario.ts`);
  writeFileSync(file, source.replace(shipped, `sql: \`${PORTABLE_SQL}\`,\n        engine: "spark",`));
  return dir;
}

export interface SparkJob {
  readonly dir: string;
  /** The staging root, `s3://bucket/<product path>/` (raw files land under `raw/`). */
  readonly staging: string;
  readonly s3Endpoint: string;
  readonly plan: string;
  readonly table: string;
  readonly redactedTable: string;
}

/**
 * The job's files as the TransformJob's ConfigMap holds them (SQL, product file, plan), for a
 * staging root, on a platform whose warehouse is an Iceberg REST catalog behind an S3 endpoint.
 */
export async function sparkJob(
  dir: string,
  staging: string,
  warehouse: { catalog: WarehouseCatalogSettings; s3Endpoint: string },
): Promise<SparkJob> {
  const { model } = await modelOf(dir, PRODUCT);
  if (model.declaration.transform.engine !== "spark") throw new Error(`${PRODUCT} is not engine spark`);
  const job = join(dir, "job");
  mkdirSync(job, { recursive: true });
  const sql = join(job, "transform.sql");
  const productFile = join(job, "product.json");
  writeFileSync(sql, model.sql);
  writeFileSync(productFile, JSON.stringify(runnerProductFile(model), null, 2));
  const table = `${model.ref.domain}.${glueTableName(model.ref)}`;
  const redactedTable = `${model.ref.domain}.${redactedTableName(model.ref)}`;
  // The request exactly as `mesh transform` would get it (parsed back from its command line).
  const args = transformArgs({
    product: `${model.ref.domain}/${model.ref.product}`,
    major: model.ref.major,
    sql,
    productFile,
    staging,
    catalog: "glue:111111111111", // the DuckDB runner's flag; the plan's catalog is the platform's
    table,
    // Where the platform grants the product's role: its warehouse prefixes (as the DuckDB runner).
    tableLocation: `${inject("integration").iceberg.warehouse}${warehousePrefix(model.ref)}`,
    redactedTable,
    redactedTableLocation: `${inject("integration").iceberg.warehouse}${redactedWarehousePrefix(model.ref)}`,
    reads: [],
  });
  // argv[0] is the command name.
  const request = parseRunnerCommand("transform", args.slice(1));
  const plan = join(job, "plan.json");
  writeFileSync(
    plan,
    JSON.stringify(sparkPlan(request, runnerProductFile(model), warehouse.catalog), null, 2),
  );
  return { dir, staging, s3Endpoint: warehouse.s3Endpoint, plan, table, redactedTable };
}

/** The driver's init container: `mesh stage` with the TransformJob's stage request. */
export async function stage(job: SparkJob) {
  const { model } = await modelOf(job.dir, PRODUCT);
  const io = capture();
  const code = await main(
    stageArgs({
      product: `${model.ref.domain}/${model.ref.product}`,
      major: model.ref.major,
      productFile: join(job.dir, "job", "product.json"),
      staging: job.staging,
      s3Endpoint: job.s3Endpoint,
    }),
    io,
    job.dir,
  );
  if (code !== 0) throw new Error(`mesh stage exited ${code}: ${io.stderr.join("\n")}`);
  return io.stdout;
}

export interface Spark {
  readonly python: string;
  readonly sparkSubmit: string;
  readonly jars: readonly string[];
}

/** `spark-submit --master local[2] spark/transform.py --plan …` with the given Spark settings. */
export function submit(spark: Spark, job: SparkJob, conf: Record<string, string>) {
  const started = Date.now();
  const result = spawnSync(
    spark.sparkSubmit,
    [
      "--master",
      "local[2]",
      "--jars",
      spark.jars.join(","),
      ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
      join(process.cwd(), "spark", "transform.py"),
      "--plan",
      job.plan,
    ],
    {
      cwd: job.dir,
      encoding: "utf8",
      env: {
        ...process.env,
        PYSPARK_PYTHON: spark.python,
        PYSPARK_DRIVER_PYTHON: spark.python,
        SPARK_LOCAL_IP: "127.0.0.1",
      },
      timeout: 240_000,
    },
  );
  // spark-submit runs the Python driver with its stderr merged into its stdout (the pod's log
  // has both alike): transform.py's lines are stdout's; Spark's own log (log4j) is stderr.
  return {
    code: result.status,
    output: (result.stdout ?? "").split("\n").filter((l) => l !== ""),
    log: `${result.stdout}\n${result.stderr}`,
    seconds: (Date.now() - started) / 1000,
  };
}
