import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const resolve = {
  // The repository's own domains use the platform through its public entry point, as an
  // installed package would; these aliases mirror tsconfig.json `paths`.
  alias: {
    "@datamesh/platform/policies": here("./policies/rules/index.ts"),
    "@datamesh/platform": here("./components/index.ts"),
  },
};

export default defineConfig({
  resolve,
  test: {
    include: ["test/**/*.test.ts"],
    // The scenarios against real engines run with `npm run test:integration` (vitest.integration.config.ts).
    exclude: ["test/integration/**", "**/node_modules/**"],
    // Each test file gets its own process, so each has its own Pulumi mock runtime.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
