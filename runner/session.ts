/** A DuckDB session for a run: in memory, spilling to disk past its memory limit, with the warehouse attached. */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Layout } from "./layout.js";
import { literal } from "./sql.js";

/** Memory DuckDB may use before it spills to `<out>/tmp`: keeps a 10M-row run well under 1 GiB. */
export const MEMORY_LIMIT = "512MB";

/**
 * Set by the runner image to the folder its DuckDB extensions were installed into at build time:
 * the pod then never downloads one (and needs no egress to extensions.duckdb.org).
 */
export const EXTENSION_DIRECTORY_ENV = "MESH_DUCKDB_EXTENSION_DIRECTORY";

/** DuckDB's settings for both runners: the memory limit, where to spill, where extensions live. */
export function duckdbSettings(tempDirectory: string): Record<string, string> {
  const extensions = process.env[EXTENSION_DIRECTORY_ENV];
  return {
    memory_limit: MEMORY_LIMIT,
    temp_directory: tempDirectory,
    ...(extensions ? { extension_directory: extensions, autoinstall_known_extensions: "false" } : {}),
  };
}

export async function openSession(
  layout: Layout,
): Promise<{ connection: DuckDBConnection; close: () => void }> {
  mkdirSync(dirname(layout.warehouseDatabase), { recursive: true });
  const instance = await DuckDBInstance.create(":memory:", duckdbSettings(join(layout.root, "tmp")));
  const connection = await instance.connect();
  await connection.run(`ATTACH ${literal(layout.warehouseDatabase)} AS warehouse`);
  // DuckDB then tracks how far a query's scans are (for progress lines) without drawing its own bar.
  await connection.run("SET enable_progress_bar = true");
  await connection.run("SET enable_progress_bar_print = false");
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
