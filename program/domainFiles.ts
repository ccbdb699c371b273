/**
 * Where a mesh's domain files are. A module of its own, without the declaration's validation:
 * `mesh plan` lists the files and starts reading them before it loads anything else.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** `domains/` of the project being deployed: Pulumi and `mesh` both run in the project folder. */
export const defaultDomainsDir = () => join(process.cwd(), "domains");

/** `domains/<name>/index.ts` for every domain folder, sorted. */
export function domainFiles(domainsDir = defaultDomainsDir()): string[] {
  if (!existsSync(domainsDir)) return [];
  return readdirSync(domainsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(domainsDir, d.name, "index.ts"))
    .filter((f) => existsSync(f))
    .sort();
}

/** The files of `folder` and its subfolders whose names match `pattern`, outside node_modules, sorted. */
export function folderSources(folder: string, pattern: RegExp): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && pattern.test(d.name) && !join(d.parentPath, d.name).includes("node_modules"))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}
