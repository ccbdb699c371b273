/**
 * PII follows the data: an output column whose values come from a PII column — a field marked
 * `pii` in an input's contract that the consumer sees, or in the product's own raw records — must
 * be marked `pii` in the product's contract itself, unless every such path de-identifies it
 * (`deidentification.ts`). Filter-only reads (`filtered`) decide which rows appear, not values,
 * and do not count. Lineage over-approximates where it cannot resolve (`columnLineage.ts`), so a
 * doubt is a refusal.
 */
import { type ColumnSource, exposes, MIN_GROUP_SIZE, type ProductLineage, STAGING_INPUT } from "./lineage.js";
import type { ProductModel } from "./productModel.js";

/** An output column refused, and why. */
export interface LineageRefusal {
  /** Where in the SQL the output column is computed. */
  readonly at?: { readonly line: number; readonly column: number };
  /** The output column, as the message's subject. */
  readonly column: string;
  readonly message: string;
}

/** A contract field of `schema` by name, as DuckDB names match: without regard to case. */
export const fieldOf = <F>(schema: Readonly<Record<string, F>>, name: string): F | undefined =>
  Object.entries(schema).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/** Whether `source` is personal data, as the product's inputs and raw records declare it. */
function isPii(model: Pick<ProductModel, "inputs" | "raw">, source: ColumnSource): boolean {
  const schema =
    source.input === STAGING_INPUT
      ? model.raw?.schema
      : model.inputs.find((i) => i.id === source.input)?.schema;
  return fieldOf(schema ?? {}, source.column)?.pii === true;
}

/** `customers.customers.v2 email (PII, direct)`. */
export const describeSource = (s: ColumnSource, what = "PII") =>
  `${s.input === STAGING_INPUT ? "its raw records (staging)" : s.input} ${s.column} (${what}, ${s.kind})`;

/** How a column is de-identified, for messages. */
export const DEIDENTIFY_HINT = `an aggregate with HAVING count(*) >= ${MIN_GROUP_SIZE}`;

/** Output columns of `model` that carry PII its contract does not mark. */
export function piiProblems(
  model: Pick<ProductModel, "id" | "inputs" | "raw" | "contract">,
  lineage: ProductLineage,
): LineageRefusal[] {
  return lineage.flatMap((output) => {
    if (fieldOf(model.contract.schema, output.column)?.pii === true) return [];
    const leaks = output.sources.filter((s) => exposes(s) && isPii(model, s));
    if (leaks.length === 0) return [];
    return [
      {
        ...(output.at ? { at: output.at } : {}),
        column: output.column,
        message: `comes from ${leaks.map((s) => describeSource(s)).join(", ")}: mark ${output.column} pii: true in ${model.id}'s schema, or de-identify it (${DEIDENTIFY_HINT})`,
      },
    ];
  });
}
