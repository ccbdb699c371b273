/**
 * The column lineage `mesh plan --json` carries beside the stacks: for every declared product of
 * the mesh (`<domain>.<product>.v<major>`), each output column's sources and where in its SQL it
 * is computed. Mesh-wide, not per stack: a product's lineage crosses domains and stacks.
 */
import type { ProductLineage } from "../../components/declaration/lineage.js";
import type { Mesh } from "../../components/declaration/mesh.js";

export const planLineage = (mesh: Mesh): Record<string, ProductLineage> =>
  Object.fromEntries(mesh.products.flatMap((p) => (p.lineage ? [[p.id, p.lineage] as const] : [])));
