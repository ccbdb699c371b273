/** Writing a query's result to one file, locally or on S3, so that readers never see half of it. */
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { literal } from "./sql.js";

export const isRemote = (location: string) => location.startsWith("s3://");

/** `location` (a folder or `s3://bucket/prefix/`) joined with a relative path. */
export const under = (location: string, path: string) => `${location.replace(/\/?$/, "/")}${path}`;

/** A local file being written whole: it gets its name only once complete. */
const partial = (target: string) => `${target}.tmp`;

/** A file a writer had not finished (a run killed mid-write left it): never an input. */
export const isPartial = (file: string) => file.endsWith(".tmp");

/**
 * Removes the partial files a run killed mid-write left under a local folder. Only while no other
 * run writes there (`mesh run` holds the folder's lock).
 */
export function removePartialWrites(folder: string): void {
  let files: string[];
  try {
    files = readdirSync(folder, { recursive: true, encoding: "utf8" });
  } catch {
    return; // no such folder yet
  }
  for (const file of files) if (isPartial(file)) rmSync(join(folder, file), { force: true });
}

/** Copies a local file to `target` whole or not at all (beside its name, then renamed). */
export function copyWhole(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, partial(target));
  renameSync(partial(target), target);
}

/**
 * Writes `query` to `target` whole or not at all: on S3 one PUT replaces the object at once;
 * locally the file is written beside its name and renamed. Resolves to the rows written.
 */
export async function writeWhole(
  connection: DuckDBConnection,
  query: string,
  target: string,
  format: string,
): Promise<number> {
  const copy = async (to: string) =>
    Number(
      (await connection.runAndReadAll(`COPY (${query}) TO ${literal(to)} (${format})`)).getRows()[0]?.[0] ??
        0,
    );
  if (isRemote(target)) return copy(target);
  mkdirSync(dirname(target), { recursive: true });
  const rows = await copy(partial(target));
  renameSync(partial(target), target);
  return rows;
}
