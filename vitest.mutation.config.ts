/**
 * The tests mutation testing runs (stryker.config.mjs): those of the folders it mutates. The rest of
 * the suite — the CLI, the catalog's browser test, whole-program plans, the policy pack's own
 * process — reaches the same code only through other layers, and would make every mutant wait for
 * minutes; a test in a child process would not even see the mutant. No set-up: Chromium
 * (test/support/chromium.ts) is `npm test`'s, for the catalog's browser test, which is not here.
 */
import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config.js";

export default defineConfig({
  resolve,
  test: {
    include: [
      "test/contract/**/*.test.ts",
      "test/declaration/**/*.test.ts",
      "test/policies/**/*.test.ts",
      "test/runner/{enforce,extract,recordSql,sandbox,sqlErrors}*.test.ts",
    ],
    exclude: [
      "**/node_modules/**",
      // Starts the pack in a child process, which runs the code unmutated.
      "test/policies/pack.e2e.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
