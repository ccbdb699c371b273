/**
 * The tests mutation testing runs (stryker.config.mjs): for each folder, the test files of that
 * folder (`MUTATION_SCOPE`, set by scripts/mutation.mjs), as the issue that asked for it framed it:
 * one change at a time, run the relevant test files. The rest of the suite — the CLI, the catalog's
 * browser test, whole-program plans, the policy pack's own process, and the other folders' tests
 * that load the whole example mesh — reaches the same code through other layers, and would make
 * every mutant that reaches it wait for minutes; a test in a child process would not even see the
 * mutant. No set-up: Chromium (test/support/chromium.ts) is `npm test`'s, for the catalog's browser
 * test, which is not here.
 */
import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config.js";

/** Each mutated folder's own tests. */
const TESTS: Record<string, string[]> = {
  // The contract's SQL checks (sql.ts) are tested where they run: on tables, by enforcement; its
  // identifier quoting, against names that try to end the identifier.
  "components/contract": [
    "test/contract/**/*.test.ts",
    "test/runner/enforce.test.ts",
    "test/runner/sqlQuoting.test.ts",
  ],
  // The freshness SLO check is declaration code with its tests beside the contract's.
  "components/declaration": ["test/declaration/**/*.test.ts", "test/contract/freshness.test.ts"],
  "policies/rules": ["test/policies/**/*.test.ts"],
  runner: ["test/runner/{enforce,extract,record}*.test.ts"],
};

const scope = process.env.MUTATION_SCOPE;
// A part of a folder may name its own relevant test files (`--tests`, scripts/mutation.mjs).
const narrowed = process.env.MUTATION_TESTS?.split(",").filter(Boolean);
const include =
  narrowed && narrowed.length > 0
    ? narrowed
    : scope !== undefined && scope in TESTS
      ? TESTS[scope]!
      : Object.values(TESTS).flat();

export default defineConfig({
  resolve,
  test: {
    include,
    exclude: [
      "**/node_modules/**",
      // Starts the pack in a child process, which runs the code unmutated.
      "test/policies/pack.e2e.test.ts",
      // Reads the rules' source text, which Stryker rewrites to switch mutants on.
      "test/policies/catalog.test.ts",
      // The breaking-change gate end to end through the CLI (minutes, whole mesh): the diff, lock
      // and version rules it relies on have their own tests here.
      "test/contract/gate.test.ts",
      "test/contract/versionGate.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
