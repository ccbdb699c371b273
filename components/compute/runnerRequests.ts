/**
 * What a TransformJob tells its runner, in the terms of runnerProtocol.ts: the `mesh transform`
 * request of its container (engine duckdb), the `mesh stage` request of the Spark driver's init
 * container, and the files of its ConfigMap (the SQL, the product file and, for Spark, the plan).
 */

import { warehouseLocation } from "../naming.js";
import {
  mountedFile,
  PRODUCT_FILE,
  SQL_FILE,
  type StageRequest,
  type TransformRequest,
  transformArgs,
} from "./runnerProtocol.js";
import { SPARK_PLAN_FILE, sparkPlan } from "./sparkPlan.js";
import type { TransformJobArgs } from "./transformJobArgs.js";

const productOf = (args: TransformJobArgs) => `${args.product.domain}/${args.product.product}`;
const stagingOf = (args: TransformJobArgs) =>
  args.staging ? `s3://${args.staging.bucket}/${args.staging.prefix}` : undefined;

/** The catalog flags: the account's Glue catalog, or the REST catalog's URL (and warehouse); the S3 endpoint. */
function catalogOf(
  args: TransformJobArgs,
): Pick<TransformRequest, "catalog" | "catalogWarehouse" | "s3Endpoint"> {
  const catalog = args.catalog ?? { type: "glue" };
  return {
    ...(catalog.type === "glue"
      ? { catalog: `glue:${args.aws.accountId}` }
      : { catalog: catalog.uri, ...(catalog.warehouse ? { catalogWarehouse: catalog.warehouse } : {}) }),
    ...(args.s3Endpoint ? { s3Endpoint: args.s3Endpoint } : {}),
  };
}

/** The job's `mesh transform`: its product and major, its files, staging, table and inputs. */
export function transformRequestOf(args: TransformJobArgs): TransformRequest {
  const { warehouse } = args;
  const rest = args.catalog?.type === "rest";
  const staging = stagingOf(args);
  return {
    product: productOf(args),
    major: args.product.major,
    productFile: mountedFile(PRODUCT_FILE),
    sql: mountedFile(SQL_FILE),
    ...(staging !== undefined ? { staging } : {}),
    ...catalogOf(args),
    // The table's data and metadata live under its warehouse prefix, the only place the role may
    // write: Glue's table says so; in a REST catalog the first run creates the table there.
    table: `${warehouse.database}.${warehouse.table}`,
    ...(rest ? { tableLocation: warehouseLocation(warehouse.bucket, warehouse.prefix) } : {}),
    ...(warehouse.redacted ? { redactedTable: `${warehouse.database}.${warehouse.redacted.table}` } : {}),
    ...(rest && warehouse.redacted
      ? { redactedTableLocation: warehouseLocation(warehouse.bucket, warehouse.redacted.prefix) }
      : {}),
    reads: (args.reads ?? []).map(({ view, table }) => ({ view, table })),
    memory: args.resources.memory,
    cpu: args.resources.cpu,
    ...(args.lineage ? { lineageUrl: args.lineage.url, lineageNamespace: args.lineage.namespace } : {}),
  };
}

/** The job's `mesh stage` (the Spark driver's init container); undefined without staging. */
export function stageRequestOf(args: TransformJobArgs): StageRequest | undefined {
  const staging = stagingOf(args);
  if (staging === undefined) return undefined;
  return {
    product: productOf(args),
    major: args.product.major,
    productFile: mountedFile(PRODUCT_FILE),
    staging,
    ...(args.s3Endpoint ? { s3Endpoint: args.s3Endpoint } : {}),
    memory: args.resources.memory,
    cpu: args.resources.cpu,
  };
}

/** What the runner container is told to do: the arguments of {@link transformRequestOf}. */
export const runnerArgs = (args: TransformJobArgs): string[] => transformArgs(transformRequestOf(args));

/** The Spark entry point's plan: the same request and product file as {@link runnerArgs}. */
export const transformSparkPlan = (args: TransformJobArgs) =>
  sparkPlan(transformRequestOf(args), args.productFile, args.catalog);

/** The ConfigMap's files, by name: the SQL, the product file and, for engine spark, the plan. */
export function runnerFiles(args: TransformJobArgs): Record<string, string> {
  return {
    [SQL_FILE]: args.sql,
    [PRODUCT_FILE]: JSON.stringify(args.productFile, null, 2),
    ...((args.engine ?? "duckdb") === "spark"
      ? { [SPARK_PLAN_FILE]: JSON.stringify(transformSparkPlan(args), null, 2) }
      : {}),
  };
}
