/** Loads every domain declaration under `domains/` and validates the mesh they form. */
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { LOCK_FILE, readLock } from "../components/contract/lock.js";
import type { DomainDefinition } from "../components/declaration/defineDomain.js";
import { DeclarationError } from "../components/declaration/errors.js";
import type { NamingContext } from "../components/declaration/limits.js";
import { loadDuckdb } from "../components/declaration/loadDuckdb.js";
import { type Mesh, namingProblemsOf, validateMesh } from "../components/declaration/mesh.js";
import { meshLineage } from "../components/declaration/meshLineage.js";
import { type MeshSqlOptions, meshSqlProblems } from "../components/declaration/meshSql.js";
import { defaultExport } from "./defaultExport.js";
import { defaultDomainsDir, domainFiles } from "./domainFiles.js";
import { freshUrl, withoutFreshQuery } from "./freshImport.js";
import { pinpoint } from "./pinpoint.js";
import { confined, folderProblems } from "./readDomains.js";
import { sandboxDenial } from "./readerSandbox.js";
import { refusedBy, sourceProblems } from "./sourceCheck.js";
import { declarationLoader, typescriptLoader } from "./typescriptLoader.js";
import { keepValidated, meshKey, validatedMesh } from "./validatedMeshes.js";

const isDefinition = (v: unknown): v is DomainDefinition =>
  typeof v === "object" && v !== null && "input" in v && typeof (v as DomainDefinition).input === "object";

/**
 * Imports one domain file in this process and returns its default export. `fresh` evaluates the
 * file again even if this process imported it before, as a new `pulumi preview` process would: its
 * top-level code then runs inside the stack being planned, against the whole platform. Otherwise
 * the file is read as data, as a tool reads it, against the declaration API alone (components are
 * refused, and the Pulumi SDKs never load); one process does not do both. Throws
 * {@link DeclarationError} naming the file when it fails to load or exports no definition.
 */
export async function importDomain(
  file: string,
  options: { fresh?: boolean } = {},
): Promise<DomainDefinition> {
  const source = relative(process.cwd(), file);
  const url = options.fresh ? freshUrl(file) : pathToFileURL(file).href;
  let module: { default?: unknown };
  await (options.fresh ? typescriptLoader() : declarationLoader());
  try {
    module = await import(url);
  } catch (e) {
    if (e instanceof DeclarationError) throw e;
    // In a `mesh plan` worker, the sandbox's refusal, in words (readerSandbox.ts).
    const message = sandboxDenial(e, "plan") ?? (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new DeclarationError([{ source, path: "", message: `failed to load: ${message}` }]);
  }
  const definition = defaultExport(module);
  if (isDefinition(definition)) {
    // The query that made the import fresh is no part of the file's name in messages.
    const located = definition.source && withoutFreshQuery(definition.source);
    return located === definition.source ? definition : Object.freeze({ ...definition, source: located });
  }
  throw new DeclarationError([
    { source, path: "", message: "must `export default defineDomain({...})` (from @datamesh/platform)" },
  ]);
}

/**
 * Imports each domain file in this process; throws {@link DeclarationError} for files that export
 * none. For tools (catalog, contracts, runner): a stack's program reads other domains with
 * `readDomains` instead, so that their code never runs in it. Each file is held to its own folder
 * as a stack holds it (`confined`, `folderProblems`): its domain is named after the folder, and its
 * source line and SQL folder lie inside it, so a tool builds the mesh a plan would.
 */
export async function importDomains(domainsDir = defaultDomainsDir()): Promise<DomainDefinition[]> {
  const loaded: string[] = [];
  const definitions: DomainDefinition[] = [];
  const files = domainFiles(domainsDir);
  // A file the compiler refuses is not imported: its diagnostic says more than its failure would,
  // and a key written twice would even load.
  const problems = [...sourceProblems(files)];
  // DuckDB checks the mesh's SQL once the files are read: it is resolved and loaded before their
  // code runs in this process, so that no module hook a file registers can stand in for it.
  await loadDuckdb();
  for (const file of files) {
    if (refusedBy(problems, file)) continue;
    try {
      definitions.push(confined(file, await importDomain(file)));
      loaded.push(file);
    } catch (e) {
      if (!(e instanceof DeclarationError)) throw e;
      problems.push(...e.problems);
    }
  }
  problems.push(...folderProblems(loaded, definitions));
  if (problems.length > 0) throw new DeclarationError(problems);
  return definitions;
}

/**
 * Validates definitions as the mesh of `domainsDir`, with what was last published in the lock file
 * beside it, and every product's SQL: one SELECT over its declared inputs, or nothing deploys.
 * Each declared product's model carries its column lineage; an output column that carries PII its
 * contract does not mark, or a classification below an input it exposes, is refused.
 */
export async function meshOf(
  definitions: readonly DomainDefinition[],
  context: NamingContext = {},
  domainsDir = defaultDomainsDir(),
  options: MeshSqlOptions = {},
): Promise<Mesh> {
  try {
    const lock = readLock(join(dirname(domainsDir), LOCK_FILE));
    const key = meshKey(definitions, lock, options);
    const known = validatedMesh(key);
    if (known) {
      // Valid as validated before, in this process or in the `mesh plan` it plans for: only names
      // depend on the naming context.
      const problems = namingProblemsOf(known, definitions, context);
      if (problems.length > 0) throw new DeclarationError(problems);
      return known;
    }
    const mesh = validateMesh(definitions, context, lock);
    const sqlProblems = await meshSqlProblems(mesh, definitions, options);
    if (sqlProblems.length > 0) throw new DeclarationError(sqlProblems);
    // Lineage of SQL that is one SELECT over its inputs: PII and classification follow the data.
    const { products, problems } = await meshLineage(mesh, definitions);
    if (problems.length > 0) throw new DeclarationError(problems);
    const valid = { ...mesh, products };
    keepValidated(key, valid);
    return valid;
  } catch (e) {
    // Each problem at its field's line and column, not at the `defineDomain(` line.
    if (e instanceof DeclarationError) throw new DeclarationError(pinpoint(e.problems));
    throw e;
  }
}

/**
 * The mesh of `domainsDir`, with what was last published in the lock file beside it; `options`
 * say whether its SQL is bound against its inputs' contracts (by default it is).
 */
export async function loadMesh(
  context: NamingContext = {},
  domainsDir = defaultDomainsDir(),
  options: MeshSqlOptions = {},
): Promise<Mesh> {
  return meshOf(await importDomains(domainsDir), context, domainsDir, options);
}
