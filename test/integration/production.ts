/**
 * The production entry point against real engines: `mesh transform` with its arguments built by
 * the runner protocol exactly as the TransformJob builds them, its staging in a bucket of the
 * S3-compatible server, its warehouse the Iceberg REST catalog, its S3 credentials from the chain
 * (the environment, as IRSA's are in the pod), and DuckDB's extensions from PyPI. What it commits
 * is read back by a second engine (PyIceberg).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { inject } from "vitest";
import type { ProductModel } from "../../components/declaration/productModel.js";
import { redactedWarehousePrefix, warehousePrefix } from "../../components/naming.js";
import { productPath } from "../../runner/locations.js";
import { EXTENSION_DIRECTORY_ENV } from "../../runner/session.js";
import { S3Client } from "../../scripts/integration/s3Client.js";
import { modelOf, type Outcome, runTransformJob } from "../runner/entryPoints.js";

export interface IcebergRead {
  readonly columns: { name: string; type: string; required: boolean }[];
  readonly snapshots: { id: string; parent: string | null; operation: string | null }[];
  readonly metadataLog: number;
  /** The table's base location. */
  readonly location: string;
  readonly rows: Record<string, unknown>[];
}

export { table as tableOf } from "../runner/entryPoints.js";

/** The production environment of one workspace: its own staging bucket, the shared catalog. */
export function realProduction() {
  const { s3, iceberg, tools } = inject("integration");
  // The pod's environment: S3 credentials for the chain, the image's extension directory.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_REGION: s3.region,
    [EXTENSION_DIRECTORY_ENV]: tools.duckdbExtensions,
  });
  const client = new S3Client(s3);
  const bucket = `staging-${randomBytes(4).toString("hex")}`;
  let created = false;
  const ensureBucket = async () => {
    if (!created) await client.createBucket(bucket);
    created = true;
  };
  return {
    client,
    bucket,
    stagingPrefix: (model: Pick<ProductModel, "ref">) => `${productPath(model.ref)}/`,

    /** Lands a raw file through the S3 API, where the ingestion sink writes it. */
    async land(dir: string, id: string, name: string, content: string, day = "2026-11-24") {
      await ensureBucket();
      const { model } = await modelOf(dir, id);
      await client.put(bucket, `${productPath(model.ref)}/raw/ingest_date=${day}/${name}`, content);
    },

    /** `mesh transform` for product version `id` of workspace `dir`; `sql` replaces the job's SQL. */
    async run(dir: string, id: string, options: { sql?: string } = {}): Promise<Outcome> {
      await ensureBucket();
      const { model } = await modelOf(dir, id);
      return runTransformJob(
        dir,
        model,
        {
          ...(model.raw ? { staging: `s3://${bucket}/${productPath(model.ref)}/` } : {}),
          catalog: iceberg.uri,
          s3Endpoint: s3.endpoint,
          // The tables' files go where the platform grants the product's role: its warehouse prefixes.
          location: (m, redacted) =>
            `${iceberg.warehouse}${redacted ? redactedWarehousePrefix(m.ref) : warehousePrefix(m.ref)}`,
        },
        options.sql,
      );
    },
  };
}

/** Drops tables from the shared catalog (with their files), so a scenario starts from none. */
export async function dropTables(...tables: string[]): Promise<void> {
  const { iceberg } = inject("integration");
  for (const table of tables) {
    const [namespace, name] = table.split(".");
    const response = await fetch(
      `${iceberg.uri}/v1/namespaces/${namespace}/tables/${name}?purgeRequested=true`,
      { method: "DELETE" },
    );
    if (!response.ok && response.status !== 404) {
      throw new Error(`cannot drop ${table}: ${response.status} ${await response.text()}`);
    }
  }
}

/** The table as PyIceberg reads it through the REST catalog (`snapshot`: as of that snapshot). */
export function readIceberg(table: string, snapshot?: string): IcebergRead {
  const { s3, iceberg, tools } = inject("integration");
  const result = spawnSync(
    tools.python,
    [
      join("test", "integration", "read_iceberg.py"),
      iceberg.uri,
      table,
      ...(snapshot === undefined ? [] : ["--snapshot", snapshot]),
    ],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        S3_ENDPOINT: s3.endpoint,
        AWS_ACCESS_KEY_ID: s3.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
        AWS_REGION: s3.region,
      },
    },
  );
  if (result.status !== 0) throw new Error(`PyIceberg could not read ${table}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as IcebergRead;
}

/**
 * Rows in a stable order, each value as text, for comparing engines (DuckDB's JSON gives a BIGINT
 * as a string, PyIceberg as a number).
 */
export const sorted = (rows: readonly Record<string, unknown>[]) =>
  rows
    .map((r) =>
      JSON.stringify(
        Object.fromEntries(
          Object.keys(r)
            .sort()
            .map((k) => [k, r[k] === null ? null : String(r[k])]),
        ),
      ),
    )
    .sort();
