/**
 * What a transform's SQL may call and read beyond its own relations, as lists the SQL gate
 * (`transformSql.ts`) checks DuckDB's parse tree against: the table functions that touch nothing
 * outside the query, the kinds of FROM-clause relation it knows, and the functions that read the
 * session or the catalog. Deny by default: what is not listed as safe is refused.
 */

/** Table functions that generate values and touch nothing outside the query. */
export const SAFE_TABLE_FUNCTIONS = new Set(["range", "generate_series", "unnest"]);

/**
 * The kinds of FROM-clause relation a transform may use, as DuckDB's parse tree names them: each
 * either reads nothing outside the query or is judged by its own rule in `transformSql.ts` (a base table, a table
 * function, a SHOW of a query). A kind not listed here (a new one in a later DuckDB) is refused.
 */
export const TABLE_REF_TYPES = new Set([
  "BASE_TABLE",
  "SUBQUERY",
  "JOIN",
  "TABLE_FUNCTION",
  "EXPRESSION_LIST",
  "EMPTY",
  "PIVOT",
  "SHOW_REF",
]);

/** A FROM-clause relation of the parse tree (query nodes are `…_NODE`; expressions have a `class`). */
export const isTableRef = (node: Readonly<Record<string, unknown>>) =>
  "sample" in node && !("class" in node) && typeof node.type === "string" && !node.type.endsWith("_NODE");

/** Scalar functions that read the session's configuration, variables or secrets. */
export const SESSION_FUNCTIONS = new Set([
  "current_setting",
  "getvariable",
  "which_secret",
  "getenv",
  "current_database",
  "current_catalog",
  "current_schema",
  "current_schemas",
  "txid_current",
]);

/**
 * Scalar functions and macros that read the catalog or the database's state: the query being run,
 * the connection's user, the definitions of views and constraints (the platform's own views and
 * the paths in them), comments, privileges, sequences. (`has_…_privilege` and `pg_…_is_visible`
 * are matched by {@link readsCatalog}.) The SQL keywords DuckDB also binds without parentheses
 * (`current_user`, `current_schema`, …) parse as column names, which a domain's columns may be;
 * they give only the embedded database's fixed names (`duckdb`, `main`).
 */
const CATALOG_FUNCTIONS = new Set([
  "current_query",
  "current_query_id",
  "current_connection_id",
  "current_transaction_id",
  "current_role",
  "current_user",
  "session_user",
  "user",
  "col_description",
  "obj_description",
  "shobj_description",
  "pg_get_viewdef",
  "pg_get_constraintdef",
  "pg_get_expr",
  "pg_has_role",
  "pg_my_temp_schema",
  "pg_is_other_temp_schema",
  "pg_conf_load_time",
  "pg_postmaster_start_time",
  "nextval",
  "currval",
]);

export const readsCatalog = (name: string) =>
  CATALOG_FUNCTIONS.has(name) || /^has_\w+_privilege$/.test(name) || /^pg_\w+_is_visible$/.test(name);
