/**
 * Spark in local mode (engine spark): PySpark from PyPI, in the tests' Python environment, and the
 * jars the Spark runner image adds to Spark (spark/Dockerfile), resolved from Maven Central by
 * `scripts/integration/spark/pom.xml` at the image's versions. No server: each scenario runs
 * `spark-submit --master local[2]` (the venv's, with PySpark's own Spark home) as a process.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { IntegrationService, IntegrationServices } from "./services.js";
import { mavenClasspath, pythonEnvironment, ROOT, SetupError } from "./toolchain.js";

const REQUIREMENTS = join(ROOT, "test", "integration", "requirements.txt");

function install(): IntegrationServices["spark"] {
  const { python, bin } = pythonEnvironment(REQUIREMENTS);
  const jarsDir = dirname(mavenClasspath("spark", join(ROOT, "scripts", "integration", "spark")));
  const jars = readdirSync(jarsDir)
    .filter((f) => f.endsWith(".jar"))
    .sort()
    .map((f) => join(jarsDir, f));
  if (jars.length !== 4) throw new SetupError(`Spark's jars: expected 4 in ${jarsDir}, found ${jars.length}`);
  const sparkSubmit = join(bin, "spark-submit");
  if (!existsSync(sparkSubmit)) throw new SetupError(`PySpark installed no spark-submit in ${bin}`);
  return { python, sparkSubmit, jars };
}

export const spark: IntegrationService<IntegrationServices["spark"]> = {
  name: "spark",
  install: () => void install(),
  start: async () => ({ servers: [], info: install() }),
};
