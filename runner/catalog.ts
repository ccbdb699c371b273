/**
 * Where `mesh transform` finds the warehouse tables it reads and writes, attached to DuckDB as the
 * catalog `warehouse`:
 *
 * - `glue:<account-id>`: the account's Glue Data Catalog through its Iceberg REST endpoint (the
 *   `iceberg` extension); each table is the Iceberg table the platform created with the product.
 * - a path ending in `.duckdb`: a DuckDB database file, e.g. the one `mesh run` fills.
 *
 * Only the ATTACH differs: reads, the contract check and the load are the same SQL on both.
 */
import { literal } from "./sql.js";

export type WarehouseCatalog =
  | { readonly kind: "glue"; readonly accountId: string }
  | { readonly kind: "duckdb"; readonly path: string };

/** The catalog's name inside the DuckDB session. */
export const CATALOG = "warehouse";

/** Parses `--catalog`; a string is what is wrong with it. */
export function parseCatalog(value: string): WarehouseCatalog | string {
  const glue = /^glue:(.*)$/.exec(value);
  if (glue) {
    return /^\d{12}$/.test(glue[1]!)
      ? { kind: "glue", accountId: glue[1]! }
      : `"${value}": a Glue catalog is glue:<12-digit account id>`;
  }
  if (value.endsWith(".duckdb")) return { kind: "duckdb", path: value };
  return `"${value}": expected glue:<account id> or a DuckDB database file (*.duckdb)`;
}

/** A `database.table` name, as `--table` and `--read` give it. */
export function parseTableName(value: string): { database: string; table: string } | undefined {
  const match = /^([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/.exec(value);
  return match ? { database: match[1]!, table: match[2]! } : undefined;
}

/**
 * The statements that attach the catalog. Glue needs `httpfs`, `aws` and `iceberg`, and an S3
 * secret from the credential chain (IRSA's web identity in the pod; no static keys) in `region`.
 */
export function attachStatements(catalog: WarehouseCatalog, region: string | undefined): string[] {
  if (catalog.kind === "duckdb") return [`ATTACH ${literal(catalog.path)} AS ${CATALOG}`];
  return [
    ...s3Statements(region),
    "LOAD iceberg",
    `ATTACH ${literal(catalog.accountId)} AS ${CATALOG} (TYPE iceberg, ENDPOINT_TYPE 'glue')`,
  ];
}

/** DuckDB's S3 access: httpfs and aws, with credentials from the chain and the given region. */
export function s3Statements(region: string | undefined): string[] {
  return [
    "LOAD httpfs",
    "LOAD aws",
    `CREATE OR REPLACE SECRET mesh_s3 (TYPE s3, PROVIDER credential_chain${region ? `, REGION ${literal(region)}` : ""})`,
  ];
}
