/**
 * Where a product's `transform.sqlFile` is. A module of its own, without zod: `mesh plan` digests the
 * SQL files (program/validatedMeshes.ts) on the path it takes before its first worker starts, which
 * loads no package (test/cli/startupImports.test.ts).
 */
import { relative, resolve } from "node:path";

/** Where `transform.sqlFile` `file` is, and whether it is inside the domain's folder (only then is it read). */
export function sqlFilePath(baseDir: string | undefined, file: string): { path: string; inside: boolean } {
  const path = resolve(baseDir ?? process.cwd(), file);
  return { path, inside: !relative(baseDir ?? process.cwd(), path).startsWith("..") };
}
