/** The order `mesh run --all` runs product versions in: each after the inputs its transform reads. */
import type { Mesh } from "../components/declaration/mesh.js";

/** A dependency cycle among products, named in the message. */
export class CycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.join(" → ")}`);
    this.name = "CycleError";
  }
}

/**
 * Product version ids each one reads: its declared inputs that its SQL names (`<domain>__<product>`).
 * A declared input the SQL never names does not order the run (two domains may consume each other).
 */
export function dependencies(mesh: Mesh): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const product of mesh.products) {
    const sql = product.sql.toLowerCase();
    deps.set(
      product.id,
      product.inputs.filter((i) => new RegExp(`\\b${i.view.toLowerCase()}\\b`).test(sql)).map((i) => i.id),
    );
  }
  return deps;
}

/** Every product version id, each after its dependencies; throws {@link CycleError} naming a cycle. */
export function runOrder(mesh: Mesh): string[] {
  const deps = dependencies(mesh);
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") throw new CycleError([...path.slice(path.indexOf(id)), id]);
    state.set(id, "visiting");
    for (const dep of deps.get(id) ?? []) if (deps.has(dep)) visit(dep, [...path, id]);
    state.set(id, "done");
    order.push(id);
  };
  for (const product of mesh.products) visit(product.id, []);
  return order;
}
