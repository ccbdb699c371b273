/**
 * `npm run test:integration`: the production path against real engines on loopback (S3, an Iceberg
 * REST catalog, Kafka, Spark). `npm test` never runs these; `.ci/run` runs both.
 */
import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config.js";

export default defineConfig({
  resolve,
  test: {
    include: ["test/integration/**/*.test.ts"],
    pool: "forks",
    globalSetup: ["test/integration/globalSetup.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // The engines are shared and the machine has 2 cores: one scenario file at a time.
    fileParallelism: false,
  },
});
