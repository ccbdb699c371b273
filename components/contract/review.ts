/**
 * Reviews the mesh's contracts against what was last published: per product version, what changed,
 * whether that needs a major version bump, and which consuming domains a breaking change affects.
 */
import { consumersOf, type Mesh } from "../declaration/mesh.js";
import { parseTopicName } from "../naming.js";
import { type Contract, majorOfContract } from "./contract.js";
import { type ContractChange, diffContracts, isBreaking } from "./diff.js";
import { type Lock, lockedContract } from "./lock.js";
import { versionBumpProblem } from "./version.js";

export type ReviewStatus =
  /** First publication of this product. */
  | "new"
  /** A new major version: it runs beside the previous one until its consumers move. */
  | "new-major"
  | "unchanged"
  | "compatible"
  /** Compatible changes under the published version (or an older one): refused, a patch or minor bump is due. */
  | "unbumped"
  /** Breaking changes within a published major: refused. */
  | "breaking"
  /** No longer declared, kept running for the domains that still consume it. */
  | "retained"
  /** No longer declared and no longer consumed: dropped on publish. */
  | "retired";

export interface ProductReview {
  /** `<domain>.<product>.v<major>`. */
  readonly id: string;
  readonly status: ReviewStatus;
  readonly version?: string;
  readonly publishedVersion?: string;
  /** Changes against the published contract of this major (or, for a new major, the previous one). */
  readonly changes: readonly ContractChange[];
  /** Domains consuming this version (for `retained`: those that must still move). */
  readonly consumers: readonly string[];
}

export function reviewContracts(mesh: Mesh, base: Lock): ProductReview[] {
  const published = new Map(Object.entries(base.products).map(([id, e]) => [id, lockedContract(e)]));
  // The contracts of the declared products, from the product model.
  const current = mesh.products.filter((p) => !p.retained).map((p) => p.contract);
  const consumers = (id: string) => {
    const ref = parseTopicName(id);
    return ref ? consumersOf(mesh, ref) : [];
  };
  const reviews: ProductReview[] = current.map((contract) => {
    const before = published.get(contract.id);
    const common = { id: contract.id, version: contract.version, consumers: consumers(contract.id) };
    if (before) {
      const changes = diffContracts(before, contract);
      const status: ReviewStatus = isBreaking(changes)
        ? "breaking"
        : versionBumpProblem(before, contract, changes)
          ? "unbumped"
          : changes.length > 0
            ? "compatible"
            : "unchanged";
      return { ...common, status, publishedVersion: before.version, changes };
    }
    const previous = previousMajor(contract, published);
    return previous
      ? {
          ...common,
          status: "new-major",
          publishedVersion: previous.version,
          changes: diffContracts(previous, contract),
        }
      : { ...common, status: "new", changes: [] };
  });
  const declared = new Set(current.map((c) => c.id));
  for (const [id, before] of published) {
    if (declared.has(id)) continue;
    const still = consumers(id);
    reviews.push({
      id,
      status: still.length > 0 ? "retained" : "retired",
      publishedVersion: before.version,
      changes: [],
      consumers: still,
    });
  }
  return reviews.sort((a, b) => a.id.localeCompare(b.id));
}

/** The highest published major below `contract`'s, of the same product. */
function previousMajor(contract: Contract, published: ReadonlyMap<string, Contract>): Contract | undefined {
  return [...published.values()]
    .filter((c) => c.domain === contract.domain && c.product === contract.product)
    .filter((c) => majorOfContract(c) < majorOfContract(contract))
    .sort((a, b) => majorOfContract(b) - majorOfContract(a))[0];
}

/**
 * Reviews that block publication: breaking changes within a published major version, and
 * compatible changes under a version already published.
 */
export const blocking = (reviews: readonly ProductReview[]) =>
  reviews.filter((r) => r.status === "breaking" || r.status === "unbumped");
