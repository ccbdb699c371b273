/**
 * The mesh-wide check of every product's transform SQL, run by the Pulumi program and `mesh plan`
 * before anything is registered: the SQL is one SELECT over the product's declared inputs
 * (`transformSql.ts`), and it binds against their contracts with an output that can satisfy its
 * own (`sqlBinding.ts`), or nothing deploys; so do its quality checks' SQL (`qualitySql.ts`).
 * Problems name the SQL file, line and column.
 */
import { relative, resolve } from "node:path";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import type { Mesh } from "./mesh.js";
import { re2PatternProblems } from "./patternBinding.js";
import type { ProductModel } from "./productModel.js";
import { meshQualitySqlProblems } from "./qualitySql.js";
import { bindTransform } from "./sqlBinding.js";
import { inlineSqlLocation, type SqlPosition } from "./sqlLocation.js";
import { type SqlProblem, transformSqlProblems } from "./transformSql.js";

export interface MeshSqlOptions {
  /**
   * Whether to bind each product's SQL against its inputs' contracts (default true). `mesh
   * contract diff` binds consumers itself, against the published and the proposed contracts, to
   * report what a change breaks rather than refuse to look at it.
   */
  readonly bind?: boolean;
}

/** Problems with the transform SQL of every product version of `mesh`; `definitions` locate them. */
export async function meshSqlProblems(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
  options: MeshSqlOptions = {},
): Promise<DeclarationProblem[]> {
  // Field patterns run in DuckDB too: compiled by its RE2 here, whatever `bind` says.
  const problems: DeclarationProblem[] = await re2PatternProblems(mesh, definitions);
  for (const model of mesh.products) {
    if (model.declaration.transform.sql === undefined) continue;
    // A product without raw records (`ingestion: false`) has no `staging` to read.
    const found = await transformSqlProblems(
      model.sql,
      model.inputs.map((input) => input.view),
      { staging: model.raw !== undefined },
    );
    // A retained major's SQL was checked when it was declared; what it reads may have changed
    // since (a compatible upstream change can still break a `SELECT *`), so it is bound again.
    if (!model.retained) problems.push(...found.map((p) => locateSqlProblem(model, definitions, p)));
    if (found.length > 0 || options.bind === false) continue;
    const { problems: binding } = await bindTransform(model);
    problems.push(...binding.map((p) => locateSqlProblem(model, definitions, p)));
  }
  // The quality checks' SQL, bound against each product's own contract.
  if (options.bind !== false) problems.push(...(await meshQualitySqlProblems(mesh, definitions)));
  return problems;
}

/**
 * `problem` in `model`'s SQL as a declaration problem: at the SQL file's line and column, at the
 * domain file's `transform.sql` for inline SQL, or at the lock file for a retained major.
 */
export function locateSqlProblem(
  model: ProductModel,
  definitions: readonly DomainDefinition[],
  problem: SqlProblem,
  /** What the message is about: the SQL as a whole, or one of its output columns. */
  subject = "the transform SQL",
): DeclarationProblem {
  const { domain, declaration: product } = model;
  const where = problem.line ? `:${problem.line}:${problem.column}` : "";
  const inSql = where ? ` (SQL line ${problem.line}, column ${problem.column})` : "";
  if (model.retained) {
    return {
      source: model.sqlSource,
      path: "",
      message: `${subject}${inSql} of ${model.id}, still running for its consumers, ${problem.message}`,
    };
  }
  const def = definitions.find((d) => (d.input as { name?: unknown }).name === domain.name);
  const i = domain.dataProducts.indexOf(product);
  const file = product.transform.sqlFile;
  if (file === undefined) {
    // SQL written inline: the domain file's own line and column where the SQL is found in it.
    const domainFile = def?.source?.replace(/:\d+$/, "");
    const at =
      domainFile && problem.line && problem.column
        ? inlineSqlLocation(resolve(domainFile), domainFile, model.sql, problem as SqlPosition)
        : undefined;
    return at
      ? {
          source: at,
          path: `dataProducts[${i}].transform.sql`,
          message: `${subject} ${problem.message}`,
        }
      : {
          source: def?.source,
          path: `dataProducts[${i}].transform.sql`,
          message: `${subject}${inSql} ${problem.message}`,
        };
  }
  return {
    source: `${relative(process.cwd(), resolve(def?.baseDir ?? process.cwd(), file))}${where}`,
    path: `dataProducts[${i}].transform.sqlFile`,
    message: `${subject} ${problem.message}`,
  };
}
