/**
 * `mesh contract diff [--base REF|FILE] [--json]`: every product's contract against the last
 * published one, each change classified breaking or compatible, with the consumers it affects.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { formatChange } from "../../components/contract/diff.js";
import { LOCK_FILE, type Lock, parseLock, readLock } from "../../components/contract/lock.js";
import { blocking, type ProductReview, reviewContracts } from "../../components/contract/review.js";
import { compatibleBumps } from "../../components/contract/version.js";
import { loadMesh } from "../../program/loadMesh.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";

export interface ContractDiffOptions {
  readonly root: string;
  /** A lock file, or a git revision whose contracts.lock.json to compare with. @default the working tree's lock */
  readonly base?: string;
  readonly json?: boolean;
}

/** The published contracts to compare with: a lock file on disk, or the lock at a git revision. */
export function baseLock(root: string, base: string | undefined): { lock: Lock; source: string } {
  if (base === undefined) return { lock: readLock(join(root, LOCK_FILE)), source: LOCK_FILE };
  const path = join(root, base);
  if (existsSync(base) || existsSync(path)) {
    const file = existsSync(base) ? base : path;
    return { lock: readLock(file), source: base };
  }
  let text: string;
  try {
    text = execFileSync("git", ["show", `${base}:${LOCK_FILE}`], {
      cwd: root,
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch {
    throw new UsageError(`--base "${base}" is neither a file nor a git revision that has ${LOCK_FILE}`);
  }
  return { lock: parseLock(text, `${base}:${LOCK_FILE}`), source: `${base}:${LOCK_FILE}` };
}

const VERDICT: Record<ProductReview["status"], string> = {
  new: "new product",
  "new-major": "new major version, runs beside the previous one",
  unchanged: "unchanged",
  compatible: "compatible changes",
  unbumped: "compatible changes without a version bump",
  breaking: "BREAKING changes without a major version bump",
  retained: "superseded, kept running while consumed",
  retired: "no longer declared or consumed: retired on publish",
};

export function renderReview(r: ProductReview): string[] {
  const versions =
    r.publishedVersion && r.version
      ? `${r.publishedVersion} → ${r.version}`
      : (r.version ?? r.publishedVersion);
  const bumps =
    r.status === "unbumped" && r.publishedVersion ? compatibleBumps(r.publishedVersion) : undefined;
  const verdict = bumps
    ? `${VERDICT[r.status]}: publish as ${bumps.patch} (patch) or ${bumps.minor} (minor)`
    : VERDICT[r.status];
  const lines = [`${r.id} (${versions}): ${verdict}`];
  for (const c of r.changes)
    lines.push(`  ${c.class === "breaking" ? "breaking  " : "compatible"}  ${formatChange(c)}`);
  if (
    r.status === "breaking" ||
    r.status === "retained" ||
    (r.status === "new-major" && r.consumers.length > 0)
  ) {
    const label = r.status === "retained" ? "still consumed by" : "consumers affected";
    lines.push(`  ${label}: ${r.consumers.length > 0 ? r.consumers.join(", ") : "none"}`);
  }
  return lines;
}

/** One line per kind of refusal: which products need a major bump, which a patch or minor one. */
export function refusalSummary(refused: readonly ProductReview[]): string[] {
  const ids = (status: ProductReview["status"]) =>
    refused.filter((r) => r.status === status).map((r) => r.id);
  const lines: string[] = [];
  const breaking = ids("breaking");
  const unbumped = ids("unbumped");
  if (breaking.length > 0)
    lines.push(`${breaking.length} product(s) need a major version bump: ${breaking.join(", ")}`);
  if (unbumped.length > 0) {
    lines.push(`${unbumped.length} product(s) need a patch or minor version bump: ${unbumped.join(", ")}`);
  }
  return lines;
}

export async function contractDiffCommand(options: ContractDiffOptions, io: Output): Promise<number> {
  const { lock, source } = baseLock(options.root, options.base);
  const mesh = await loadMesh({}, join(options.root, "domains"));
  const reviews = reviewContracts(mesh, lock);
  const refused = blocking(reviews);
  if (options.json) {
    io.out(JSON.stringify({ base: source, products: reviews }, null, 2));
  } else {
    io.out(`Contracts against ${source}:`);
    for (const r of reviews) for (const line of renderReview(r)) io.out(line);
    for (const line of refusalSummary(refused)) io.out(line);
    if (refused.length === 0) io.out("No breaking change within a published major version.");
  }
  return refused.length > 0 ? EXIT.policy : EXIT.ok;
}
