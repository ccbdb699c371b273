/**
 * Dataset names, as OpenLineage's naming conventions (spec/Naming.md) have them, so that the mesh's
 * datasets meet the same datasets other tools report: a Glue table is
 * `arn:aws:glue:<region>:<account>` + `table/<database>/<table>`, an object-store prefix is
 * `s3://<bucket>` + its path, a local folder `file` + its absolute path. An Iceberg REST catalog is
 * named by its URL (and warehouse), a DuckDB database file by `duckdb://` and its absolute path.
 */
import { resolve } from "node:path";
import type { DatasetName } from "../../components/openlineage/facets.js";
import type { WarehouseCatalog } from "../catalog.js";
import type { TableName } from "../load.js";

/** A table in the warehouse catalog; `region` for Glue (the pod's `AWS_REGION`). */
export function tableDataset(catalog: WarehouseCatalog, table: TableName, region?: string): DatasetName {
  switch (catalog.kind) {
    case "glue":
      return {
        namespace: `arn:aws:glue:${region ?? "unknown-region"}:${catalog.accountId}`,
        name: `table/${table.database}/${table.table}`,
      };
    case "rest":
      return {
        namespace: catalog.warehouse ? `${catalog.uri}/${catalog.warehouse}` : catalog.uri,
        name: `${table.database}.${table.table}`,
      };
    case "duckdb":
      return { namespace: `duckdb://${resolve(catalog.path)}`, name: `${table.database}.${table.table}` };
  }
}

/** A product's staging (its raw records): an `s3://` prefix or a folder. */
export function stagingDataset(staging: string): DatasetName {
  const s3 = /^s3:\/\/([^/]+)\/?(.*?)\/?$/.exec(staging);
  if (s3) return { namespace: `s3://${s3[1]}`, name: s3[2] ? `/${s3[2]}` : "/" };
  return { namespace: "file", name: resolve(staging) };
}
