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
import { type SqlImpact, sqlImpact } from "../../components/contract/sqlImpact.js";
import { compatibleBumps } from "../../components/contract/version.js";
import { loadMesh } from "../../program/loadMesh.js";
import { sqlLocator } from "../../runner/sqlPosition.js";
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

/** A consumer's SQL that a change breaks, located for its author. */
export interface BrokenSqlReport {
  readonly consumer: string;
  /** `domains/<domain>/<file>.sql:L:C`, or the domain file's line for inline SQL. */
  readonly sql: string;
  readonly message: string;
}

/** The consumers' SQL a changed contract was bound against, and what stops binding. */
export interface SqlImpactReport {
  readonly id: string;
  /** True for a new major: its consumers read the previous one, and break only when they move. */
  readonly onMove: boolean;
  readonly checked: readonly string[];
  readonly broken: readonly BrokenSqlReport[];
}

function impactReports(root: string, impacts: readonly SqlImpact[], reviews: readonly ProductReview[]) {
  return impacts.map((impact): SqlImpactReport => {
    const onMove = reviews.find((r) => r.id === impact.id)?.status === "new-major";
    return {
      id: impact.id,
      onMove,
      checked: impact.checked.map((m) => m.sqlSource),
      broken: impact.broken.map((b) => {
        const { line, column } = b.problem;
        const sql = line && column ? sqlLocator(root, b.model)({ line, column }) : b.model.sqlSource;
        return { consumer: b.consumer, sql, message: `the transform SQL ${b.problem.message}` };
      }),
    };
  });
}

export function renderImpact(impact: SqlImpactReport): string[] {
  const against = impact.onMove
    ? "the new major (each must change before it moves)"
    : "the proposed contract";
  if (impact.checked.length === 0) return ["  consumers' SQL: no product reads it"];
  if (impact.broken.length === 0) {
    return [
      `  consumers' SQL: none stops binding against ${against} (checked: ${impact.checked.join(", ")})`,
    ];
  }
  return [
    `  consumers' SQL that stops binding against ${against}:`,
    ...impact.broken.map((b) => `    ${b.sql}: ${b.consumer}: ${b.message}`),
  ];
}

export async function contractDiffCommand(options: ContractDiffOptions, io: Output): Promise<number> {
  const { lock, source } = baseLock(options.root, options.base);
  // Consumers' SQL is bound below, against the published and the proposed contracts, so that a
  // change that breaks it is reported as this change's impact rather than refused while loading.
  const mesh = await loadMesh({}, join(options.root, "domains"), { bind: false });
  const reviews = reviewContracts(mesh, lock);
  const impacts = impactReports(options.root, await sqlImpact(mesh, lock, reviews), reviews);
  const refused = blocking(reviews);
  // SQL that stops binding within a major breaks its consumer on the next run: refused too.
  const breaksSql = impacts.filter((i) => !i.onMove && i.broken.length > 0);
  if (options.json) {
    io.out(JSON.stringify({ base: source, products: reviews, sqlImpact: impacts }, null, 2));
  } else {
    io.out(`Contracts against ${source}:`);
    for (const r of reviews) {
      for (const line of renderReview(r)) io.out(line);
      const impact = impacts.find((i) => i.id === r.id);
      if (impact) for (const line of renderImpact(impact)) io.out(line);
    }
    for (const line of refusalSummary(refused)) io.out(line);
    if (breaksSql.length > 0) {
      io.out(
        `${breaksSql.length} product(s) change their contract in a way a consumer's SQL stops binding to: ${breaksSql.map((i) => i.id).join(", ")}`,
      );
    }
    if (refused.length === 0 && breaksSql.length === 0) {
      io.out("No breaking change within a published major version.");
    }
  }
  return refused.length > 0 || breaksSql.length > 0 ? EXIT.policy : EXIT.ok;
}
