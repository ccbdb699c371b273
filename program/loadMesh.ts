/** Loads every domain declaration under `domains/` and validates the mesh they form. */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { LOCK_FILE, readLock } from "../components/contract/lock.js";
import type { DomainDefinition } from "../components/declaration/defineDomain.js";
import { DeclarationError } from "../components/declaration/errors.js";
import type { NamingContext } from "../components/declaration/limits.js";
import { type Mesh, validateMesh } from "../components/declaration/mesh.js";
import { meshSqlProblems } from "../components/declaration/meshSql.js";

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

const isDefinition = (v: unknown): v is DomainDefinition =>
  typeof v === "object" && v !== null && "input" in v && typeof (v as DomainDefinition).input === "object";

/** Imports each domain file's default export; throws {@link DeclarationError} for files that export none. */
export async function importDomains(domainsDir = defaultDomainsDir()): Promise<DomainDefinition[]> {
  const definitions: DomainDefinition[] = [];
  const problems = [];
  for (const file of domainFiles(domainsDir)) {
    const module = await import(pathToFileURL(file).href);
    if (isDefinition(module.default)) definitions.push(module.default);
    else {
      problems.push({
        source: relative(process.cwd(), file),
        path: "",
        message: "must `export default defineDomain({...})` (from @datamesh/platform)",
      });
    }
  }
  if (problems.length > 0) throw new DeclarationError(problems);
  return definitions;
}

/** The mesh of `domainsDir`, with what was last published in the lock file beside it. */
export async function loadMesh(context: NamingContext = {}, domainsDir = defaultDomainsDir()): Promise<Mesh> {
  const lock = readLock(join(dirname(domainsDir), LOCK_FILE));
  const definitions = await importDomains(domainsDir);
  const mesh = validateMesh(definitions, context, lock);
  // Every product's SQL is one SELECT over its declared inputs, or nothing deploys.
  const sqlProblems = await meshSqlProblems(mesh, definitions);
  if (sqlProblems.length > 0) throw new DeclarationError(sqlProblems);
  return mesh;
}
