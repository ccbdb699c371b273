/**
 * The mesh-wide check of every product's transform SQL (see `transformSql.ts`): run by the Pulumi
 * program and `mesh plan` before anything is registered, so SQL that is not one SELECT over the
 * product's declared inputs never deploys. Problems name the SQL file, line and column.
 */
import { relative, resolve } from "node:path";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import type { Mesh } from "./mesh.js";
import type { ProductModel } from "./productModel.js";
import { type SqlProblem, transformSqlProblems } from "./transformSql.js";

/** Problems with the transform SQL of every product of `mesh`; `definitions` locate them. */
export async function meshSqlProblems(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
): Promise<DeclarationProblem[]> {
  const problems: DeclarationProblem[] = [];
  // The declared products; a retained major's SQL was checked when it was declared.
  for (const model of mesh.products.filter((p) => !p.retained)) {
    if (model.declaration.transform.sql === undefined) continue;
    // A product without raw records (`ingestion: false`) has no `staging` to read.
    const found = await transformSqlProblems(
      model.sql,
      model.inputs.map((input) => input.view),
      { staging: model.raw !== undefined },
    );
    for (const p of found) problems.push(sqlProblem(model, definitions, p, "the transform SQL", p.message));
  }
  return problems;
}

/**
 * A problem at `at` in the SQL of `model` (a declared product): `<subject> <message>` at
 * `file:line:col` of its SQL file, or at its domain file's `transform.sql` with the SQL's line and
 * column after the subject.
 */
export function sqlProblem(
  model: Pick<ProductModel, "domain" | "declaration">,
  definitions: readonly DomainDefinition[],
  at: Pick<SqlProblem, "line" | "column">,
  subject: string,
  message: string,
): DeclarationProblem {
  const { domain, declaration: product } = model;
  const def = definitions.find((d) => (d.input as { name?: unknown }).name === domain.name);
  const i = domain.dataProducts.indexOf(product);
  const file = product.transform.sqlFile;
  const where = at.line ? `:${at.line}:${at.column}` : "";
  return file === undefined
    ? {
        source: def?.source,
        path: `dataProducts[${i}].transform.sql`,
        message: `${subject}${where ? ` (SQL line ${at.line}, column ${at.column})` : ""} ${message}`,
      }
    : {
        source: `${relative(process.cwd(), resolve(def?.baseDir ?? process.cwd(), file))}${where}`,
        path: `dataProducts[${i}].transform.sqlFile`,
        message: `${subject} ${message}`,
      };
}
