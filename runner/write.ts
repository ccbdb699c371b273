/** Writing a query's result to one file, locally or on S3, so that readers never see half of it. */
import { mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { literal } from "./sql.js";

export const isRemote = (location: string) => location.startsWith("s3://");

/** `location` (a folder or `s3://bucket/prefix/`) joined with a relative path. */
export const under = (location: string, path: string) => `${location.replace(/\/?$/, "/")}${path}`;

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
  const rows = await copy(`${target}.tmp`);
  renameSync(`${target}.tmp`, target);
  return rows;
}
