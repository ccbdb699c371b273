/**
 * What the Spark entry point (`spark/transform.py`) executes: the plan, computed here at deploy
 * time from the product's contract and mounted beside its SQL, so the contract's rules have one
 * implementation (TypeScript) and the Python side stays a small generic executor.
 * The shape is version 1 of the contract in docs/runner.md.
 */

import type { Contract } from "../contract/contract.js";
import { contractChecks, emptyStagingSql } from "../contract/sql.js";
import { glueType, sparkType } from "../declaration/types.js";

export const SPARK_PLAN_VERSION = 1;
/** The Iceberg catalog the Spark runner image defines in its spark-defaults.conf (Glue). */
export const SPARK_CATALOG = "glue";

/** What a transform needs of its product's contract. */
export type TransformContract = Pick<Contract, "id" | "version" | "schema" | "quality">;

export interface SparkPlanInput {
  /** `<domain>/<product>`, for messages. */
  readonly product: string;
  /** Path of the SQL file in the pods. */
  readonly sqlPath: string;
  readonly contract: TransformContract;
  /** `s3://bucket/prefix/` of the staged batches. */
  readonly staging: string;
  /** `database.table` of the product's table. */
  readonly table: string;
  readonly reads: readonly { readonly view: string; readonly table: string }[];
  /** The PII-free projection of the table, when the product has PII. */
  readonly redacted?: { readonly table: string; readonly columns: readonly string[] };
}

/** A Spark SQL identifier. */
export const sparkIdent = (name: string) => `\`${name.replace(/`/g, "``")}\``;

export function sparkPlan(input: SparkPlanInput) {
  const fields = Object.entries(input.contract.schema);
  const rowCount = input.contract.quality.rowCount ?? {};
  return {
    version: SPARK_PLAN_VERSION,
    product: input.product,
    sql: input.sqlPath,
    // Hadoop's S3 connector (S3A) reads the same bucket under the s3a:// scheme.
    staging: input.staging.replace(/^s3:\/\//, "s3a://"),
    catalog: SPARK_CATALOG,
    table: input.table,
    reads: input.reads.map((r) => ({ view: r.view, table: r.table })),
    // Spark's DataType.simpleString() of each type is its Glue name.
    columns: fields.map(([name, f]) => ({ name, type: glueType(f.type) })),
    checks: contractChecks(input.contract, sparkIdent),
    rowCount: {
      ...(rowCount.min !== undefined ? { min: rowCount.min } : {}),
      ...(rowCount.max !== undefined ? { max: rowCount.max } : {}),
    },
    // The staging relation's shape when nothing has been staged yet, as DuckDB's runner makes it.
    emptyStaging: emptyStagingSql(input.contract, { ident: sparkIdent, type: sparkType }),
    ...(input.redacted
      ? { redacted: { table: input.redacted.table, columns: [...input.redacted.columns] } }
      : {}),
  };
}

export type SparkPlan = ReturnType<typeof sparkPlan>;
