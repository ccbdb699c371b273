/** What a transform's runner is told: its arguments (DuckDB), its stage step and its Spark plan. */
import { sparkPlan } from "./sparkPlan.js";
import type { TransformJobArgs } from "./TransformJob.js";

export const SQL_MOUNT_PATH = "/etc/mesh/transform";

/** What the runner is told to do: which product, its SQL, where to read and where to write. */
export function runnerArgs(args: TransformJobArgs): string[] {
  const { product, staging, warehouse } = args;
  return [
    "transform",
    `${product.domain}/${product.product}`,
    "--major",
    String(product.major),
    "--sql",
    `${SQL_MOUNT_PATH}/transform.sql`,
    // A product without ingestion reads no staging.
    ...(staging ? ["--staging", `s3://${staging.bucket}/${staging.prefix}`] : []),
    // The table is the Iceberg table in the account's Glue catalog; its data and metadata live
    // under the warehouse prefix, the only place the role may write.
    "--catalog",
    `glue:${args.aws.accountId}`,
    "--table",
    `${warehouse.database}.${warehouse.table}`,
    ...(warehouse.redacted ? ["--redacted-table", `${warehouse.database}.${warehouse.redacted.table}`] : []),
    "--contract",
    `${SQL_MOUNT_PATH}/contract.json`,
    ...(args.reads ?? []).flatMap((r) => ["--read", `${r.view}=${r.table}`]),
  ];
}

/**
 * The extract stage alone, as the Spark driver's init container runs it with the runner image
 * (engine spark, which validateTransformJobArgs gives staging).
 */
export function stageArgs(args: TransformJobArgs): string[] {
  return [
    "stage",
    `${args.product.domain}/${args.product.product}`,
    "--contract",
    `${SQL_MOUNT_PATH}/contract.json`,
    "--staging",
    `s3://${args.staging!.bucket}/${args.staging!.prefix}`,
  ];
}

/** The file, beside the SQL, that tells the Spark entry point what to run and check. */
export const SPARK_PLAN_FILE = "plan.json";

/** The Spark entry point's plan: the same SQL, contract, staging, table and reads as {@link runnerArgs}. */
export function transformSparkPlan(args: TransformJobArgs) {
  return sparkPlan({
    product: `${args.product.domain}/${args.product.product}`,
    sqlPath: `${SQL_MOUNT_PATH}/transform.sql`,
    contract: args.contract,
    staging: `s3://${args.staging!.bucket}/${args.staging!.prefix}`,
    table: `${args.warehouse.database}.${args.warehouse.table}`,
    reads: (args.reads ?? []).map(({ view, table }) => ({ view, table })),
    ...(args.warehouse.redacted
      ? {
          redacted: {
            table: `${args.warehouse.database}.${args.warehouse.redacted.table}`,
            columns: args.warehouse.redacted.columns,
          },
        }
      : {}),
  });
}
