/**
 * Where `mesh transform` finds the warehouse tables it reads and writes, attached to DuckDB as the
 * catalog `warehouse`:
 *
 * - `glue:<account-id>`: the account's Glue Data Catalog through its Iceberg REST endpoint (the
 *   `iceberg` extension); each table is the Iceberg table the platform created with the product.
 * - `http(s)://…`: any Iceberg REST catalog (Apache Polaris, Project Nessie, Lakekeeper, Apache
 *   Iceberg's REST server…), with the catalog's `warehouse` name where it needs one, and OAuth2
 *   client credentials from the environment (`MESH_CATALOG_CLIENT_ID`/`_SECRET`, from the domain's
 *   Kubernetes Secret) or none. The product's own tables are created by its first run.
 * - a path ending in `.duckdb`: a DuckDB database file, e.g. the one `mesh run` fills.
 *
 * Only the ATTACH differs: reads, the contract check and the load are the same SQL on all three.
 * The object store the files live in is AWS S3 in the pod's region, or an S3-compatible endpoint
 * (`--s3-endpoint`, path-style requests); credentials always come from the chain (IRSA's web
 * identity in the pod, or `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`), never from a flag.
 */
import { CATALOG_CREDENTIALS_ENV } from "../components/compute/catalogCredentials.js";
import { literal } from "./sql.js";

export type WarehouseCatalog =
  | { readonly kind: "glue"; readonly accountId: string }
  | { readonly kind: "rest"; readonly uri: string; readonly warehouse?: string }
  | { readonly kind: "duckdb"; readonly path: string };

/** Where S3 requests go: AWS in `region`, or an S3-compatible `endpoint` (`http(s)://host:port`). */
export interface ObjectStore {
  readonly region?: string;
  readonly endpoint?: string;
}

/** The catalog's name inside the DuckDB session. */
export const CATALOG = "warehouse";

export { CATALOG_CREDENTIALS_ENV } from "../components/compute/catalogCredentials.js";

const URL_PATTERN = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/** Parses `--catalog` (and `--catalog-warehouse` for REST); a string is what is wrong with it. */
export function parseCatalog(value: string, warehouse?: string): WarehouseCatalog | string {
  if (warehouse !== undefined && !URL_PATTERN.test(value)) {
    return `"${value}": --catalog-warehouse goes with an Iceberg REST catalog (http(s)://…) only`;
  }
  const glue = /^glue:(.*)$/.exec(value);
  if (glue) {
    return /^\d{12}$/.test(glue[1]!)
      ? { kind: "glue", accountId: glue[1]! }
      : `"${value}": a Glue catalog is glue:<12-digit account id>`;
  }
  if (URL_PATTERN.test(value)) {
    return { kind: "rest", uri: value.replace(/\/+$/, ""), ...(warehouse ? { warehouse } : {}) };
  }
  if (value.endsWith(".duckdb")) return { kind: "duckdb", path: value };
  return `"${value}": expected glue:<account id>, an Iceberg REST catalog URL (http(s)://…) or a DuckDB database file (*.duckdb)`;
}

/** Parses `--s3-endpoint`; a string is what is wrong with it. */
export function parseEndpoint(value: string): string | { endpoint: string } {
  return /^https?:\/\/[^\s/?#]+\/?$/.test(value)
    ? { endpoint: value.replace(/\/$/, "") }
    : `"${value}": expected an S3 endpoint URL without a path, e.g. http://127.0.0.1:9000`;
}

/** A `database.table` name, as `--table` and `--read` give it. */
export function parseTableName(value: string): { database: string; table: string } | undefined {
  const match = /^([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/.exec(value);
  return match ? { database: match[1]!, table: match[2]! } : undefined;
}

/**
 * The statements that attach the catalog. Glue and REST need `httpfs`, `aws` and `iceberg`, and
 * an S3 secret for the store the table files live in.
 */
export function attachStatements(
  catalog: WarehouseCatalog,
  store: ObjectStore,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (catalog.kind === "duckdb") return [`ATTACH ${literal(catalog.path)} AS ${CATALOG}`];
  if (catalog.kind === "glue") {
    return [
      ...s3Statements(store),
      "LOAD iceberg",
      `ATTACH ${literal(catalog.accountId)} AS ${CATALOG} (TYPE iceberg, ENDPOINT_TYPE 'glue')`,
    ];
  }
  const clientId = env[CATALOG_CREDENTIALS_ENV.clientId];
  const clientSecret = env[CATALOG_CREDENTIALS_ENV.clientSecret];
  const oauth = clientId && clientSecret;
  return [
    ...s3Statements(store),
    "LOAD iceberg",
    ...(oauth
      ? [
          `CREATE OR REPLACE SECRET mesh_catalog (TYPE iceberg, CLIENT_ID ${literal(clientId)}, CLIENT_SECRET ${literal(clientSecret)}, OAUTH2_SERVER_URI ${literal(`${catalog.uri}/v1/oauth/tokens`)})`,
        ]
      : []),
    `ATTACH ${literal(catalog.warehouse ?? "")} AS ${CATALOG} (TYPE iceberg, ENDPOINT ${literal(catalog.uri)}, ${oauth ? "SECRET mesh_catalog" : "AUTHORIZATION_TYPE 'none'"})`,
  ];
}

/** The largest file one S3 upload may write: with 10,000 parts, each part (held in memory) is 8 MB. */
export const S3_MAX_FILE_SIZE = "80GB";

/** DuckDB's S3 access: httpfs and aws, with credentials from the chain, for AWS or an endpoint. */
export function s3Statements(store: ObjectStore): string[] {
  const options = ["TYPE s3", "PROVIDER credential_chain"];
  if (store.region) options.push(`REGION ${literal(store.region)}`);
  if (store.endpoint) {
    const url = new URL(store.endpoint);
    options.push(
      `ENDPOINT ${literal(url.host)}`,
      "URL_STYLE 'path'",
      `USE_SSL ${url.protocol === "https:" ? "true" : "false"}`,
    );
  }
  return [
    "LOAD httpfs",
    "LOAD aws",
    `CREATE OR REPLACE SECRET mesh_s3 (${options.join(", ")})`,
    // A multipart upload buffers one part in memory, and DuckDB sizes parts as the largest file
    // over the most parts (800GB / 10,000: 80 MB each) — more than a 512Mi pod's session limit.
    // 8 MB parts (S3's minimum is 5 MiB) cap one file at 80 GB, far above what one pod writes.
    `SET GLOBAL s3_uploader_max_filesize = '${S3_MAX_FILE_SIZE}'`,
  ];
}
