/** A DuckDB session for a run: in memory, spilling to disk past its memory limit, with the warehouse attached. */
import { mkdirSync } from "node:fs";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/**
 * Shares of the pod's (or `--memory`'s) memory DuckDB may use before it spills to disk. Two
 * instances live at once — the runner's session (extract, copies, contract checks, load) and the
 * transform's sandbox — and each keeps what it cached until it closes, so their limits add up; the
 * rest is Node, DuckDB's own overhead and the allocator's slack.
 *
 * The sandbox gets two: DuckDB's window operator picks its strategy from the memory limit, and a
 * window over millions of keys that runs out of memory at one limit may run at the other (in
 * `npm run bench` the orders transform over 20M staged events runs at 40% and fails at 60%; over
 * its 5M-order table plus a new batch it fails at 40% and runs at 60%). The second is tried only
 * when the first runs out of memory, in a fresh instance; both stay within the pod.
 */
export const SESSION_MEMORY_SHARE = 0.12;
export const TRANSFORM_MEMORY_SHARES = [0.4, 0.6] as const;
/** Below this DuckDB cannot run a join or a window at all, whatever it spills. */
const MIN_MEMORY_LIMIT = 64 * 2 ** 20;

const limit = (bytes: number, share: number) =>
  `${Math.floor(Math.max(MIN_MEMORY_LIMIT, bytes * share) / 2 ** 20)}MiB`;

/**
 * DuckDB's threads for a pod of `cores` CPUs: whole cores, at least one. A pod of 500m that runs
 * as many threads as its node has cores is throttled, and each thread holds its own buffers.
 */
export const threadsFor = (cores: number) => Math.max(1, Math.floor(cores));

/** DuckDB's `memory_limit` of the session and of the transform's sandbox, for `bytes` of memory. */
export const memoryLimits = (bytes: number) => ({
  session: limit(bytes, SESSION_MEMORY_SHARE),
  transform: TRANSFORM_MEMORY_SHARES.map((share) => limit(bytes, share)),
});

/**
 * Set by the runner image to the folder its DuckDB extensions were installed into at build time:
 * the pod then never downloads one (and needs no egress to extensions.duckdb.org).
 */
export const EXTENSION_DIRECTORY_ENV = "MESH_DUCKDB_EXTENSION_DIRECTORY";

/** DuckDB's settings for every runner session: the memory limit, where to spill, where extensions live. */
export function duckdbSettings(
  tempDirectory: string,
  memoryLimit?: string,
  threads?: number,
): Record<string, string> {
  const extensions = process.env[EXTENSION_DIRECTORY_ENV];
  return {
    ...(memoryLimit ? { memory_limit: memoryLimit } : {}),
    temp_directory: tempDirectory,
    ...(threads ? { threads: String(threads) } : {}),
    ...(extensions ? { extension_directory: extensions, autoinstall_known_extensions: "false" } : {}),
  };
}

/** A DuckDB session in memory, spilling to `spill`, with `statements` run first (ATTACH, S3). */
export async function openSession(
  spill: string,
  memoryLimit: string | undefined,
  statements: readonly string[],
  threads?: number,
): Promise<{ connection: DuckDBConnection; close: () => void }> {
  mkdirSync(spill, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:", duckdbSettings(spill, memoryLimit, threads));
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    for (const statement of statements) await connection.run(statement);
    // DuckDB then tracks how far a query's scans are (for progress lines) without drawing its own bar.
    await connection.run("SET enable_progress_bar = true");
    await connection.run("SET enable_progress_bar_print = false");
  } catch (e) {
    close();
    throw e;
  }
  return { connection, close };
}
