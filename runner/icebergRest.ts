/**
 * What DuckDB's `iceberg` extension cannot do to an Iceberg REST catalog's table through SQL, done
 * through the catalog's REST protocol instead:
 *
 * - **create** the product's table at the location the platform grants the product's role (its
 *   prefix of the warehouse bucket): DuckDB's `CREATE TABLE` lets the catalog choose the location;
 * - **add columns** a compatible contract change brings (1.4: `ALTER TABLE … ADD COLUMN` is "Not
 *   implemented"): one commit (`add-schema`, `set-current-schema`) guarded by
 *   `assert-current-schema-id`, so a concurrent schema change makes it fail instead of losing one.
 */
import type { Field } from "../components/declaration/schema.js";
import { icebergType } from "../components/declaration/types.js";
import { CATALOG_CREDENTIALS_ENV, type WarehouseCatalog } from "./catalog.js";
import { PipelineError } from "./errors.js";
import type { TableName } from "./load.js";

type RestCatalog = Extract<WarehouseCatalog, { kind: "rest" }>;

interface IcebergField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: unknown;
  readonly doc?: string;
}
interface IcebergSchema {
  readonly "schema-id": number;
  readonly type: "struct";
  readonly fields: readonly IcebergField[];
  readonly "identifier-field-ids"?: readonly number[];
}

/** A REST call's JSON answer; a status in `tolerated` (e.g. 409 "already exists") is not an error. */
async function call(
  url: string,
  init: RequestInit,
  what: string,
  tolerated: readonly number[] = [],
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    throw new PipelineError(`${what}: the Iceberg REST catalog did not answer: ${(e as Error).message}`);
  }
  const body = await response.text();
  if (tolerated.includes(response.status)) return {};
  if (!response.ok) {
    let message = body.slice(0, 300);
    try {
      message = (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? message;
    } catch {}
    throw new PipelineError(`${what}: the Iceberg REST catalog answered ${response.status}: ${message}`);
  }
  return body === "" ? {} : JSON.parse(body);
}

/** The headers of every request: a bearer token from the client credentials, where there are some. */
async function headers(catalog: RestCatalog, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const clientId = env[CATALOG_CREDENTIALS_ENV.clientId];
  const clientSecret = env[CATALOG_CREDENTIALS_ENV.clientSecret];
  const base = { "content-type": "application/json" };
  if (!clientId || !clientSecret) return base;
  const token = (await call(
    `${catalog.uri}/v1/oauth/tokens`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
        scope: "catalog",
      }),
    },
    "signing in to the catalog",
  )) as { access_token?: string };
  if (!token.access_token)
    throw new PipelineError("signing in to the catalog: no access_token in its answer");
  return { ...base, authorization: `Bearer ${token.access_token}` };
}

/** The catalog's path prefix for its warehouse (`GET /v1/config`'s `prefix` override), with a slash. */
async function prefix(catalog: RestCatalog, auth: Record<string, string>): Promise<string> {
  const query = catalog.warehouse ? `?warehouse=${encodeURIComponent(catalog.warehouse)}` : "";
  const config = (await call(
    `${catalog.uri}/v1/config${query}`,
    { headers: auth },
    "reading the catalog's configuration",
  )) as {
    overrides?: { prefix?: string };
    defaults?: { prefix?: string };
  };
  const p = config.overrides?.prefix ?? config.defaults?.prefix;
  return p ? `${encodeURIComponent(p)}/` : "";
}

/** The table's REST path, `…/v1/{prefix}namespaces/{ns}/tables/{table}`, and the request headers. */
async function tablePath(catalog: RestCatalog, table: TableName, env: NodeJS.ProcessEnv) {
  const auth = await headers(catalog, env);
  const namespaces = `${catalog.uri}/v1/${await prefix(catalog, auth)}namespaces`;
  return {
    auth,
    namespaces,
    url: `${namespaces}/${encodeURIComponent(table.database)}/tables/${encodeURIComponent(table.table)}`,
  };
}

/**
 * Creates the table (and its namespace) with the contract's columns, all optional (the contract
 * check enforces `required`), as Iceberg format 2, at `location`. A table that exists is left
 * alone: two runs racing to create it both go on.
 */
export async function createIcebergTable(
  catalog: RestCatalog,
  table: TableName,
  columns: Readonly<Record<string, Field>>,
  location: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const what = `creating ${table.database}.${table.table}`;
  const { auth, namespaces } = await tablePath(catalog, table, env);
  await call(
    namespaces,
    { method: "POST", headers: auth, body: JSON.stringify({ namespace: [table.database] }) },
    what,
    [409],
  );
  // One counter numbers the columns and, after each, the list elements and struct fields inside it.
  let lastId = 0;
  const fields: IcebergField[] = Object.entries(columns).map(([name, field]) => ({
    id: ++lastId,
    name,
    required: false,
    type: icebergType(field.type, () => ++lastId),
    ...(field.description ? { doc: field.description } : {}),
  }));
  await call(
    `${namespaces}/${encodeURIComponent(table.database)}/tables`,
    {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        name: table.table,
        location,
        schema: { type: "struct", "schema-id": 0, fields },
        properties: { "format-version": "2" },
      }),
    },
    what,
    [409],
  );
}

/**
 * Adds `columns` (absent from the table) as optional fields, in one guarded commit. Rows written
 * before read them as NULL, which is what a compatible change promises consumers.
 */
export async function addIcebergColumns(
  catalog: RestCatalog,
  table: TableName,
  columns: readonly (readonly [string, Field])[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (columns.length === 0) return;
  const what = `adding ${columns.map(([n]) => n).join(", ")} to ${table.database}.${table.table}`;
  const { auth, url } = await tablePath(catalog, table, env);
  const loaded = (await call(url, { headers: auth }, what)) as {
    metadata: { "current-schema-id": number; schemas: IcebergSchema[]; "last-column-id": number };
  };
  const metadata = loaded.metadata;
  const current = metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"]);
  if (!current) throw new PipelineError(`${what}: the table's metadata has no current schema`);
  let lastId = metadata["last-column-id"];
  const added: IcebergField[] = columns.map(([name, field]) => ({
    id: ++lastId,
    name,
    required: false,
    type: icebergType(field.type, () => ++lastId),
    ...(field.description ? { doc: field.description } : {}),
  }));
  const schemaId = Math.max(...metadata.schemas.map((s) => s["schema-id"])) + 1;
  await call(
    url,
    {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        requirements: [{ type: "assert-current-schema-id", "current-schema-id": current["schema-id"] }],
        updates: [
          {
            action: "add-schema",
            schema: { ...current, "schema-id": schemaId, fields: [...current.fields, ...added] },
            "last-column-id": lastId,
          },
          { action: "set-current-schema", "schema-id": -1 },
        ],
      }),
    },
    what,
  );
}
