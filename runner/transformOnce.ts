/**
 * The production transform (`mesh transform`, what the TransformJob's container runs): the same
 * SQL and output contract as `mesh run`, over the staging bucket and the tables of the consumed
 * products, replacing the product's warehouse table in one transaction only when the contract
 * holds. In production the tables are Iceberg tables in Glue (one new snapshot per run) and staging
 * is `s3://…` (DuckDB's httpfs, credentials from IRSA); a DuckDB file and a folder work the same.
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { z } from "zod";
import { type Contract, nonPiiFields } from "../components/contract/contract.js";
import { FieldSchema, QualitySchema } from "../components/declaration/schema.js";
import { attachStatements, CATALOG, s3Statements, type WarehouseCatalog } from "./catalog.js";
import { enforceContract, type RuleFailure } from "./enforce.js";
import { PipelineError } from "./pipeline.js";
import { emptyStagingSql } from "./recordSql.js";
import { duckdbSettings } from "./session.js";
import { ident, literal } from "./sql.js";

/** The parts of a contract file the transform needs; the platform writes the whole contract. */
export const ContractFileSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    schema: z.record(z.string(), FieldSchema),
    quality: QualitySchema.default({}),
  })
  .loose();

export interface TableName {
  readonly database: string;
  readonly table: string;
}

export interface TransformOptions {
  readonly contract: Contract;
  readonly sql: string;
  /** Folder or `s3://bucket/prefix/` of the staged Parquet batches. */
  readonly staging: string;
  readonly catalog: WarehouseCatalog;
  /** The product's table in the catalog. */
  readonly table: TableName;
  /** Its PII-free projection (products with PII fields), written after it with the non-PII columns. */
  readonly redactedTable?: TableName;
  /** View name → table of each consumed product, in the same catalog. */
  readonly reads: readonly { readonly view: string; readonly table: TableName }[];
  /** AWS region of the bucket and the catalog (the pod's `AWS_REGION`). */
  readonly region?: string;
}

const isRemote = (location: string) => location.startsWith("s3://");
const qualified = (t: TableName) => `${CATALOG}.${ident(t.database)}.${ident(t.table)}`;
const firstLine = (e: unknown) => (e as Error).message.split("\n")[0];

async function open(options: TransformOptions): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(":memory:", duckdbSettings("/tmp/mesh-duckdb"));
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const attach = attachStatements(options.catalog, options.region);
    const statements =
      isRemote(options.staging) && options.catalog.kind !== "glue"
        ? [...s3Statements(options.region), ...attach]
        : attach;
    for (const statement of statements) await connection.run(statement);
  } catch (e) {
    close();
    throw new PipelineError(`cannot open the warehouse catalog: ${firstLine(e)}`);
  }
  return { connection, close };
}

async function tableExists(connection: DuckDBConnection, t: TableName): Promise<boolean> {
  try {
    await connection.run(`SELECT * FROM ${qualified(t)} LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}

async function createInputViews(connection: DuckDBConnection, options: TransformOptions): Promise<void> {
  const pattern = `${options.staging.replace(/\/?$/, "/")}**/*.parquet`;
  const files = Number(
    (await connection.runAndReadAll(`SELECT count(*) FROM glob(${literal(pattern)})`)).getRows()[0]![0],
  );
  await connection.run(
    files > 0
      ? `CREATE TEMP VIEW staging AS SELECT * FROM read_parquet(${literal(pattern)}, hive_partitioning = true)`
      : `CREATE TEMP VIEW staging AS ${emptyStagingSql(options.contract)}`,
  );
  for (const read of options.reads) {
    if (!(await tableExists(connection, read.table))) {
      throw new PipelineError(
        `--read ${read.view}=${read.table.database}.${read.table.table}: no such table in the warehouse catalog, or no permission to read it`,
      );
    }
    await connection.run(`CREATE TEMP VIEW ${ident(read.view)} AS SELECT * FROM ${qualified(read.table)}`);
  }
}

/**
 * Replaces the table's rows with the candidate's in one transaction: on Iceberg one commit, so
 * readers see the previous snapshot or the new one, never a mix; on failure nothing changes.
 */
async function replaceRows(
  connection: DuckDBConnection,
  target: string,
  candidate: string,
  columns: string,
): Promise<void> {
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(`DELETE FROM ${target}`);
    await connection.run(`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${candidate}`);
    await connection.run("COMMIT");
  } catch (e) {
    await connection.run("ROLLBACK");
    throw new PipelineError(`cannot write ${target}: ${firstLine(e)}`);
  }
}

/** Runs the transform; resolves to the broken rules (empty when the table was replaced) and the row count. */
export async function transformOnce(
  options: TransformOptions,
): Promise<{ failures: RuleFailure[]; rows: number }> {
  const { connection, close } = await open(options);
  try {
    const targets = [
      { flag: "--table", table: options.table, columns: Object.keys(options.contract.schema) },
      ...(options.redactedTable
        ? [
            {
              flag: "--redacted-table",
              table: options.redactedTable,
              columns: nonPiiFields(options.contract),
            },
          ]
        : []),
    ];
    for (const { flag, table } of targets) {
      if (!(await tableExists(connection, table))) {
        throw new PipelineError(
          `${flag} ${table.database}.${table.table}: no such table in the warehouse catalog (the platform creates it with the product: deploy the stack first)`,
        );
      }
    }
    await createInputViews(connection, options);
    try {
      await connection.run(`CREATE TEMP TABLE candidate AS ${options.sql}`);
    } catch (e) {
      throw new PipelineError(`the transform failed: ${firstLine(e)}`);
    }
    const result = await enforceContract(connection, "candidate", options.contract);
    if (result.failures.length > 0) return result;
    // One commit per table: the table first, then its projection, which a failed run leaves at
    // the previous run's rows until the retry.
    for (const { table, columns } of targets) {
      await replaceRows(connection, qualified(table), "candidate", columns.map(ident).join(", "));
    }
    return result;
  } finally {
    close();
  }
}
