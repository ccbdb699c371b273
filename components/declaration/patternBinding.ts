/**
 * Every field pattern compiled by DuckDB's own RE2, the engine that runs it on records and rows:
 * the declaration's synchronous check (`fieldPattern.ts`) cannot ask DuckDB, so `mesh plan` does,
 * before anything deploys. Kept apart so loading the declaration schema loads no DuckDB.
 */
import { literal } from "../contract/sql.js";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import { loadDuckdb } from "./loadDuckdb.js";
import type { Mesh } from "./mesh.js";

/**
 * Every field pattern of the declared products (and their raw records) that DuckDB's RE2 does not
 * compile, at the field's declaration path. Compiling is binding a prepared statement: nothing runs.
 */
export async function re2PatternProblems(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
): Promise<DeclarationProblem[]> {
  const found: { pattern: string; source?: string; path: string }[] = [];
  for (const model of mesh.products) {
    if (model.retained) continue; // checked when it was declared
    const { domain, declaration: product } = model;
    const source = definitions.find((d) => (d.input as { name?: unknown }).name === domain.name)?.source;
    const i = domain.dataProducts.indexOf(product);
    const schemas: [string, typeof product.schema][] = [["schema", product.schema]];
    if (product.ingestion !== false && product.ingestion.schema)
      schemas.push(["ingestion.schema", product.ingestion.schema]);
    for (const [at, schema] of schemas) {
      for (const [name, field] of Object.entries(schema)) {
        if (field.pattern !== undefined)
          found.push({ pattern: field.pattern, source, path: `dataProducts[${i}].${at}.${name}.pattern` });
      }
    }
  }
  if (found.length === 0) return [];
  // Closed to the outside and bounded, as the SQL binder's instance (`sqlBinding.ts`) is.
  const { DuckDBInstance } = await loadDuckdb();
  const instance = await DuckDBInstance.create(":memory:", {
    enable_external_access: "false",
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    memory_limit: "256MB",
    threads: "1",
    lock_configuration: "true",
  });
  const connection = await instance.connect();
  const problems: DeclarationProblem[] = [];
  try {
    for (const f of found) {
      try {
        (await connection.prepare(`SELECT regexp_matches('', ${literal(f.pattern)})`)).destroySync();
      } catch (e) {
        const reason = (e as Error).message.split("\n")[0]!.replace(/^Invalid Input Error: /, "");
        problems.push({
          source: f.source,
          path: f.path,
          message: `pattern is not a regular expression DuckDB (RE2) compiles: ${reason}`,
        });
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return problems;
}
