/**
 * What changed in the project since a git revision, for `mesh plan --affected`: the paths, and the
 * project's mesh inputs (domains/, contracts.lock.json) as they were at that revision.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";

/** Runs git in `root`, never through a shell; a missing git or a failed command is the user's to fix. */
function git(root: string, args: readonly string[], what: string): string {
  try {
    return execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      // A path per line: a large change can list more than the 1 MiB default.
      maxBuffer: 1 << 28,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UsageError("--affected needs git, which is not installed (or not on PATH)");
    }
    const stderr = String((e as { stderr?: unknown }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new UsageError(`--affected: ${what} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/** The revision `--base` defaults to: origin/main when the clone has it, else main. */
export function defaultBase(root: string): string {
  git(root, ["rev-parse", "--git-dir"], `${root} is not in a git repository; git rev-parse`);
  return hasCommit(root, "origin/main") ? "origin/main" : "main";
}

function hasCommit(root: string, ref: string): boolean {
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      cwd: root,
      stdio: "pipe",
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a base that is not a commit, naming it, before anything is compared with it; one that
 * starts with `-` too, which git would read as an option.
 */
export function checkBase(root: string, base: string, defaulted = false): void {
  git(root, ["rev-parse", "--git-dir"], `${root} is not in a git repository; git rev-parse`);
  if (base.startsWith("-") || !hasCommit(root, base)) {
    throw new UsageError(
      defaulted
        ? `--affected compares with origin/main or else main by default, and the repository at ${root} has neither: give --base REF`
        : `--base "${base}" is not a commit of the repository at ${root}`,
    );
  }
}

/**
 * Paths (relative to `root`, `/`-separated, sorted) changed since `base`: committed since the
 * merge base with HEAD, staged, unstaged, and untracked but not ignored — `--affected` runs before
 * a commit too. Renames count as both paths: the old one may be what a stack read.
 */
export function changedPaths(root: string, base: string): string[] {
  const lines = (text: string) => text.split("\n").filter((l) => l !== "");
  const committed = git(
    root,
    ["diff", "--name-only", "--no-renames", "--relative", `${base}...HEAD`, "--"],
    `git diff ${base}...HEAD`,
  );
  const uncommitted = git(
    root,
    ["diff", "--name-only", "--no-renames", "--relative", "HEAD", "--"],
    "git diff HEAD",
  );
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "--", "."], "git ls-files");
  return [...new Set([...lines(committed), ...lines(uncommitted), ...lines(untracked)])].sort();
}

/** The folder holding `paths` (those that exist there) as they were at `base`: a fresh temporary folder. */
export function checkoutAt(root: string, base: string, paths: readonly string[]): string {
  const prefix = git(root, ["rev-parse", "--show-prefix"], "git rev-parse --show-prefix").trim();
  const tree = `${base}:${prefix}`;
  const present = paths.filter(
    (p) => git(root, ["ls-tree", "--name-only", tree, "--", p], `git ls-tree ${tree}`).trim() !== "",
  );
  const dir = mkdtempSync(join(tmpdir(), "mesh-affected-"));
  if (present.length === 0) return dir;
  try {
    const archive = execFileSync("git", ["archive", "--format=tar", tree, "--", ...present], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1 << 30,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive, stdio: ["pipe", "ignore", "pipe"] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const why =
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? "tar is not installed (or not on PATH)"
        : String((e as { stderr?: unknown }).stderr ?? e)
            .trim()
            .split("\n")[0];
    throw new UsageError(`--affected: could not read ${present.join(", ")} at ${base}: ${why}`);
  }
  return dir;
}
