/**
 * What the Spark entry point (`spark/transform.py`) executes: the plan, computed here at deploy
 * time from the same request and product file as the DuckDB runner's `mesh transform`
 * (runnerProtocol.ts) and mounted beside its SQL, so the contract's rules have one implementation
 * (TypeScript) and the Python side stays a small generic executor.
 * The shape is version 1 of the contract in docs/runner.md.
 */

import { nonPiiFields } from "../contract/contract.js";
import { contractChecks, emptyStagingSql } from "../contract/sql.js";
import { glueType, sparkType } from "../declaration/types.js";
import type { WarehouseCatalogSettings } from "../platform.js";
import type { RunnerProductFile } from "./runnerProductFile.js";
import type { TransformRequest } from "./runnerProtocol.js";

export const SPARK_PLAN_VERSION = 1;
/** The Iceberg catalog the Spark runner image defines in its spark-defaults.conf (Glue). */
export const SPARK_CATALOG = "glue";
/**
 * The Iceberg catalog of a platform whose warehouse is an Iceberg REST catalog: defined by the
 * application's sparkConf (sparkCatalogConf in sparkApplication.ts), named as the DuckDB runner
 * names its attached catalog.
 */
export const SPARK_REST_CATALOG = "warehouse";

/** The Spark catalog name of the platform's warehouse catalog. */
export const sparkCatalogName = (catalog: Pick<WarehouseCatalogSettings, "type">) =>
  catalog.type === "rest" ? SPARK_REST_CATALOG : SPARK_CATALOG;
/** The file, beside the SQL, that tells the Spark entry point what to run and check. */
export const SPARK_PLAN_FILE = "plan.json";

/** A Spark SQL identifier. */
export const sparkIdent = (name: string) => `\`${name.replace(/`/g, "``")}\``;

/** Where a REST catalog's tables are created: the request's locations, which it must give. */
function locationsOf(request: TransformRequest): Record<string, string> {
  if (request.tableLocation === undefined) {
    throw new Error(`${request.product}: a REST catalog's Spark plan needs the table's location`);
  }
  if (request.redactedTable !== undefined && request.redactedTableLocation === undefined) {
    throw new Error(`${request.product}: a REST catalog's Spark plan needs the projection's location`);
  }
  return {
    [request.table]: request.tableLocation,
    ...(request.redactedTable !== undefined && request.redactedTableLocation !== undefined
      ? { [request.redactedTable]: request.redactedTableLocation }
      : {}),
  };
}

/**
 * The plan of a transform: the request's SQL file, staging, table, reads and PII-free projection,
 * and the product file's contract as Spark columns and checks, in the platform's warehouse catalog
 * (Glue by default).
 */
export function sparkPlan(
  request: TransformRequest,
  product: RunnerProductFile,
  catalog: Pick<WarehouseCatalogSettings, "type"> = { type: "glue" },
) {
  const { contract } = product;
  if (request.staging === undefined) {
    throw new Error(`${request.product}: the Spark plan (version ${SPARK_PLAN_VERSION}) needs staging`);
  }
  const fields = Object.entries(contract.schema);
  const rowCount = contract.quality.rowCount ?? {};
  return {
    version: SPARK_PLAN_VERSION,
    product: request.product,
    sql: request.sql,
    // Hadoop's S3 connector (S3A) reads the same bucket under the s3a:// scheme.
    staging: request.staging.replace(/^s3:\/\//, "s3a://"),
    catalog: sparkCatalogName(catalog),
    // Glue's tables are created by the deploy (WarehouseTable); a REST catalog's by the product's
    // own transform, which creates its namespace and tables from the contract's columns if missing.
    ...(catalog.type === "rest" ? { createTables: true, locations: locationsOf(request) } : {}),
    table: request.table,
    reads: request.reads.map((r) => ({ view: r.view, table: r.table })),
    // Spark's DataType.catalogString() of each type is its Glue name (`array<struct<a:int>>` too).
    columns: fields.map(([name, f]) => ({ name, type: glueType(f.type) })),
    checks: contractChecks(contract, sparkIdent),
    rowCount: {
      ...(rowCount.min !== undefined ? { min: rowCount.min } : {}),
      ...(rowCount.max !== undefined ? { max: rowCount.max } : {}),
    },
    // The staging relation's shape when nothing has been staged yet, as DuckDB's runner makes it.
    emptyStaging: emptyStagingSql(contract, { ident: sparkIdent, type: sparkType }),
    ...(request.redactedTable
      ? { redacted: { table: request.redactedTable, columns: nonPiiFields(contract) } }
      : {}),
  };
}

export type SparkPlan = ReturnType<typeof sparkPlan>;
