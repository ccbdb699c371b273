/**
 * `npm run test:integration`: checks the prerequisites, installs the engines into
 * `.cache/integration/` (first run only), then runs the scenarios (vitest.integration.config.ts),
 * whose global setup starts the engines on loopback and stops them after. Extra arguments go to
 * vitest (e.g. `--reporter=json --outputFile.json=…`, or a file filter).
 */
import { spawnSync } from "node:child_process";
import { missingPrerequisites } from "./prerequisites.js";
import { INTEGRATION_SERVICES } from "./services.js";
import { ROOT, SetupError } from "./toolchain.js";

async function main(): Promise<number> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(
      `test:integration needs what is missing here (nothing was run):\n${missing.map((m) => `  - ${m}`).join("\n")}\n`,
    );
    return 2;
  }
  for (const service of INTEGRATION_SERVICES) {
    const started = Date.now();
    process.stdout.write(`installing ${service.name}… `);
    await service.install();
    process.stdout.write(`done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  const vitest = spawnSync(
    process.execPath,
    [
      "node_modules/vitest/vitest.mjs",
      "run",
      "--config",
      "vitest.integration.config.ts",
      ...process.argv.slice(2),
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
  return vitest.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`test:integration: ${e instanceof SetupError ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
