/**
 * What each product's transform actually reads. A domain declares what it consumes once, for all
 * its products; drawing an edge from every consumed product to every product of the domain
 * would claim lineage that does not exist. The SQL names the `<domain>__<product>` views it reads,
 * and DuckDB's parser (the one that checks the SQL before anything deploys) tells which.
 */
import type { Mesh } from "../../components/declaration/mesh.js";
import { relationsRead } from "../../components/declaration/transformSql.js";

/** Product id → ids of the inputs its SQL reads, in declaration order. */
export type ProductReads = ReadonlyMap<string, readonly string[]>;

/**
 * The inputs each current product's SQL reads. A retained major is left out (what it was built
 * from is not recorded); SQL that does not parse — `mesh plan` refuses it anyway — keeps every
 * declared input, so no lineage is hidden.
 */
export async function productReads(mesh: Mesh): Promise<ProductReads> {
  const reads = new Map<string, string[]>();
  for (const model of mesh.products) {
    if (model.retained) continue;
    const names = model.inputs.length > 0 ? await relationsRead(model.sql) : undefined;
    reads.set(
      model.id,
      model.inputs.filter((i) => names === undefined || names.has(i.view.toLowerCase())).map((i) => i.id),
    );
  }
  return reads;
}
