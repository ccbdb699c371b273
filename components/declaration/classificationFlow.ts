/**
 * Classification follows the data: a product is at least as restricted as every input whose
 * columns' values it exposes (`direct`, `transformed` or `aggregated`, and not de-identified, see
 * `deidentification.ts`). Reading an input only to filter rows exposes none of its values. The
 * product's own raw records (`staging`) are classified by the product itself.
 */
import { exposes, type ProductLineage, STAGING_INPUT } from "./lineage.js";
import { DEIDENTIFY_HINT } from "./piiFlow.js";
import type { ProductModel } from "./productModel.js";
import { CLASSIFICATIONS, type Classification } from "./schema.js";

const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

/**
 * Why `model` is classified below an input it exposes, one message per such input; `classificationOf`
 * gives an input's classification by contract id.
 */
export function classificationProblems(
  model: Pick<ProductModel, "id" | "contract">,
  lineage: ProductLineage,
  classificationOf: (input: string) => Classification | undefined,
): string[] {
  const own = model.contract.classification;
  const exposed = new Map<string, string[]>();
  for (const output of lineage)
    for (const s of output.sources) {
      if (s.input === STAGING_INPUT || !exposes(s)) continue;
      const input = classificationOf(s.input);
      if (input === undefined || rank(input) <= rank(own)) continue;
      const what = `${s.column} (${s.kind}) in output column ${output.column}`;
      exposed.set(s.input, [...(exposed.get(s.input) ?? []), what]);
    }
  return [...exposed].map(([input, columns]) => {
    const level = classificationOf(input)!;
    return `${model.id} is ${own}, but exposes columns of ${input}, which is ${level}: ${columns.join(", ")}; raise its classification to ${level}, or de-identify those columns (${DEIDENTIFY_HINT})`;
  });
}
