/**
 * DuckDB's extensions the runner loads — `httpfs` and `aws` (S3 with the pod's credentials),
 * `iceberg` (the warehouse catalog) and `avro` (which iceberg needs) — come from PyPI, where DuckDB publishes each extension for
 * each DuckDB version as a package (`duckdb-ext-<name>`), never from extensions.duckdb.org at run
 * time. A package's wheel holds `duckdb_ext/extensions/v<duckdb>/<platform>/<name>.duckdb_extension`,
 * which is DuckDB's own `extension_directory` layout: installed with `pip install --target DIR`,
 * `DIR/duckdb_ext/extensions` is the directory the runner image and the tests point DuckDB at
 * (`MESH_DUCKDB_EXTENSION_DIRECTORY`, `runner/session.ts`).
 */
import { join } from "node:path";

/** The extensions the runner loads (`iceberg` loads `avro`, its manifests' format, itself). */
export const DUCKDB_EXTENSIONS = ["httpfs", "aws", "avro", "iceberg"] as const;

/**
 * The PyPI build of the extensions for the DuckDB the lockfile pins (`@duckdb/node-api` 1.4.4):
 * its version is the DuckDB version and the build's date. A test holds it to the installed DuckDB,
 * and the Dockerfile's `DUCKDB_EXTENSIONS_VERSION` to it.
 */
export const DUCKDB_EXTENSIONS_VERSION = "1.4.4.20260205";

/** The pip requirements, pinned: `duckdb-ext-httpfs==1.4.4.20260205`, … */
export const extensionRequirements = (): string[] =>
  DUCKDB_EXTENSIONS.map((name) => `duckdb-ext-${name}==${DUCKDB_EXTENSIONS_VERSION}`);

/** The DuckDB `extension_directory` inside a folder the packages were installed into (`pip --target`). */
export const extensionDirectoryIn = (target: string) => join(target, "duckdb_ext", "extensions");
