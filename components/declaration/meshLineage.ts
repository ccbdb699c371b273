/**
 * Column lineage for every declared product of a mesh, derived once (by `meshOf`, after the SQL
 * checks pass) and carried on its product model, and the checks that follow the data through it:
 * PII (`piiFlow.ts`) and classification (`classificationFlow.ts`). A retained major keeps the
 * lineage it was published with in contracts.lock.json.
 */

import { classificationProblems } from "./classificationFlow.js";
import { columnLineage } from "./columnLineage.js";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import type { Mesh } from "./mesh.js";
import { locateSqlProblem } from "./meshSql.js";
import { piiProblems } from "./piiFlow.js";
import type { ProductModel } from "./productModel.js";
import { bindTransform } from "./sqlBinding.js";
import { transformRelations } from "./transformRelations.js";

/**
 * The product models of `mesh`, each declared one with its lineage, and the problems of PII or
 * classification that do not follow it; `definitions` locate them.
 */
export async function meshLineage(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
): Promise<{ products: ProductModel[]; problems: DeclarationProblem[] }> {
  const problems: DeclarationProblem[] = [];
  const classificationOf = (id: string) => mesh.products.find((p) => p.id === id)?.contract.classification;
  const products: ProductModel[] = [];
  for (const model of mesh.products) {
    if (model.retained || model.declaration.transform.sql === undefined) {
      products.push(model);
      continue;
    }
    const relations = transformRelations(model).map((r) => ({ ...r, columns: Object.keys(r.columns) }));
    // The output columns as DuckDB's binder names them (cached: the SQL check bound it already).
    const bound = await bindTransform(model);
    if (bound.columns.length === 0) {
      // SQL that does not bind cannot run, so it carries nothing anywhere: refusing it, naming the
      // column or type, is the binder's (sqlBinding.ts). It has no lineage until it binds.
      products.push(model);
      continue;
    }
    const outputs = bound.columns.map((c) => c.name);
    const lineage = await columnLineage(model.sql, relations, outputs);
    for (const p of piiProblems(model, lineage))
      problems.push(
        locateSqlProblem(model, definitions, { message: p.message, ...p.at }, `output column ${p.column}`),
      );
    const def = definitions.find((d) => (d.input as { name?: unknown }).name === model.domain.name);
    const i = model.domain.dataProducts.indexOf(model.declaration);
    for (const message of classificationProblems(model, lineage, classificationOf))
      problems.push({ source: def?.source, path: `dataProducts[${i}].classification`, message });
    products.push({ ...model, lineage });
  }
  return { products, problems };
}
