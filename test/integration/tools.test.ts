/** The shared tools the scenarios use are there: PyIceberg in the venv, DuckDB's extensions from PyPI. */
import { spawnSync } from "node:child_process";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, inject, it } from "vitest";

describe("integration tools", () => {
  it("PyIceberg imports in the tests' Python", () => {
    const { python } = inject("integration").tools;
    const r = spawnSync(python, ["-c", "import pyiceberg, pyarrow; print(pyiceberg.__version__)"], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+/);
  });
  it("DuckDB loads iceberg from the local extension directory with downloads off", async () => {
    const { duckdbExtensions } = inject("integration").tools;
    const db = await DuckDBInstance.create(":memory:", {
      extension_directory: duckdbExtensions,
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
    });
    const c = await db.connect();
    await c.run("LOAD iceberg");
    c.closeSync();
    db.closeSync();
  });
});
