/**
 * `mesh contract publish`: records every product's contract in contracts.lock.json, the baseline
 * plans and `contract diff` compare with. Refuses breaking changes within a published major, and
 * compatible changes under a version already published.
 */
import { join } from "node:path";
import {
  EMPTY_LOCK,
  LOCK_FILE,
  type Lock,
  lockEntryOf,
  readLock,
  serializeLock,
} from "../../components/contract/lock.js";
import { blocking, reviewContracts } from "../../components/contract/review.js";
import { loadMesh } from "../../program/loadMesh.js";
import { EXIT } from "../errors.js";
import { type Output, writeFileAtomic } from "../io.js";
import { renderReview } from "./contractDiff.js";

export async function contractPublishCommand(
  options: { readonly root: string },
  io: Output,
): Promise<number> {
  const path = join(options.root, LOCK_FILE);
  const previous = readLock(path);
  const mesh = await loadMesh({}, join(options.root, "domains"));
  const reviews = reviewContracts(mesh, previous);
  const refused = blocking(reviews);
  if (refused.length > 0) {
    for (const r of refused) for (const line of renderReview(r)) io.err(line);
    const breaking = refused.filter((r) => r.status === "breaking").map((r) => r.id);
    const unbumped = refused.filter((r) => r.status === "unbumped").map((r) => r.id);
    if (breaking.length > 0) {
      io.err(
        `Not published: bump the major version of ${breaking.join(", ")}, or make the changes compatible.`,
      );
    }
    if (unbumped.length > 0) {
      io.err(`Not published: raise the version of ${unbumped.join(", ")} (a patch or minor bump).`);
    }
    return EXIT.policy;
  }
  const lock: Lock = { ...EMPTY_LOCK, products: {} };
  for (const product of mesh.products.filter((p) => !p.retained))
    lock.products[product.id] = lockEntryOf(product.domain, product.declaration, product.lineage);
  for (const r of reviews.filter((r) => r.status === "retained"))
    lock.products[r.id] = previous.products[r.id]!;
  writeFileAtomic(path, serializeLock(lock));
  for (const r of reviews.filter((r) => r.status !== "unchanged"))
    for (const line of renderReview(r)) io.out(line);
  io.out(`Published ${Object.keys(lock.products).length} product version(s) to ${LOCK_FILE}.`);
  return EXIT.ok;
}
