/**
 * The tools every scenario shares: the Python environment (PyIceberg, the second engine that reads
 * back what the runner commits) and DuckDB's extensions from PyPI, installed as the runner image
 * installs them (scripts/install-duckdb-extensions.ts).
 */
import { join } from "node:path";
import { installDuckdbExtensions } from "../install-duckdb-extensions.js";
import type { IntegrationService, IntegrationServices } from "./services.js";
import { CACHE, pipEnvironment, pythonEnvironment, ROOT, SetupError } from "./toolchain.js";

const REQUIREMENTS = join(ROOT, "test", "integration", "requirements.txt");
const EXTENSIONS = join(CACHE, "duckdb-extensions");

function install(): IntegrationServices["tools"] {
  const { python } = pythonEnvironment(REQUIREMENTS);
  const extensions = installDuckdbExtensions(EXTENSIONS, { ...process.env, ...pipEnvironment() });
  if ("error" in extensions) throw new SetupError(extensions.error);
  return { python, duckdbExtensions: extensions.directory };
}

export const tools: IntegrationService<IntegrationServices["tools"]> = {
  name: "tools",
  install: () => void install(),
  start: async () => ({ servers: [], info: install() }),
};
