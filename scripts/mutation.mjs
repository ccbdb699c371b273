// @ts-check
/**
 * `npm run mutation [-- <folder>… <stryker option>…]`: runs StrykerJS once per folder of
 * stryker.config.mjs's scopes (all of them when none is named), each with its own reports and
 * incremental file, then prints each folder's mutation score from the JSON reports.
 *
 *   npm run mutation -- components/contract
 *   npm run mutation -- runner --concurrency 1
 *   npm run mutation -- components/declaration --mutate components/declaration/cron.ts,components/declaration/units.ts
 *   npm run mutation -- components/contract --mutate 'components/contract/odcs/*.ts' --tests 'test/contract/odcs-*.test.ts'
 *   npm run mutation -- components/contract --mutate '…' --retest-survivors
 *   npm run mutation -- --scores             (only print the scores of the last runs)
 *   npm run mutation -- --scores --files     (and each file's)
 *
 * A run narrowed with `--mutate` is a *part* of its folder: its reports go to
 * reports/mutation/<folder>/<part>/ (the part named after the files), so a folder too slow for one
 * sitting is measured part by part. A folder's score counts, for each file, the latest report that
 * mutated it. `--tests <glob,…>` runs only those test files instead of the folder's (a part whose
 * relevant tests are a few files: a static mutant, run against every test, then costs seconds, not
 * the folder's minutes; a narrower set can only miss kills, never invent one).
 * `--retest-survivors` forgets the part's survived and uncovered mutants in its incremental file
 * before the run, so they are all tested again while the killed ones are kept: Stryker's incremental
 * mode does not re-test a static mutant when tests are added, and `--force` re-tests every mutant.
 * Other options go to `stryker run` as they are.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCOPES } from "../stryker.config.mjs";

const args = process.argv.slice(2);
// Folders come first; from the first option on, everything is an option.
const firstOption = args.findIndex((a) => a.startsWith("-"));
const folders = firstOption === -1 ? args : args.slice(0, firstOption);
const flags = new Set(["--scores", "--files", "--retest-survivors"]);
const rest = args.slice(folders.length).filter((a) => !flags.has(a));
// `--tests` is ours (vitest.mutation.config.ts reads MUTATION_TESTS), not Stryker's.
const testsAt = rest.indexOf("--tests");
const tests = testsAt === -1 ? undefined : rest[testsAt + 1];
if (testsAt !== -1 && (tests === undefined || tests.startsWith("-"))) {
  console.error("mutation: --tests needs a comma-separated list of test file globs");
  process.exit(2);
}
const options = testsAt === -1 ? rest : [...rest.slice(0, testsAt), ...rest.slice(testsAt + 2)];
const unknown = folders.filter((f) => !(f in SCOPES));
if (unknown.length > 0) {
  console.error(`mutation: ${unknown.join(", ")} is not a scope; the scopes are ${Object.keys(SCOPES).join(", ")}`);
  process.exit(2);
}
const chosen = folders.length > 0 ? folders : Object.keys(SCOPES);
const scopeDir = (/** @type {string} */ scope) => `reports/mutation/${scope.replaceAll("/", "-")}`;

/** The part a `--mutate` list names: readable when short, a hash of the list when long. */
function partOf(/** @type {string} */ scope, /** @type {string[]} */ opts) {
  const i = opts.indexOf("--mutate");
  if (i === -1) return "whole";
  const files = (opts[i + 1] ?? "").split(",").filter(Boolean).sort();
  // Paths inside the folder, readable in a folder name: `iam/*.ts` → `iam_all`.
  const inside = (/** @type {string} */ f) =>
    f.replace(`${scope}/`, "").replace(/\.ts$/, "").replaceAll("/", "_").replaceAll("*", "all");
  const names = files.map(inside).join("+");
  return names.length <= 60 ? names : `${names.slice(0, 40)}-${createHash("sha256").update(files.join(",")).digest("hex").slice(0, 8)}`;
}

let failed = false;
if (!args.includes("--scores")) {
  for (const scope of chosen) {
    const part = partOf(scope, options);
    console.log(`\nmutation: ${scope}${part === "whole" ? "" : ` (part ${part})`}`);
    if (args.includes("--retest-survivors")) forgetSurvivors(join(scopeDir(scope), part, "incremental.json"));
    const run = spawnSync("npx", ["stryker", "run", ...options], {
      stdio: "inherit",
      env: {
        ...process.env,
        MUTATION_SCOPE: scope,
        MUTATION_PART: part,
        ...(tests === undefined ? {} : { MUTATION_TESTS: tests }),
      },
    });
    if (run.status !== 0) failed = true;
  }
}

/** Drops the survived and uncovered mutants from an incremental file, so the next run tests them again. */
function forgetSurvivors(/** @type {string} */ file) {
  if (!existsSync(file)) return;
  /** @type {{ files: Record<string, { mutants: { status: string }[] }> }} */
  const report = JSON.parse(readFileSync(file, "utf8"));
  let forgotten = 0;
  for (const entry of Object.values(report.files)) {
    const kept = entry.mutants.filter((m) => m.status !== "Survived" && m.status !== "NoCoverage");
    forgotten += entry.mutants.length - kept.length;
    entry.mutants = kept;
  }
  writeFileSync(file, JSON.stringify(report));
  console.log(`mutation: ${forgotten} survived or uncovered mutants will be tested again`);
}

/** Stryker's score: killed or timed out, over every mutant that compiled and ran (uncovered ones count). */
function score(/** @type {Record<string, number>} */ c) {
  const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
  const valid = detected + (c.Survived ?? 0) + (c.NoCoverage ?? 0);
  return valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(2)} %`;
}

/** @typedef {{ status: string }} Mutant */
/** Each file of a folder with the mutants of the latest report that mutated it. */
function latestPerFile(/** @type {string} */ scope) {
  const dir = scopeDir(scope);
  /** @type {Map<string, { at: number, mutants: Mutant[] }>} */
  const files = new Map();
  if (!existsSync(dir)) return files;
  for (const part of readdirSync(dir)) {
    const report = join(dir, part, "mutation.json");
    if (!existsSync(report)) continue;
    const at = statSync(report).mtimeMs;
    /** @type {{ files: Record<string, { mutants: Mutant[] }> }} */
    const parsed = JSON.parse(readFileSync(report, "utf8"));
    for (const [file, { mutants }] of Object.entries(parsed.files)) {
      const seen = files.get(file);
      if (!seen || seen.at < at) files.set(file, { at, mutants });
    }
  }
  return files;
}

const tally = (/** @type {Mutant[]} */ mutants) => {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const m of mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  return counts;
};
const detail = (/** @type {Record<string, number>} */ c) =>
  ["Killed", "Timeout", "Survived", "NoCoverage"].map((s) => `${s} ${c[s] ?? 0}`).join(", ");

console.log("\nMutation score per folder (killed + timeout over all valid mutants):");
for (const scope of chosen) {
  const files = latestPerFile(scope);
  if (files.size === 0) {
    console.log(`  ${scope.padEnd(24)} no report (${scopeDir(scope)}/)`);
    continue;
  }
  const all = tally([...files.values()].flatMap((f) => f.mutants));
  console.log(`  ${scope.padEnd(24)} ${score(all).padStart(8)}  (${detail(all)}; ${files.size} files)`);
  if (args.includes("--files")) {
    for (const [file, { mutants }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const c = tally(mutants);
      console.log(`    ${file.padEnd(56)} ${score(c).padStart(8)}  (${detail(c)})`);
    }
  }
}
process.exit(failed ? 1 : 0);
