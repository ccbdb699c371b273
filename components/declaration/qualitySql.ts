/**
 * The SQL of a product's quality checks (`quality.sql`, ODCS `type: sql`): tenant-written, so held
 * to the transform's rules (`transformSql.ts`) over one relation only, `{object}`: the product's
 * own new table. Not another product, not `staging`, not the run history, not a file. Checked by
 * `mesh plan` and the Pulumi program (with the transform SQL, `meshSql.ts`), and again by the
 * runner before it runs a check in its sandbox (`runner/sqlChecks.ts`).
 *
 * `{object}` is not SQL: it stands for the quoted name `"object"`, which has its length, so DuckDB's
 * positions in the one are positions in the other. Every relation the query reads must be written
 * `{object}` — a query naming `object` itself, or a CTE of that name, is refused — so the table
 * a check reads is always the one the platform means.
 *
 * The query is then bound (prepared, never executed) against an empty table typed from the
 * product's own contract: a column that does not exist fails `mesh plan` at its line and column.
 * Its result must be one numeric column; that it is one row can only be known when it runs.
 */

import { resolve } from "node:path";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import type { Mesh } from "./mesh.js";
import { OBJECT_PLACEHOLDER, type SqlCheck } from "./qualitySchema.js";
import { bindQuery } from "./sqlBinding.js";
import { duckdbMessage, duckdbPosition, inlineSqlLocation } from "./sqlLocation.js";
import {
  isNode,
  parsedSelect,
  positionOf,
  type SqlProblem,
  type SqlRole,
  transformSqlProblems,
  walk,
} from "./transformSql.js";
import { duckdbType, type FieldType } from "./types.js";

/** The relation `{object}` stands for in the SQL DuckDB sees. */
export const OBJECT_VIEW = "object";
const OBJECT_SQL = `"${OBJECT_VIEW}"`; // as long as OBJECT_PLACEHOLDER: positions carry over

const ROLE: SqlRole = {
  noun: "a quality check",
  reads: `a quality check reads only ${OBJECT_PLACEHOLDER}, the product's own new table`,
  known: OBJECT_PLACEHOLDER,
};

/** The check's query as DuckDB reads it: `{object}` as the quoted relation name. */
export const checkSql = (query: string) => query.replaceAll(OBJECT_PLACEHOLDER, OBJECT_SQL);

/** DuckDB's numeric result types: what a threshold can be compared with. */
const NUMERIC_RESULT =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;
export const isNumericResult = (type: string) => NUMERIC_RESULT.test(type);

/**
 * Why `query` is not a quality check's SQL, before anything binds it: one SELECT reading
 * `{object}` only (written so), no table function, no session function.
 */
export async function checkSqlProblems(query: string): Promise<SqlProblem[]> {
  const sql = checkSql(query);
  const problems = await transformSqlProblems(sql, [OBJECT_VIEW], { staging: false, role: ROLE });
  if (problems.length > 0) return problems;
  const statement = await parsedSelect(sql);
  for (const node of walk(statement)) {
    const ctes = (node.cte_map as { map?: unknown } | undefined)?.map;
    for (const entry of Array.isArray(ctes) ? ctes : []) {
      if (isNode(entry) && String(entry.key).toLowerCase() === OBJECT_VIEW) {
        problems.push({
          message: `defines ${OBJECT_VIEW} itself: ${OBJECT_PLACEHOLDER} is the product's table`,
        });
      }
    }
    const at = node.query_location;
    if (node.type === "BASE_TABLE" && typeof at === "number" && !query.startsWith(OBJECT_PLACEHOLDER, at)) {
      problems.push({
        message: `reads "${String(node.table_name)}": write the product's table as ${OBJECT_PLACEHOLDER}`,
        ...positionOf(query, at),
      });
    }
  }
  return problems;
}

/**
 * Why `check` does not work on a table with the columns `schema` declares: its SQL refused
 * ({@link checkSqlProblems}), it does not bind, or its result is not one number.
 */
export async function sqlCheckProblems(
  check: Pick<SqlCheck, "query">,
  schema: Readonly<Record<string, { readonly type: FieldType }>>,
): Promise<SqlProblem[]> {
  const found = await checkSqlProblems(check.query);
  if (found.length > 0) return found;
  const columns = Object.entries(schema).map(([name, f]) => ({ name, type: duckdbType(f.type) }));
  const sql = checkSql(check.query);
  const result = await bindQuery(sql, [{ view: OBJECT_VIEW, columns }]);
  if ("error" in result) {
    return [
      {
        message: `does not bind against the product's own contract: ${duckdbMessage(result.error).replaceAll(OBJECT_SQL, OBJECT_PLACEHOLDER)}`,
        ...(duckdbPosition(result.error, sql) ?? {}),
      },
    ];
  }
  const [first, ...more] = result.columns;
  if (!first || more.length > 0) {
    return [{ message: `returns ${result.columns.length} columns; a quality check returns one number` }];
  }
  if (!isNumericResult(first.type)) {
    return [
      {
        message: `returns ${first.name} as ${first.type}; a quality check returns one number to compare with its threshold`,
        ...(first.line !== undefined ? { line: first.line, column: first.column! } : {}),
      },
    ];
  }
  return [];
}

/** Problems of every SQL check of every product version of `mesh` declared now, located. */
export async function meshQualitySqlProblems(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
): Promise<DeclarationProblem[]> {
  const problems: DeclarationProblem[] = [];
  for (const model of mesh.products) {
    // A retained major's checks were bound when declared, against its own contract, which is locked.
    if (model.retained) continue;
    const { domain, declaration: product } = model;
    const def = definitions.find((d) => (d.input as { name?: unknown }).name === domain.name);
    const i = domain.dataProducts.indexOf(product);
    const checks = product.quality.sql ?? [];
    for (const [j, check] of checks.entries()) {
      for (const p of await sqlCheckProblems(check, model.contract.schema)) {
        const file = def?.source?.replace(/:\d+$/, "");
        const at =
          file && p.line && p.column
            ? inlineSqlLocation(resolve(file), file, check.query, { line: p.line, column: p.column })
            : undefined;
        const inSql = p.line ? ` (SQL line ${p.line}, column ${p.column})` : "";
        problems.push({
          source: at ?? def?.source,
          path: `dataProducts[${i}].quality.sql[${j}].query`,
          message: `the SQL of quality check ${check.name} of ${model.id}${at ? "" : inSql} ${p.message}`,
        });
      }
    }
  }
  return problems;
}
