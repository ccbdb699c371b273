/**
 * What a changed contract's version must say. Consumers pin a major and read the rest of the version
 * to learn that something changed: a compatible change published under the version already in
 * contracts.lock.json would make two different contracts share one version, so it needs at least a
 * patch or minor bump (a breaking one needs a new major: `diff.ts`, `review.ts`).
 */

import { type ContractChange, formatChange } from "./change.js";
import type { Contract } from "./contract.js";

/** `major.minor.patch` of a semantic version; pre-release and build labels are not compared. */
const core = (version: string): [number, number, number] => {
  const [major = 0, minor = 0, patch = 0] = version.split(/[-+]/)[0]!.split(".").map(Number);
  return [major, minor, patch];
};

/** The next patch and minor versions after `version`: what a compatible change may be published as. */
export function compatibleBumps(version: string): { patch: string; minor: string } {
  const [major, minor, patch] = core(version);
  return { patch: `${major}.${minor}.${patch + 1}`, minor: `${major}.${minor + 1}.0` };
}

/** Whether `after` is a later version than `before` (by their cores; a differing label counts as later). */
function isLater(before: string, after: string): boolean {
  const a = core(before);
  const b = core(after);
  for (const i of [0, 1, 2]) if (a[i] !== b[i]) return b[i]! > a[i]!;
  return before !== after;
}

/**
 * Why `after` cannot be published with compatible `changes` to the `before` of the same major, or
 * undefined when its version was bumped (or nothing changed). Breaking changes are not judged here.
 */
export function versionBumpProblem(
  before: Pick<Contract, "version">,
  after: Pick<Contract, "version">,
  changes: readonly ContractChange[],
): string | undefined {
  if (changes.length === 0 || changes.some((c) => c.class === "breaking")) return undefined;
  if (isLater(before.version, after.version)) return undefined;
  const { patch, minor } = compatibleBumps(before.version);
  const what = changes.map(formatChange).join("; ");
  const now = after.version === before.version ? "still" : "now";
  return `compatible changes to version ${before.version} without a version bump (${now} ${after.version}): ${what}. Publish them as ${patch} (patch) or ${minor} (minor).`;
}
