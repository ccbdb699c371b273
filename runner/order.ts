/** The order `mesh run --all` runs products in: each after the products its transform reads. */
import { contractsOf } from "../components/contract/contract.js";
import type { Mesh } from "../components/declaration/mesh.js";
import { majorOf } from "../components/declaration/schema.js";
import { kafkaTopicName } from "../components/naming.js";
import { consumedViewName } from "./layout.js";

/** A dependency cycle among products, named in the message. */
export class CycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.join(" → ")}`);
    this.name = "CycleError";
  }
}

/**
 * Product ids each product reads: the products its domain consumes that its SQL refers to by view
 * name (`<domain>__<product>`).
 */
export function dependencies(mesh: Mesh): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const domain of mesh.domains) {
    for (const product of domain.dataProducts) {
      const sql = (product.transform.sql ?? "").toLowerCase();
      const reads = domain.consumes
        .filter((c) => new RegExp(`\\b${consumedViewName(c).toLowerCase()}\\b`).test(sql))
        .map((c) => kafkaTopicName(c));
      deps.set(
        kafkaTopicName({ domain: domain.name, product: product.name, major: majorOf(product) }),
        reads,
      );
    }
  }
  return deps;
}

/** Every product id, each after its dependencies; throws {@link CycleError} naming a cycle. */
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
  for (const contract of contractsOf(mesh.domains)) visit(contract.id, []);
  return order;
}
