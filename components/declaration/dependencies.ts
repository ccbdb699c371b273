/**
 * Which product versions read which, and the order that follows: each after the inputs its
 * transform reads. `mesh run --all` runs in this order; `validateMesh` refuses a cycle, so a mesh
 * that cannot run in any order is stopped at plan rather than at its first run.
 */
import type { ProductModel } from "./productModel.js";

/**
 * Product version ids each one reads: its declared inputs that its SQL names (`<domain>__<product>`).
 * A declared input the SQL never names orders nothing (two domains may consume each other's
 * products as long as no product reads, through others, itself).
 */
export function productDependencies(products: readonly ProductModel[]): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const product of products) {
    const sql = product.sql.toLowerCase();
    deps.set(
      product.id,
      product.inputs.filter((i) => new RegExp(`\\b${i.view.toLowerCase()}\\b`).test(sql)).map((i) => i.id),
    );
  }
  return deps;
}

/**
 * Every product version id, each after its dependencies; or, when there is none such, a cycle:
 * ids where each reads the next, the first repeated last (`a → b → a`).
 */
export function dependencyOrder(
  products: readonly ProductModel[],
): { order: string[]; cycle?: undefined } | { order?: undefined; cycle: string[] } {
  const deps = productDependencies(products);
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  // Depth-first; the path so far is the cycle's prefix when a version on it comes round again.
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    for (const dep of deps.get(id) ?? []) {
      const cycle = deps.has(dep) ? visit(dep, [...path, id]) : undefined;
      if (cycle) return cycle;
    }
    state.set(id, "done");
    order.push(id);
    return undefined;
  };
  for (const product of products) {
    const cycle = visit(product.id, []);
    if (cycle) return { cycle };
  }
  return { order };
}
