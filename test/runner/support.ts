import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Output } from "../../cli/io.js";

export function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l = "") => stdout.push(l), err: (l = "") => stderr.push(l) };
}

/**
 * A copy of the example mesh to run in, so tests may change declarations and data. It has a
 * node_modules folder, as a project of the platform's users does: the compiler's verdicts on its
 * domain files are kept there between commands (program/verdictStore.ts), so a test that runs the
 * CLI many times on the same files checks them once, as a user's repeated commands do.
 */
export function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-run-"));
  for (const entry of ["domains", "stacks", "platform.yaml", "contracts.lock.json"])
    cpSync(entry, join(dir, entry), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  return dir;
}

/** Rows of a query against a DuckDB database file. */
export async function queryFile(
  file: string,
  sql: string,
  options: Record<string, string> = {},
): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(file, options);
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

/** Rows of a query against a run's local warehouse. */
export const query = (dir: string, sql: string) =>
  queryFile(join(dir, ".mesh", "warehouse", "mesh.duckdb"), sql, { access_mode: "READ_ONLY" });

/** `mesh transform` arguments for orders/orders over a run's staging, as the TransformJob passes them. */
export const ordersTransformArgs = (dir: string, sqlFile: string, productFile: string, catalog: string) => [
  "orders/orders",
  "--major",
  "1",
  "--product",
  productFile,
  "--sql",
  sqlFile,
  "--staging",
  join(dir, ".mesh/staging/orders/orders/v1"),
  "--catalog",
  catalog,
  "--table",
  "orders.orders_v1",
];

/**
 * A copy of workspace `dir` as the next commit: a new process would import its domain files
 * afresh, and this one has imported them (Node caches modules by path), so the copy has its own.
 */
export function nextCommit(dir: string, suffix: string): string {
  const next = `${dir}-${suffix}`;
  cpSync(dir, next, { recursive: true });
  return next;
}
