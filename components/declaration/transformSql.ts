/**
 * What a product's transform SQL may be: exactly one read-only query over the relations the
 * platform gives it — `staging` and the `<domain>__<product>` views of its declared inputs — and
 * nothing else. Checked with DuckDB's own parser (`json_serialize_sql`, which serializes SELECT
 * statements only), never with a regex, by `mesh plan` and the Pulumi program before anything
 * deploys, and again by every runner before it executes the SQL.
 *
 * Deny by default:
 *
 * | construct                                   | verdict                                        |
 * |---------------------------------------------|------------------------------------------------|
 * | anything but one SELECT (DDL, DML, COPY, SET, ATTACH, INSTALL, PRAGMA, several statements) | refused |
 * | a relation: `staging` (unless `ingestion: false`), a declared input view, a CTE of the query | allowed |
 * | the catalog listed: `SHOW TABLES`, `SHOW ALL TABLES`, `SHOW DATABASES` (DESCRIBE/SUMMARIZE of a relation is the relation's rule) | refused |
 * | a kind of FROM-clause relation not in `TABLE_REF_TYPES` (`sqlAllowlist.ts`) | refused |
 * | any other relation, a qualified one (`warehouse.x.y`, `temp.main.x`), a file path (`'/etc/passwd'`) | refused |
 * | table functions (`read_parquet`, `read_text`, `glob`, `query`, `duckdb_settings`, …) | refused, but `range`, `generate_series`, `unnest` |
 * | scalar functions that read the session (`current_setting`, `getvariable`, `which_secret`, …) or the catalog (`current_query`, `pg_get_viewdef`, `nextval`, …), or are qualified | refused |
 *
 * The runner adds DuckDB's own sandbox beneath this check (see `runner/sandbox.ts`), so a gap in
 * one layer is not a way out.
 */
import { loadDuckdb } from "./loadDuckdb.js";
import { nearestName } from "./spelling.js";
import {
  isTableRef,
  readsCatalog,
  SAFE_TABLE_FUNCTIONS,
  SESSION_FUNCTIONS,
  TABLE_REF_TYPES,
} from "./sqlAllowlist.js";

/** One reason a transform's SQL is refused, with where in the SQL text (1-based) when known. */
export interface SqlProblem {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** The relation every transform reads its own staged records from. */
export const STAGING_VIEW = "staging";

/** First keywords of a query, as opposed to a command. */
const QUERY_KEYWORDS = new Set(["SELECT", "WITH", "FROM", "VALUES", "TABLE"]);

/** A statement's first keyword, for naming what a refused statement is. */
const firstKeyword = (sql: string) =>
  /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase();

let parser: Promise<import("@duckdb/node-api").DuckDBConnection> | undefined;

/**
 * A DuckDB connection used only to parse: in memory, no file system, configuration locked, so
 * that parsing untrusted text can touch nothing.
 */
export function parserConnection() {
  parser ??= (async () => {
    const { DuckDBInstance } = await loadDuckdb();
    const instance = await DuckDBInstance.create(":memory:", {
      enable_external_access: "false",
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      lock_configuration: "true",
    });
    return instance.connect();
  })();
  return parser;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** 1-based line and column of a character offset in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** An object of DuckDB's serialized parse tree. */
export type Node = Record<string, unknown>;
export const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every object in the parse tree, depth first. */
export function* walk(value: unknown): Generator<Node> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item);
  } else if (isNode(value)) {
    yield value;
    for (const child of Object.values(value)) yield* walk(child);
  }
}

/** Names the query defines for itself (`WITH name AS (…)`), anywhere in it. */
function cteNames(tree: unknown): Set<string> {
  const names = new Set<string>();
  for (const node of walk(tree)) {
    const map = (node.cte_map as { map?: unknown } | undefined)?.map;
    if (!Array.isArray(map)) continue;
    for (const entry of map)
      if (isNode(entry) && typeof entry.key === "string") names.add(entry.key.toLowerCase());
  }
  return names;
}

export interface TransformSqlOptions {
  /**
   * Whether the product has raw records to read as `staging` (default true). A product derived
   * only from other products (`ingestion: false`) has none: its SQL reads its inputs only.
   */
  readonly staging?: boolean;
  /**
   * What the SQL is, for messages, when not a transform: a quality check (`qualitySql.ts`) is held
   * to the same rules over other relations.
   */
  readonly role?: SqlRole;
}

/** How messages name the SQL, and what it may read. */
export interface SqlRole {
  /** `a quality check` */
  readonly noun: string;
  /** The sentence saying what it may read. */
  readonly reads: string;
  /** Its relations, as its author writes them. */
  readonly known: string;
}

/**
 * Why `sql` is not a transform over `inputs` (besides `staging`, unless `options.staging` is
 * false); empty when it is one. `inputs` are the view names of the product's declared inputs
 * (`orders__orders`).
 */
export function transformSqlProblems(
  sql: string,
  inputs: readonly string[],
  options: TransformSqlOptions = {},
): Promise<SqlProblem[]> {
  const staging = options.staging ?? true;
  // `mesh plan` validates the whole mesh once per stack: each product's SQL is parsed once.
  const key = JSON.stringify([sql, [...inputs].sort(), staging, options.role]);
  let found = checked.get(key);
  if (!found) {
    found = check(sql, inputs, staging, options.role);
    checked.set(key, found);
    found.catch(() => checked.delete(key)); // a failure to parse is not remembered as a verdict
  }
  return found;
}

const checked = new Map<string, Promise<SqlProblem[]>>();

async function check(
  sql: string,
  inputs: readonly string[],
  staging: boolean,
  role?: SqlRole,
): Promise<SqlProblem[]> {
  const noun = role?.noun ?? "a transform";
  const connection = await parserConnection();
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quote(sql)})`);
  const result = JSON.parse(String(reader.getRows()[0]![0])) as {
    error: boolean;
    error_type?: string;
    error_message?: string;
    position?: string;
    statements?: unknown[];
  };
  const at = (offset: unknown) =>
    typeof offset === "number" && offset >= 0 && offset <= sql.length ? positionOf(sql, offset) : {};
  if (result.error) {
    if (result.error_type === "parser") {
      return [{ message: `does not parse: ${result.error_message}`, ...at(Number(result.position)) }];
    }
    const keyword = firstKeyword(sql);
    const count = await statementCount(sql);
    if (count > 1 && keyword && QUERY_KEYWORDS.has(keyword)) {
      return [{ message: `has ${count} statements; ${noun} is exactly one SELECT` }];
    }
    return [
      {
        message: `is not a SELECT but ${keyword ?? "another statement"}; ${noun} is exactly one SELECT${role ? "" : ", whose result the platform loads"}`,
      },
    ];
  }
  const statements = result.statements ?? [];
  if (statements.length !== 1) {
    return [{ message: `has ${statements.length} statements; ${noun} is exactly one SELECT` }];
  }
  const ctes = cteNames(statements);
  const readable = staging ? [STAGING_VIEW, ...inputs] : [...inputs];
  const allowed = new Set([...readable.map((i) => i.toLowerCase()), ...ctes]);
  const known = role?.known ?? (readable.join(", ") || "none");
  const reads =
    role?.reads ?? "a transform reads only its staging and the products its domain declares in consumes";
  const problems: SqlProblem[] = [];
  for (const node of walk(statements)) {
    if (node.type === "BASE_TABLE") {
      const name = [node.catalog_name, node.schema_name, node.table_name].filter(Boolean).join(".");
      const unqualified = !node.catalog_name && !node.schema_name;
      const table = String(node.table_name).toLowerCase();
      if (unqualified && !staging && !role && table === STAGING_VIEW && !ctes.has(table)) {
        problems.push({
          message: `reads "${name}", but the product ingests no raw records (ingestion: false): it has no staging; a derived product reads only the products its domain declares in consumes (${known})`,
          ...at(node.query_location),
        });
      } else if (!unqualified || !allowed.has(table)) {
        // A misspelt view (`stagin`) is the commonest cause: name the view it was probably meant to be.
        const meant = unqualified ? nearestName(table, [...readable, ...ctes]) : undefined;
        problems.push({
          message: `reads "${name}", which is not one of its inputs (${known})${meant ? `: did you mean ${meant}? ` : "; "}${meant ? reads[0]!.toUpperCase() + reads.slice(1) : reads}`,
          ...at(node.query_location),
        });
      }
    } else if (node.type === "SHOW_REF" && !isNode(node.query)) {
      // `SHOW TABLES` and the like list the catalog: every attached database's tables and columns.
      problems.push({
        message: `lists the catalog (SHOW TABLES, SHOW DATABASES, …): ${noun} reads only its inputs (${known}), not the catalog`,
      });
    } else if (isTableRef(node) && !TABLE_REF_TYPES.has(String(node.type))) {
      problems.push({
        message: `reads a relation of kind ${String(node.type)}, which the platform does not know to be safe: ${noun} reads only its inputs (${known})`,
        ...at(node.query_location),
      });
    } else if (node.type === "TABLE_FUNCTION") {
      const fn = isNode(node.function) ? node.function : {};
      const name = String(fn.function_name ?? "").toLowerCase();
      if (!SAFE_TABLE_FUNCTIONS.has(name) || fn.schema || fn.catalog) {
        problems.push({
          message: `calls the table function ${name}(): ${noun} reads only its inputs (${known}), not files, the catalog or other queries`,
          ...at(node.query_location),
        });
      }
    } else if (node.class === "FUNCTION" && typeof node.function_name === "string") {
      const name = node.function_name.toLowerCase();
      // DuckDB's parser writes list and struct literals (`[1, 2]`, `{'a': 1}`) as calls of
      // main.list_value and main.struct_pack. `main.` alone names the schema an unqualified name
      // resolves in anyway, so it reaches nothing more; another schema or any catalog would.
      const schema = typeof node.schema === "string" ? node.schema.toLowerCase() : node.schema;
      if ((schema && schema !== "main") || node.catalog) {
        problems.push({
          message: `calls ${[node.catalog, node.schema, name].filter(Boolean).join(".")}(): qualified function names are not allowed`,
          ...at(node.query_location),
        });
      } else if (SESSION_FUNCTIONS.has(name)) {
        problems.push({
          message: `calls ${name}(), which reads the session's configuration; ${noun} computes from its inputs only`,
          ...at(node.query_location),
        });
      } else if (readsCatalog(name)) {
        problems.push({
          message: `calls ${name}(), which reads the database's catalog or state; ${noun} computes from its inputs only`,
          ...at(node.query_location),
        });
      }
    }
  }
  return problems;
}

async function statementCount(sql: string): Promise<number> {
  try {
    return (await (await parserConnection()).extractStatements(sql)).count;
  } catch {
    return 1;
  }
}

/** `problems` as one line each, prefixed with where the SQL lives. */
export function formatSqlProblems(where: string, problems: readonly SqlProblem[]): string {
  return problems
    .map((p) => `${where}${p.line ? `:${p.line}:${p.column}` : ""}: the transform SQL ${p.message}`)
    .join("\n");
}

/**
 * The relations `sql` reads by name (lower-cased, CTEs of the query left out), from the same
 * parse tree the check walks; undefined when it is not one parseable SELECT. The catalog draws
 * lineage from these: a product is built from the inputs its SQL names, not from everything its
 * domain consumes.
 */
export async function relationsRead(sql: string): Promise<Set<string> | undefined> {
  const statement = await parsedSelect(sql);
  if (!statement) return undefined;
  const ctes = cteNames(statement);
  const names = new Set<string>();
  for (const node of walk(statement)) {
    if (node.type !== "BASE_TABLE" || node.catalog_name || node.schema_name) continue;
    const table = String(node.table_name).toLowerCase();
    if (!ctes.has(table)) names.add(table);
  }
  return names;
}

/**
 * The parse tree of `sql` when it is one SELECT (`{ node: … }`), else undefined: for reading a
 * transform that {@link transformSqlProblems} accepted.
 */
export async function parsedSelect(sql: string): Promise<Node | undefined> {
  const connection = await parserConnection();
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quote(sql)})`);
  const result = JSON.parse(String(reader.getRows()[0]![0])) as { error: boolean; statements?: unknown[] };
  if (result.error || result.statements?.length !== 1 || !isNode(result.statements[0])) return undefined;
  return result.statements[0];
}

/** One entry of a query's outermost select list, as the plan-time binder places its columns. */
export interface OutputExpression {
  /** The column it names (its alias, or the column it reads); undefined for `*` and unnamed expressions. */
  readonly name?: string;
  /** `*` (or `t.*`, `COLUMNS(…)`): stands for columns not written out. */
  readonly star: boolean;
  /** A NULL literal, or a cast of one: NULL in every row. */
  readonly nullLiteral: boolean;
  /** Where the expression starts in the SQL text (0-based), when DuckDB says. */
  readonly offset?: number;
}

/**
 * The outermost select list of `sql` (of the first branch of a UNION: it names the columns), from
 * the same parse tree the check walks; undefined when it is not one parseable SELECT.
 */
export async function outputExpressions(sql: string): Promise<OutputExpression[] | undefined> {
  const connection = await parserConnection();
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quote(sql)})`);
  const result = JSON.parse(String(reader.getRows()[0]![0])) as { error: boolean; statements?: Node[] };
  if (result.error || result.statements?.length !== 1) return undefined;
  let node: unknown = result.statements[0]!.node;
  while (isNode(node) && node.type === "SET_OPERATION_NODE") node = node.left;
  if (!isNode(node) || !Array.isArray(node.select_list)) return undefined;
  const isNull = (e: Node): boolean =>
    (e.class === "CONSTANT" && isNode(e.value) && e.value.is_null === true) ||
    (e.class === "CAST" && isNode(e.child) && isNull(e.child));
  return node.select_list.filter(isNode).map((e) => {
    const columnNames = e.class === "COLUMN_REF" && Array.isArray(e.column_names) ? e.column_names : [];
    const name = typeof e.alias === "string" && e.alias !== "" ? e.alias : columnNames.at(-1);
    const offsets = [...walk(e)]
      .map((n) => n.query_location)
      .filter((o) => typeof o === "number" && o >= 0 && o <= sql.length);
    return {
      ...(typeof name === "string" ? { name } : {}),
      star: e.class === "STAR",
      nullLiteral: isNull(e),
      ...(offsets.length > 0 ? { offset: Math.min(...(offsets as number[])) } : {}),
    };
  });
}
