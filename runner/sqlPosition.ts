/**
 * Where in a transform's SQL DuckDB failed, as `file:line:column`. The sandbox runs the SQL inside
 * `query('…')`, so DuckDB's own excerpt ("LINE 1: COPY (SELECT * FROM query(…" and a caret) points
 * at the platform's wrapper, not at the author's SQL: the sandbox binds the SQL alone once more to
 * get an excerpt of it, and this module maps that excerpt back to the SQL file (or, for SQL written
 * inline in the domain file, to the domain file's line).
 */
import { join } from "node:path";
import type { ProductModel } from "../components/declaration/productModel.js";
import { inlineSqlLocation, type SqlPosition } from "../components/declaration/sqlLocation.js";

// DuckDB's messages and positions are read by the plan-time binder too: one reading of them.
export { duckdbMessage, duckdbPosition, type SqlPosition } from "../components/declaration/sqlLocation.js";

/**
 * How `mesh run` shows a position in a product's SQL: `domains/<domain>/<file>.sql:L:C`, or the
 * domain file's line for inline SQL; `<sqlSource> (SQL line L, column C)` when it cannot be placed
 * (a superseded major runs from contracts.lock.json).
 */
export function sqlLocator(root: string, model: ProductModel): (position: SqlPosition) => string {
  const { domain, declaration, sql, sqlSource, retained } = model;
  const fallback = ({ line, column }: SqlPosition) => `${sqlSource} (SQL line ${line}, column ${column})`;
  if (retained) return fallback;
  const file = declaration.transform.sqlFile;
  if (file !== undefined) return ({ line, column }) => `domains/${domain.name}/${file}:${line}:${column}`;
  const shown = `domains/${domain.name}/index.ts`;
  return (position) => inlineSqlLocation(join(root, shown), shown, sql, position) ?? fallback(position);
}
