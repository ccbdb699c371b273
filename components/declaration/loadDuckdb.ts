/**
 * DuckDB's Node API, loaded on first use. Declarations are checked with DuckDB (SQL bound, patterns
 * compiled) where a mesh is validated, but the modules that do it are also in the graph of processes
 * that never check one: a plan worker is handed its mesh validated (program/validatedMeshes.ts).
 * Loading the native library costs such a process some 0.1 s of wall and 0.2 s of CPU (measured:
 * `import("@duckdb/node-api")` alone, against `node -e 0`) on the path of every stack's plan.
 *
 * Resolved once per process and kept: a process that runs domain code before it checks a mesh (a
 * tool importing domain files, program/loadMesh.ts) loads it first, and no module hook registered
 * later is asked for it again.
 */
let loaded: Promise<typeof import("@duckdb/node-api")> | undefined;

export const loadDuckdb = (): Promise<typeof import("@duckdb/node-api")> =>
  (loaded ??= import("@duckdb/node-api"));
