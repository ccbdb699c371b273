/**
 * `tsx scripts/install-duckdb-extensions.ts DIR`: installs the runner's DuckDB extensions from PyPI
 * into DIR (`pip install --no-deps --target DIR`, pinned: `runner/extensions.ts`) and prints the
 * directory to point DuckDB at (`MESH_DUCKDB_EXTENSION_DIRECTORY`). Needs Python 3 with pip and
 * PyPI; nothing is downloaded at run time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DUCKDB_EXTENSIONS, extensionDirectoryIn, extensionRequirements } from "../runner/extensions.js";

/** Installs the extensions into `target` unless they are there; resolves to the extension directory. */
export function installDuckdbExtensions(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
): { directory: string } | { error: string } {
  const directory = extensionDirectoryIn(target);
  const marker = resolve(target, `.installed-${extensionRequirements().join(",")}`);
  if (existsSync(marker)) return { directory };
  const pip = spawnSync(
    "python3",
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-deps",
      "--upgrade",
      "--target",
      target,
      ...extensionRequirements(),
    ],
    { encoding: "utf8", env },
  );
  if (pip.error || pip.status !== 0) {
    return {
      error: `cannot install DuckDB's ${DUCKDB_EXTENSIONS.join(", ")} extensions from PyPI (python3 -m pip): ${(pip.error?.message ?? pip.stderr).trim().split("\n").slice(-1)[0]}`,
    };
  }
  writeFileSync(marker, "");
  return { directory };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write("usage: tsx scripts/install-duckdb-extensions.ts DIR\n");
    process.exit(2);
  }
  const result = installDuckdbExtensions(resolve(target));
  if ("error" in result) {
    process.stderr.write(`${result.error}\n`);
    process.exit(1);
  }
  process.stdout.write(`${result.directory}\n`);
}
