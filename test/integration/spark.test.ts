/**
 * Issue 11, item 5 — `engine: spark`: spark/transform.py, in Spark local mode, executes the plan
 * the TransformJob mounts over the batches the runner's own extract stage staged in the S3 bucket,
 * commits the Iceberg tables (the product's and its PII-free projection) through the REST catalog,
 * enforces the same contract, and its rows equal the DuckDB runner's (`mesh run`) for the same raw
 * records. PyIceberg reads the tables back.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { sparkConf } from "../../components/compute/sparkApplication.js";
import { productPath } from "../../runner/locations.js";
import { modelOf } from "../runner/entryPoints.js";
import { capture, query } from "../runner/support.js";
import { readIceberg, realProduction, sorted } from "./production.js";
import { PRODUCT, type SparkJob, sparkJob, sparkWorkspace, stage, submit } from "./sparkScenario.js";

const SAMPLES = readFileSync(join("domains", "customers", "samples", "customers.ndjson"), "utf8");

describe("engine spark: spark/transform.py on S3 and the Iceberg REST catalog", () => {
  const spark = () => inject("integration").spark;
  let job: SparkJob;
  let conf: Record<string, string>;
  const readBack = () => ({ main: readIceberg(job.table), redacted: readIceberg(job.redactedTable) });

  beforeAll(async () => {
    const { s3, iceberg } = inject("integration");
    const prod = realProduction(); // the pod's environment: S3 credentials for the chain
    const dir = sparkWorkspace();
    const { model } = await modelOf(dir, PRODUCT);
    const warehouse = { catalog: { type: "rest" as const, uri: iceberg.uri }, s3Endpoint: s3.endpoint };
    job = await sparkJob(dir, `s3://${prod.bucket}/${productPath(model.ref)}/`, warehouse);
    conf = {
      // What the ScheduledSparkApplication sets on every run for this platform…
      ...sparkConf(warehouse),
      // …S3A's credentials from the environment here (in the pod: IRSA's web identity, the
      // image's default, which the submission's setting overrides)…
      "spark.hadoop.fs.s3a.aws.credentials.provider":
        "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
      // …and local mode on 2 cores: Spark's default of 200 shuffle partitions would schedule 200
      // tasks per shuffle over a dozen rows; no UI.
      "spark.sql.shuffle.partitions": "2",
      "spark.ui.enabled": "false",
    };
    await prod.land(dir, model.id, "customers.jsonl", SAMPLES);
    expect((await stage(job))[0]).toMatch(/staged 1 raw file: 12 records, 12 staged, 0 quarantined/);
  });

  it("loads the same rows as the DuckDB runner, into the table and its PII-free projection", async () => {
    const run = submit(spark(), job, conf);
    expect(run.code, run.log).toBe(0);
    expect(run.output).toEqual([`customers/customers: 12 rows loaded into ${job.table}`]);

    // The DuckDB runner over the same raw records (the workspace's samples): `mesh run`.
    const io = capture();
    expect(await main(["run", "customers/customers@2"], io, job.dir), io.stderr.join("\n")).toBe(0);
    const duckdb = await query(job.dir, `SELECT * FROM ${job.table}`);
    const duckdbRedacted = await query(job.dir, `SELECT * FROM ${job.redactedTable}`);

    const { main: table, redacted } = readBack();
    expect(table.rows).toHaveLength(12);
    expect(sorted(table.rows)).toEqual(sorted(duckdb));
    expect(redacted.columns.map((c) => c.name)).toEqual([
      "customer_id",
      "segment",
      "country",
      "signed_up_on",
    ]);
    expect(sorted(redacted.rows)).toEqual(sorted(duckdbRedacted));
  });

  it("re-running is idempotent: the same rows, one more snapshot each", () => {
    const before = readBack();
    // This run's driver signs in to the catalog with client credentials, as the domain's Secret
    // gives them in the pod (transform.py sets Iceberg's `credential` from them).
    Object.assign(process.env, { MESH_CATALOG_CLIENT_ID: "customers", MESH_CATALOG_CLIENT_SECRET: "s3cret" });
    let run: ReturnType<typeof submit>;
    try {
      run = submit(spark(), job, conf);
    } finally {
      delete process.env.MESH_CATALOG_CLIENT_ID;
      delete process.env.MESH_CATALOG_CLIENT_SECRET;
    }
    expect(run.code, run.log).toBe(0);
    const after = readBack();
    expect(sorted(after.main.rows)).toEqual(sorted(before.main.rows));
    expect(sorted(after.redacted.rows)).toEqual(sorted(before.redacted.rows));
    expect(after.main.snapshots.length).toBe(before.main.snapshots.length + 1);
    expect(after.redacted.snapshots.length).toBe(before.redacted.snapshots.length + 1);
  });

  it("a contract violation exits 1 with the runner's report, and commits nothing", () => {
    const before = readBack();
    // The raw records are valid (the extract stage quarantines the others), so the output breaks
    // its contract only through its SQL: here one that loses a required column's value.
    const sqlFile = join(job.dir, "job", "transform.sql");
    const good = readFileSync(sqlFile, "utf8");
    writeFileSync(
      sqlFile,
      good.replace(
        "SELECT customer_id, email,",
        "SELECT customer_id, CASE WHEN customer_id = 'c-003' THEN NULL ELSE email END AS email,",
      ),
    );
    try {
      const run = submit(spark(), job, conf);
      expect(run.code, run.log).toBe(1);
      expect(run.output).toEqual([
        `customers/customers: the output breaks its contract; ${job.table} is unchanged:`,
        "  required (email): email is null in 1 row(s)",
      ]);
    } finally {
      writeFileSync(sqlFile, good);
    }
    const after = readBack();
    expect(after.main.snapshots).toEqual(before.main.snapshots);
    expect(after.redacted.snapshots).toEqual(before.redacted.snapshots);
    expect(sorted(after.main.rows)).toEqual(sorted(before.main.rows));
  });
});
