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

/**
 * Test files that may share a process with the files before them: they never start the Pulumi
 * runtime (no planStack, mocks, deployMeshNode or CLI main), never import domain files in-process,
 * and set no process-wide state (environment, working directory, globals, module mocks, timers),
 * neither themselves nor through the test modules they import. Sharing one module graph spares each
 * of them seconds of imports (zod, DuckDB, the policy rules) that a fresh process repeats. A file
 * not listed runs in a process of its own: so does every new file until it is added here.
 */
const SHARED_PROCESS = [
  "test/bench/syntheticMesh.test.ts",
  "test/catalog/html.test.ts",
  "test/catalog/qualityRules.test.ts",
  "test/catalog/site.test.ts",
  "test/cli/autoJobs.test.ts",
  "test/cli/startupImports.test.ts",
  "test/cli/toolsReadDeclarations.test.ts",
  "test/cli/workerReply.test.ts",
  "test/components/sparkApplication.test.ts",
  "test/components/sparkWarehouse.test.ts",
  "test/contract/columns.test.ts",
  "test/contract/diff.test.ts",
  "test/contract/freshness.test.ts",
  "test/contract/lockLineage.test.ts",
  "test/contract/odcs-contract.test.ts",
  "test/contract/odcs-corpus.test.ts",
  "test/contract/odcs-document.test.ts",
  "test/contract/odcs-ignored.test.ts",
  "test/contract/odcs-nested.test.ts",
  "test/contract/odcs-nestedType.test.ts",
  "test/contract/odcs-property.test.ts",
  "test/contract/odcs-quality.test.ts",
  "test/contract/odcs-qualityRules.test.ts",
  "test/contract/odcs-render.test.ts",
  "test/contract/odcs-sla.test.ts",
  "test/contract/odcs-types.test.ts",
  "test/contract/version.test.ts",
  "test/declaration/classificationFlow.test.ts",
  "test/declaration/columnLineage.test.ts",
  "test/declaration/consent.test.ts",
  "test/declaration/cron.test.ts",
  "test/declaration/cronDays.test.ts",
  "test/declaration/dependencies.test.ts",
  "test/declaration/derived.test.ts",
  "test/declaration/errors.test.ts",
  "test/declaration/fieldSchema.test.ts",
  "test/declaration/jsonSchema.test.ts",
  "test/declaration/lineageAlgebra.test.ts",
  "test/declaration/mesh.test.ts",
  "test/declaration/meshLineage.test.ts",
  "test/declaration/meshSql.test.ts",
  "test/declaration/names.test.ts",
  "test/declaration/nestedFields.test.ts",
  "test/declaration/piiFlow.test.ts",
  "test/declaration/primaryKey.test.ts",
  "test/declaration/quality.test.ts",
  "test/declaration/qualitySchema.test.ts",
  "test/declaration/schemaIssues.test.ts",
  "test/declaration/spelling.test.ts",
  "test/declaration/sqlLocation.test.ts",
  "test/declaration/stagingRelation.test.ts",
  "test/declaration/stringRules.test.ts",
  "test/declaration/transformSql.test.ts",
  "test/declaration/transformSqlFunctions.test.ts",
  "test/declaration/types.test.ts",
  "test/declaration/units.test.ts",
  "test/history/attainment.test.ts",
  "test/history/publishedError.test.ts",
  "test/history/quarantineTrend.test.ts",
  "test/policies/catalog.test.ts",
  "test/policies/crossDomainAccess.test.ts",
  "test/policies/engine.test.ts",
  "test/policies/environment.test.ts",
  "test/policies/governance.test.ts",
  "test/policies/grantTargetsIndex.test.ts",
  "test/policies/grants.test.ts",
  "test/policies/iam.test.ts",
  "test/policies/iamBoundaries.test.ts",
  "test/policies/irsaAudience.test.ts",
  "test/policies/kafka.test.ts",
  "test/policies/kubernetes.test.ts",
  "test/policies/mesh.test.ts",
  "test/policies/meshBoundaries.test.ts",
  "test/policies/networkDefaultDeny.test.ts",
  "test/policies/pavedRoad.test.ts",
  "test/policies/permissionDocumentKnown.test.ts",
  "test/policies/policyHelpers.test.ts",
  "test/policies/pss.test.ts",
  "test/policies/resourcesInDomain.test.ts",
  "test/policies/runMemory.test.ts",
  "test/policies/s3.test.ts",
  "test/policies/spark.test.ts",
  "test/policies/stateFile.test.ts",
  "test/policies/targets.test.ts",
  "test/policies/typeScope.test.ts",
  "test/program/defaultExport.test.ts",
  "test/program/readerAnswer.test.ts",
  "test/runner/enforce.test.ts",
  "test/runner/extract.test.ts",
  "test/runner/jsonRecords.test.ts",
  "test/runner/nestedRecords.test.ts",
  "test/runner/progress.test.ts",
  "test/runner/qualityChecks.test.ts",
  "test/runner/recordReasons.test.ts",
  "test/runner/recordRules.test.ts",
  "test/runner/runLock.test.ts",
  "test/runner/sqlQuoting.test.ts",
  "test/spark/transformPy.test.ts",
  "test/spark/versions.test.ts",
  "test/support/chromium.test.ts",
  "test/support/integrationPrerequisites.test.ts",
  "test/support/kafkaPlan.test.ts",
];

// The scenarios against real engines run with `npm run test:integration` (vitest.integration.config.ts).
const exclude = ["test/integration/**", "**/node_modules/**"];

export default defineConfig({
  resolve,
  test: {
    pool: "forks",
    // Vitest's default in a run is one worker fewer than the cores: on the two-core machines this
    // suite is held to (≤ 180 s from a fresh clone), that ran every file one after the other.
    maxWorkers: "100%",
    // A guard against a hung test, not a speed goal (those are in `npm run bench`): with a worker
    // per core, a test that plans the mesh shares its core with another file's.
    testTimeout: 120_000,
    // Before each test file: the SDK without its closure serializer, as the CLI loads it.
    setupFiles: ["test/support/sdkAsPlanned.setup.ts"],
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "shared", include: SHARED_PROCESS, exclude, isolate: false } },
      // Each of these files gets its own process, so each has its own Pulumi mock runtime.
      {
        extends: true,
        test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: [...exclude, ...SHARED_PROCESS] },
      },
    ],
  },
});
