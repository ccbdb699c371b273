/**
 * The runner's DuckDB extensions come from PyPI (`duckdb-ext-*`, runner/extensions.ts), for the
 * pinned DuckDB, and load from a local directory with downloads off — as in the runner image.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import {
  DUCKDB_EXTENSIONS,
  DUCKDB_EXTENSIONS_VERSION,
  extensionRequirements,
} from "../../runner/extensions.js";
import { duckdbSettings, EXTENSION_DIRECTORY_ENV } from "../../runner/session.js";
import { installDuckdbExtensions } from "../../scripts/install-duckdb-extensions.js";

const CACHE = join("node_modules", ".cache", "mesh-duckdb-extensions", DUCKDB_EXTENSIONS_VERSION);
const hasPip = spawnSync("python3", ["-m", "pip", "--version"]).status === 0;

describe("DuckDB's extensions from PyPI", () => {
  it("are pinned to the DuckDB the lockfile installs, in the runner image too", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const version = String((await c.runAndReadAll("SELECT version()")).getRows()[0]![0]);
    c.closeSync();
    db.closeSync();
    expect(`v${DUCKDB_EXTENSIONS_VERSION.split(".").slice(0, 3).join(".")}`).toBe(version);
    expect(extensionRequirements()).toEqual(
      DUCKDB_EXTENSIONS.map((e) => `duckdb-ext-${e}==${DUCKDB_EXTENSIONS_VERSION}`),
    );
    const dockerfile = readFileSync("Dockerfile", "utf8");
    expect(dockerfile).toContain(`ARG DUCKDB_EXTENSIONS_VERSION=${DUCKDB_EXTENSIONS_VERSION}\n`);
    for (const e of DUCKDB_EXTENSIONS)
      expect(dockerfile).toContain(`duckdb-ext-${e}==\${DUCKDB_EXTENSIONS_VERSION}`);
    // Nothing is installed from extensions.duckdb.org, at build or at run time.
    expect(dockerfile).not.toMatch(/INSTALL (httpfs|aws|avro|iceberg)/);
  });

  // Needs Python's pip and PyPI (CI has both); a machine with only Node skips it.
  it.skipIf(!hasPip)(
    "load in the runner's DuckDB from the local directory, with downloads off",
    async (context) => {
      const installed = installDuckdbExtensions(CACHE);
      if ("error" in installed) {
        context.skip(installed.error);
        return;
      }
      process.env[EXTENSION_DIRECTORY_ENV] = installed.directory;
      try {
        const settings = duckdbSettings(join(CACHE, "spill"));
        expect(settings).toMatchObject({
          extension_directory: installed.directory,
          autoinstall_known_extensions: "false",
        });
        const db = await DuckDBInstance.create(":memory:", settings);
        const c = await db.connect();
        for (const e of DUCKDB_EXTENSIONS) await c.run(`LOAD ${e}`);
        const loaded = (
          await c.runAndReadAll(
            `SELECT extension_name, install_path FROM duckdb_extensions() WHERE loaded AND extension_name IN ('httpfs', 'aws', 'avro', 'iceberg') ORDER BY 1`,
          )
        ).getRowObjectsJson();
        c.closeSync();
        db.closeSync();
        expect(loaded.map((r) => r.extension_name)).toEqual(["avro", "aws", "httpfs", "iceberg"]);
        for (const r of loaded) expect(String(r.install_path)).toContain(installed.directory);
      } finally {
        delete process.env[EXTENSION_DIRECTORY_ENV];
      }
    },
    180_000,
  );
});
