/**
 * Where a local run keeps its data, laid out like production:
 *
 * | what        | local path (under `--out`, default `.mesh/`)                                  | production            |
 * |-------------|--------------------------------------------------------------------------------|-----------------------|
 * | staging     | `staging/<domain>/<product>/v<major>/ingest_date=YYYY-MM-DD/batch-<id>.parquet` | the staging bucket    |
 * | quarantine  | `quarantine/<domain>/<product>/v<major>/ingest_date=YYYY-MM-DD/batch-<id>.ndjson` | the dead-letter topic |
 * | warehouse   | `warehouse/mesh.duckdb`, table `<domain>.<product_>_v<major>`                   | the Glue/Iceberg table |
 * | table files | `warehouse/<domain>/<product>/v<major>/data.parquet`                            | the warehouse prefix  |
 * | PII-free    | table `<domain>.<product_>_v<major>_redacted`, files under `…/v<major>-redacted/` | the redacted table    |
 */
import { join } from "node:path";
import type { ProductRef } from "../components/naming.js";

export const productPath = (ref: ProductRef) => join(ref.domain, ref.product, `v${ref.major}`);

export interface Layout {
  readonly root: string;
  readonly staging: (ref: ProductRef) => string;
  readonly quarantine: (ref: ProductRef) => string;
  readonly warehouseDatabase: string;
  readonly tableFiles: (ref: ProductRef) => string;
  readonly redactedTableFiles: (ref: ProductRef) => string;
}

export function localLayout(root: string): Layout {
  return {
    root,
    staging: (ref) => join(root, "staging", productPath(ref)),
    quarantine: (ref) => join(root, "quarantine", productPath(ref)),
    warehouseDatabase: join(root, "warehouse", "mesh.duckdb"),
    tableFiles: (ref) => join(root, "warehouse", productPath(ref)),
    redactedTableFiles: (ref) => join(root, "warehouse", `${productPath(ref)}-redacted`),
  };
}

export { consumedViewName } from "../components/naming.js";
