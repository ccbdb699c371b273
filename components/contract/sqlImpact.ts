/**
 * Column-level impact of a proposed contract: which consumers' SQL stops binding. For each product
 * whose contract changed against what was published, the SQL of every product version that reads
 * it is bound (`declaration/sqlBinding.ts`) twice — against the published contract and against the
 * proposed one — and a problem found only with the proposed one is the change's doing. A consumer
 * whose SQL did not bind before either is its own problem (`mesh plan` reports it), not this one's.
 *
 * For a new major, the consumers are those of the previous major: they keep reading it, so nothing
 * breaks now, but the impact says what each must change to move.
 */
import type { Mesh } from "../declaration/mesh.js";
import { inputOf, type ProductModel } from "../declaration/productModel.js";
import { type BindingProblem, bindTransform } from "../declaration/sqlBinding.js";
import { majorOfContract } from "./contract.js";
import { type Lock, lockedContract } from "./lock.js";
import type { ProductReview } from "./review.js";

/** A consumer's SQL that binds against the published contract but not against the proposed one. */
export interface BrokenSql {
  /** The consuming product version, `<domain>.<product>.v<major>`. */
  readonly consumer: string;
  readonly model: ProductModel;
  readonly problem: BindingProblem;
}

export interface SqlImpact {
  /** The changed product version, `<domain>.<product>.v<major>`. */
  readonly id: string;
  /** The major its consumers read: this one, or for a new major the previous one they must move from. */
  readonly consumedMajor: number;
  /** Every consumer whose SQL was bound against the proposed contract. */
  readonly checked: readonly ProductModel[];
  readonly broken: readonly BrokenSql[];
}

/** Statuses whose contract differs from a published one. */
const CHANGED = new Set<ProductReview["status"]>(["compatible", "unbumped", "breaking", "new-major"]);

/** `model` reading `id`'s view with `contract`'s columns (as `model`'s domain sees them). */
function reading(model: ProductModel, id: string, contract: ReturnType<typeof lockedContract>): ProductModel {
  return {
    ...model,
    inputs: model.inputs.map((i) =>
      i.id === id ? inputOf(model.domain.name, { ...i.ref, major: majorOfContract(contract) }, contract) : i,
    ),
  };
}

/** The consumers' SQL each changed contract of `reviews` breaks, against the published contracts of `base`. */
export async function sqlImpact(
  mesh: Mesh,
  base: Lock,
  reviews: readonly ProductReview[],
): Promise<SqlImpact[]> {
  const impacts: SqlImpact[] = [];
  for (const review of reviews) {
    if (!CHANGED.has(review.status) || review.changes.length === 0) continue;
    const proposed = mesh.products.find((p) => p.id === review.id && !p.retained)?.contract;
    if (!proposed) continue;
    const before = Object.entries(base.products)
      .map(([, entry]) => lockedContract(entry))
      .find((c) =>
        review.status === "new-major"
          ? c.domain === proposed.domain &&
            c.product === proposed.product &&
            c.version === review.publishedVersion
          : c.id === proposed.id,
      );
    if (!before) continue;
    const consumers = mesh.products.filter(
      (p) => p.declaration.transform.sql !== undefined && p.inputs.some((i) => i.id === before.id),
    );
    const broken: BrokenSql[] = [];
    for (const consumer of consumers) {
      const was = await bindTransform(reading(consumer, before.id, before));
      const is = await bindTransform(reading(consumer, before.id, proposed));
      // By DuckDB's message alone: the inputs a message names differ between the two contracts.
      const known = new Set(was.problems.map((p) => p.reason));
      for (const problem of is.problems) {
        if (!known.has(problem.reason)) broken.push({ consumer: consumer.id, model: consumer, problem });
      }
    }
    impacts.push({ id: review.id, consumedMajor: majorOfContract(before), checked: consumers, broken });
  }
  return impacts;
}
