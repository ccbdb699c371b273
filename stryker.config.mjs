// @ts-check
/**
 * Mutation testing (`npm run mutation`, scripts/mutation.mjs): StrykerJS changes the code one
 * mutant at a time and runs the tests that cover it; a mutant no test notices is a behaviour the
 * tests do not hold. Scoped to the code that judges hostile input — the contract, the declaration
 * layer, the policy rules, and the runner's record validation and contract enforcement — and not
 * part of `npm test`: it takes minutes per folder.
 *
 * `MUTATION_SCOPE` (set by scripts/mutation.mjs) picks one folder of {@link SCOPES}; reports and
 * Stryker's incremental file go to reports/mutation/<scope>/, so each folder's next run re-tests
 * only the mutants whose code or tests changed.
 */

/** Each folder measured on its own: its files to mutate. */
export const SCOPES = {
  "components/contract": ["components/contract/**/*.ts"],
  "components/declaration": ["components/declaration/**/*.ts"],
  "policies/rules": ["policies/rules/**/*.ts"],
  // The runner's validation and enforcement: records judged against the raw schema (extract,
  // recordSql), the output contract enforced on the transformed table (enforce), and the quoting
  // they build SQL with. (The SQL sandbox isolates rather than validates; its tests take minutes.)
  runner: ["runner/{enforce,extract,recordSql,sql}.ts"],
};

/** Never mutated: re-exports, generated data, types only. */
const NOT_CODE = [
  "!**/index.ts",
  "!policies/rules/all.ts",
  "!policies/rules/types.ts",
  "!policies/rules/governance/awsTaggableTypes.generated.ts",
  "!runner/pipelineTypes.ts",
];


const scope = process.env.MUTATION_SCOPE;
if (scope !== undefined && !(scope in SCOPES)) {
  throw new Error(`MUTATION_SCOPE "${scope}" is none of ${Object.keys(SCOPES).join(", ")}`);
}
const globs = scope === undefined ? Object.values(SCOPES).flat() : SCOPES[/** @type {keyof SCOPES} */ (scope)];
// A run narrowed with --mutate (MUTATION_PART, set by scripts/mutation.mjs) keeps its own reports
// beside the folder's others: a folder too slow to run at once is measured in parts, and its
// score is the union of its parts' latest results per file.
const part = process.env.MUTATION_PART ?? "whole";
export const reportDir = `reports/mutation/${scope === undefined ? "all" : scope.replaceAll("/", "-")}/${part}`;

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Only the test files that exercise the mutated folders (see that config for why).
  vitest: { configFile: "vitest.mutation.config.ts" },
  // Each mutant runs only the tests that reached its code in the dry run.
  coverageAnalysis: "perTest",
  // (Stryker warns of an exclusion that matches no file: only those that exist.)
  mutate: [...globs, ...NOT_CODE],
  // Vitest strips types without checking them, and Stryker's `// @ts-nocheck` on every file would
  // shift the lines of the domain files the CLI tests expect in messages.
  disableTypeChecks: false,
  // Two shared cores: one test process each.
  concurrency: 2,
  // The policy rules' module-level code is their metadata (names, descriptions, remediation text)
  // and constant tables: 835 static mutants, each of which would run all 826 policy tests (three
  // quarters of the folder's time). Stryker reports them as ignored, not in the score.
  ignoreStatic: scope === "policies/rules",
  incremental: true,
  incrementalFile: `${reportDir}/incremental.json`,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, reportScoreTable: true, reportMutants: false },
  tempDirName: "reports/mutation/.stryker-tmp",
  // The sandbox is a copy of the repository: leave out what no test reads.
  ignorePatterns: ["/reports", "/dist", "/out", "/.cache", "/.scratch", "/bench"],
  // A mutant that loops must still time out, but DuckDB's tests take seconds.
  timeoutMS: 30_000,
  // The first run, every covering test once, in one thread per runner.
  dryRunTimeoutMinutes: 20,
  thresholds: { high: 85, low: 70, break: null },
};
