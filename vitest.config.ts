import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // The repository's own domains use the platform through its public entry point, as an
    // installed package would; these aliases mirror tsconfig.json `paths`.
    alias: {
      "@datamesh/platform/policies": here("./policies/rules/index.ts"),
      "@datamesh/platform": here("./components/index.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file gets its own process, so each has its own Pulumi mock runtime.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
