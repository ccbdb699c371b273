/**
 * What a product's transform reads, by the names its SQL uses: its raw records as `staging` (when
 * it has them: the raw fields and the partition column, as the runner stages them) and each
 * declared input's view, with the columns the product may see (without PII where it is not
 * admitted). One list for the binder, which types a table for each (`sqlBinding.ts`), and for
 * column lineage, which resolves the SQL's references against them (`meshLineage.ts`).
 */
import { stagingColumns } from "../contract/sql.js";
import { STAGING_INPUT } from "./lineage.js";
import type { ProductModel } from "./productModel.js";
import { STAGING_VIEW } from "./transformSql.js";
import type { FieldType } from "./types.js";

export interface TransformRelation {
  /** The name the SQL reads it by: `orders__orders`, or `staging`. */
  readonly view: string;
  /** The contract id it is, or `staging` ({@link STAGING_INPUT}). */
  readonly input: string;
  /** Its columns, in order, with their declared types. */
  readonly columns: Readonly<Record<string, FieldType>>;
}

export function transformRelations(model: Pick<ProductModel, "raw" | "inputs">): TransformRelation[] {
  return [
    ...(model.raw
      ? [{ view: STAGING_VIEW, input: STAGING_INPUT, columns: stagingColumns(model.raw.schema) }]
      : []),
    ...model.inputs.map((i) => ({
      view: i.view,
      input: i.id,
      columns: Object.fromEntries(Object.entries(i.schema).map(([name, f]) => [name, f.type])),
    })),
  ];
}
