/**
 * The mesh-wide check of every product's transform SQL (see `transformSql.ts`): run by the Pulumi
 * program and `mesh plan` before anything is registered, so SQL that is not one SELECT over the
 * product's declared inputs never deploys. Problems name the SQL file, line and column.
 */
import { relative, resolve } from "node:path";
import { consumedViewName } from "../naming.js";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import type { Mesh } from "./mesh.js";
import type { DomainDeclaration } from "./schema.js";
import { transformSqlProblems } from "./transformSql.js";

/** The view names a domain's transforms may read besides `staging`: one per declared input. */
export const inputViewNames = (domain: Pick<DomainDeclaration, "consumes">): string[] =>
  domain.consumes.map((c) => consumedViewName(c));

/** Problems with the transform SQL of every product of `mesh`; `definitions` locate them. */
export async function meshSqlProblems(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
): Promise<DeclarationProblem[]> {
  const problems: DeclarationProblem[] = [];
  for (const domain of mesh.domains) {
    const def = definitions.find((d) => (d.input as { name?: unknown }).name === domain.name);
    for (const [i, product] of domain.dataProducts.entries()) {
      const sql = product.transform.sql;
      if (sql === undefined) continue;
      const found = await transformSqlProblems(sql, inputViewNames(domain));
      const file = product.transform.sqlFile;
      for (const p of found) {
        const where = p.line ? `:${p.line}:${p.column}` : "";
        problems.push(
          file === undefined
            ? {
                source: def?.source,
                path: `dataProducts[${i}].transform.sql`,
                message: `the transform SQL${where ? ` (SQL line ${p.line}, column ${p.column})` : ""} ${p.message}`,
              }
            : {
                source: `${relative(process.cwd(), resolve(def?.baseDir ?? process.cwd(), file))}${where}`,
                path: `dataProducts[${i}].transform.sqlFile`,
                message: `the transform SQL ${p.message}`,
              },
        );
      }
    }
  }
  return problems;
}
