/**
 * Issue 11, item 5 — `engine: spark`: spark/transform.py executes the plan the TransformJob mounts,
 * over the data the runner's own extract stage staged, writes the Iceberg tables (the product's
 * and its PII-free projection), enforces the same contract, and its rows equal the DuckDB runner's
 * (`mesh run`) for the same raw records.
 *
 * Where: staging is a folder (the bucket's layout) and the Iceberg catalog `warehouse` is an
 * Iceberg Hadoop catalog in a folder (Spark local mode), until the harness has its S3 server and
 * REST catalog. The plan is the REST platform's (catalog `warehouse`, tables created by the
 * transform); only the catalog's implementation is local.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { sparkConf } from "../../components/compute/sparkApplication.js";
import { capture, query } from "../runner/support.js";
import { land, type SparkJob, sparkJob, sparkWorkspace, stage, submit } from "./sparkScenario.js";

const SAMPLES = readFileSync(join("domains", "customers", "samples", "customers.ndjson"), "utf8");

type Rows = Record<string, unknown>[];
const sorted = (rows: Rows) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort()))).sort();

describe("engine spark: spark/transform.py in Spark local mode", () => {
  const spark = () => inject("integration").spark;
  let job: SparkJob;
  let warehouse: string;
  let conf: Record<string, string>;

  /** The tables as PyIceberg reads them back: snapshot count, columns, rows. */
  const readBack = () => {
    const folders = [job.table, job.redactedTable].map((t) => join(warehouse, ...t.split(".")));
    const r = spawnSync(spark().python, [join("test", "integration", "readIceberg.py"), ...folders], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, { snapshots: number; columns: string[]; rows: Rows }>;
    return { main: out[folders[0]!]!, redacted: out[folders[1]!]! };
  };

  beforeAll(async () => {
    const dir = sparkWorkspace();
    job = await sparkJob(dir, join(dir, "bucket", "customers", "customers", "v2"));
    warehouse = join(dir, "warehouse");
    conf = {
      // What the SparkApplication sets on every run…
      ...sparkConf(undefined),
      // …and the catalog `warehouse`, here an Iceberg Hadoop catalog in a folder.
      "spark.sql.catalog.warehouse": "org.apache.iceberg.spark.SparkCatalog",
      "spark.sql.catalog.warehouse.type": "hadoop",
      "spark.sql.catalog.warehouse.warehouse": warehouse,
      "spark.ui.enabled": "false",
      // Local mode has 2 cores: Spark's default of 200 shuffle partitions would run 200 tasks per
      // shuffle over a dozen rows (tens of seconds of scheduling).
      "spark.sql.shuffle.partitions": "2",
    };
    land(job, "customers.jsonl", SAMPLES);
    expect((await stage(job))[0]).toMatch(/staged 1 raw file\(s\): 12 records, 12 staged, 0 quarantined/);
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
    expect(table.snapshots).toBe(1);
    expect(table.rows).toHaveLength(12);
    expect(sorted(table.rows)).toEqual(sorted(duckdb));
    expect(redacted.columns).toEqual(["customer_id", "segment", "country", "signed_up_on"]);
    expect(sorted(redacted.rows)).toEqual(sorted(duckdbRedacted));
  });

  it("re-running is idempotent: the same rows, one more snapshot each", () => {
    const before = readBack();
    const run = submit(spark(), job, conf);
    expect(run.code, run.log).toBe(0);
    const after = readBack();
    expect(sorted(after.main.rows)).toEqual(sorted(before.main.rows));
    expect(sorted(after.redacted.rows)).toEqual(sorted(before.redacted.rows));
    expect(after.main.snapshots).toBe(before.main.snapshots + 1);
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
    expect(after.main.snapshots).toBe(before.main.snapshots);
    expect(after.redacted.snapshots).toBe(before.redacted.snapshots);
    expect(sorted(after.main.rows)).toEqual(sorted(before.main.rows));
  });
});
