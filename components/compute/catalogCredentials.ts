/**
 * The environment variables through which the runner gets an Iceberg REST catalog's OAuth2 client
 * credentials (from the domain's Kubernetes Secret; never in the arguments, which the pod spec and
 * `kubectl describe` show). Shared by the pod spec and the runner (runner/catalog.ts).
 */
export const CATALOG_CREDENTIALS_ENV = {
  clientId: "MESH_CATALOG_CLIENT_ID",
  clientSecret: "MESH_CATALOG_CLIENT_SECRET",
} as const;
