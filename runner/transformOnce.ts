/**
 * The production transform (`mesh transform`, what the TransformJob's container runs): the same
 * SQL and output contract as `mesh run`, over the staging bucket and the consumed tables' files,
 * replacing the table's `data.parquet` at its warehouse location only when the contract holds.
 * Locations are `s3://…` in production (DuckDB's httpfs, credentials from IRSA) or local folders.
 */
import { renameSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { z } from "zod";
import type { Contract } from "../components/contract/contract.js";
import { FieldSchema, QualitySchema } from "../components/declaration/schema.js";
import { enforceContract, type RuleFailure } from "./enforce.js";
import { emptyStagingSql } from "./recordSql.js";
import { MEMORY_LIMIT } from "./session.js";
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

export interface TransformOptions {
  readonly contract: Contract;
  readonly sql: string;
  /** Folder or `s3://bucket/prefix/` of the staged Parquet batches. */
  readonly staging: string;
  /** Folder or `s3://bucket/prefix/` of the product's table. */
  readonly warehouse: string;
  /** View name → table location of each consumed product. */
  readonly reads: readonly { readonly view: string; readonly location: string }[];
}

const isRemote = (location: string) => location.startsWith("s3://");
const under = (location: string, path: string) =>
  isRemote(location) ? `${location.replace(/\/?$/, "/")}${path}` : join(location, path);

async function openRemoteCapable(
  options: TransformOptions,
): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: MEMORY_LIMIT,
    temp_directory: "/tmp/mesh-duckdb",
  });
  const connection = await instance.connect();
  if ([options.staging, options.warehouse, ...options.reads.map((r) => r.location)].some(isRemote)) {
    // IRSA puts web-identity credentials in the environment; the credential chain picks them up.
    await connection.run("LOAD httpfs");
    await connection.run("LOAD aws");
    await connection.run("CREATE SECRET mesh_s3 (TYPE s3, PROVIDER credential_chain)");
  }
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  return { connection, close };
}

/** Runs the transform; resolves to the broken rules (empty when the table was replaced) and the row count. */
export async function transformOnce(
  options: TransformOptions,
): Promise<{ failures: RuleFailure[]; rows: number }> {
  const { connection, close } = await openRemoteCapable(options);
  try {
    const pattern = under(options.staging, "**/*.parquet");
    const files = Number(
      (await connection.runAndReadAll(`SELECT count(*) FROM glob(${literal(pattern)})`)).getRows()[0]![0],
    );
    await connection.run(
      files > 0
        ? `CREATE VIEW staging AS SELECT * FROM read_parquet(${literal(pattern)}, hive_partitioning = true)`
        : `CREATE VIEW staging AS ${emptyStagingSql(options.contract)}`,
    );
    for (const read of options.reads) {
      await connection.run(
        `CREATE VIEW ${ident(read.view)} AS SELECT * FROM read_parquet(${literal(under(read.location, "data.parquet"))})`,
      );
    }
    await connection.run(`CREATE TABLE candidate AS ${options.sql}`);
    const result = await enforceContract(connection, "candidate", options.contract);
    if (result.failures.length > 0) return result;
    const columns = Object.keys(options.contract.schema).map(ident).join(", ");
    const target = under(options.warehouse, "data.parquet");
    if (isRemote(target)) {
      // One S3 object is replaced whole: readers see the old table or the new one, never a mix.
      await connection.run(`COPY (SELECT ${columns} FROM candidate) TO ${literal(target)} (FORMAT parquet)`);
    } else {
      await connection.run(
        `COPY (SELECT ${columns} FROM candidate) TO ${literal(`${target}.tmp`)} (FORMAT parquet)`,
      );
      renameSync(`${target}.tmp`, target);
    }
    return result;
  } finally {
    close();
  }
}
