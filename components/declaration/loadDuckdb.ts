/**
 * DuckDB's Node API, loaded on first use. Declarations are checked with DuckDB (SQL bound, patterns
 * compiled) where a mesh is validated, but the modules that do it are also in the graph of processes
 * that never check one: a plan worker is handed its mesh validated (program/validatedMeshes.ts).
 * Loading the native library costs such a process some 0.1 s of wall and 0.2 s of CPU (measured:
 * `import("@duckdb/node-api")` alone, against `node -e 0`) on the path of every stack's plan.
 */
export const loadDuckdb = (): Promise<typeof import("@duckdb/node-api")> => import("@duckdb/node-api");
