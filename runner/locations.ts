/**
 * Where a product's pipeline keeps its files. The layout under a product's staging root is the
 * same locally and in production; only the root differs (a folder under `--out`, or the product's
 * staging bucket, `s3://<bucket>/v<major>/`):
 *
 * | what         | under the staging root                                  | written by            |
 * |--------------|---------------------------------------------------------|-----------------------|
 * | raw records  | `raw/ingest_date=YYYY-MM-DD/<name>.jsonl[.gz]`          | the ingestion sink (`mesh run` lands its input there) |
 * | staged batch | `ingest_date=YYYY-MM-DD/batch-<content hash>.parquet`   | the extract stage     |
 * | quarantine   | `quarantine/ingest_date=YYYY-MM-DD/batch-<hash>.ndjson` | the extract stage     |
 * | ledger       | `state/ledger.json`: raw file → batch, batches folded   | the pipeline          |
 *
 * Locally the warehouse is `<out>/warehouse/mesh.duckdb` (a DuckDB database; in production the
 * Glue or REST Iceberg catalog) and scratch files live in `<out>/tmp/` (in the pod, its /tmp).
 */
import { join } from "node:path";
import type { ProductRef } from "../components/naming.js";
import { under } from "./write.js";

export const productPath = (ref: ProductRef) => join(ref.domain, ref.product, `v${ref.major}`);

/** Glob of the raw files under a staging root. */
export const rawFiles = (staging: string) => under(staging, "raw/**/*.jsonl*");
/** Glob of the staged batches under a staging root. */
export const stagedBatches = (staging: string) => under(staging, "ingest_date=*/batch-*.parquet");
export const stagedBatch = (staging: string, day: string, id: string) =>
  under(staging, `ingest_date=${day}/batch-${id}.parquet`);
export const quarantineFile = (staging: string, day: string, id: string) =>
  under(staging, `quarantine/ingest_date=${day}/batch-${id}.ndjson`);
export const ledgerFile = (staging: string) => under(staging, "state/ledger.json");

/** The day a raw or staged file belongs to, from its `ingest_date=` partition. */
export const dayOf = (file: string) => /ingest_date=(\d{4}-\d{2}-\d{2})\//.exec(file)?.[1];
/** A staged batch's id, from its file name. */
export const batchIdOf = (file: string) => /batch-([0-9a-f]+)\.parquet$/.exec(file)?.[1];

/** Where a local run (`mesh run`, `--out`) keeps everything. */
export interface LocalLayout {
  readonly root: string;
  readonly staging: (ref: ProductRef) => string;
  readonly warehouseDatabase: string;
  readonly scratch: string;
  readonly lockFile: string;
}

export function localLayout(root: string): LocalLayout {
  return {
    root,
    staging: (ref) => join(root, "staging", productPath(ref)),
    warehouseDatabase: join(root, "warehouse", "mesh.duckdb"),
    scratch: join(root, "tmp"),
    lockFile: join(root, "run.lock"),
  };
}
