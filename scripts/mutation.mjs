// @ts-check
/**
 * `npm run mutation [-- <folder>… <stryker option>…]`: runs StrykerJS once per folder of
 * stryker.config.mjs's scopes (all of them when none is named), each with its own reports and
 * incremental file, then prints each folder's mutation score from the JSON reports.
 *
 *   npm run mutation -- components/contract
 *   npm run mutation -- runner --concurrency 1
 *   npm run mutation -- --scores        (only print the scores of the last runs)
 *
 * Options other than --scores go to `stryker run` as they are (e.g. `--mutate 'runner/enforce.ts'`
 * to narrow a folder's run further).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { SCOPES } from "../stryker.config.mjs";

const args = process.argv.slice(2);
// Folders come first; from the first option on, everything is an option.
const firstOption = args.findIndex((a) => a.startsWith("-"));
const folders = firstOption === -1 ? args : args.slice(0, firstOption);
const options = args.slice(folders.length).filter((a) => a !== "--scores");
const unknown = folders.filter((f) => !(f in SCOPES));
if (unknown.length > 0) {
  console.error(`mutation: ${unknown.join(", ")} is not a scope; the scopes are ${Object.keys(SCOPES).join(", ")}`);
  process.exit(2);
}
const chosen = folders.length > 0 ? folders : Object.keys(SCOPES);
const reportOf = (/** @type {string} */ scope) => `reports/mutation/${scope.replaceAll("/", "-")}/mutation.json`;

let failed = false;
if (!args.includes("--scores")) {
  for (const scope of chosen) {
    console.log(`\nmutation: ${scope}`);
    const run = spawnSync("npx", ["stryker", "run", ...options], {
      stdio: "inherit",
      env: { ...process.env, MUTATION_SCOPE: scope },
    });
    if (run.status !== 0) failed = true;
  }
}

/** Stryker's score: killed or timed out, over every mutant that compiled and ran (uncovered ones count). */
function score(/** @type {Record<string, number>} */ c) {
  const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
  const valid = detected + (c.Survived ?? 0) + (c.NoCoverage ?? 0);
  return valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(2)} %`;
}

console.log("\nMutation score per folder (killed + timeout over all valid mutants):");
for (const scope of chosen) {
  const file = reportOf(scope);
  if (!existsSync(file)) {
    console.log(`  ${scope.padEnd(24)} no report (${file})`);
    continue;
  }
  /** @type {{ files: Record<string, { mutants: { status: string }[] }> }} */
  const report = JSON.parse(readFileSync(file, "utf8"));
  /** @type {Record<string, number>} */
  const counts = {};
  for (const { mutants } of Object.values(report.files)) {
    for (const m of mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  }
  const detail = ["Killed", "Timeout", "Survived", "NoCoverage"].map((s) => `${s} ${counts[s] ?? 0}`).join(", ");
  console.log(`  ${scope.padEnd(24)} ${score(counts).padStart(8)}  (${detail})`);
}
process.exit(failed ? 1 : 0);
