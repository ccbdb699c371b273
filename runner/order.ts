/** The order `mesh run --all` runs product versions in: each after the inputs its transform reads. */

import { dependencyOrder, productDependencies } from "../components/declaration/dependencies.js";
import type { Mesh } from "../components/declaration/mesh.js";
import { InputError } from "../components/inputError.js";

/** A dependency cycle among products, named in the message. */
export class CycleError extends InputError {
  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.join(" → ")}`);
    this.name = "CycleError";
  }
}

/** Product version ids each one reads (see `productDependencies`). */
export const dependencies = (mesh: Mesh): Map<string, string[]> => productDependencies(mesh.products);

/**
 * Every product version id, each after its dependencies; throws {@link CycleError} naming a cycle.
 * `validateMesh` refuses a cycle already: this guards a mesh built some other way.
 */
export function runOrder(mesh: Mesh): string[] {
  const { order, cycle } = dependencyOrder(mesh.products);
  if (cycle) throw new CycleError(cycle);
  return order;
}
