/**
 * The compiler's verdicts on domain files, kept on disk between runs (sourceCheck.ts): loading the
 * TypeScript compiler and checking the mesh's files costs a second or two of every `mesh plan`,
 * though the files rarely change between two runs. A verdict is stored under a key that holds
 * everything it was reached from (sourceCheck.ts builds it: the files' contents, the compiler's and
 * Node's versions, the checker's own code, the platform's export names, the installed packages),
 * so a stored verdict is one the compiler would reach again.
 *
 * Where: `node_modules/.cache/datamesh/source-check/` of the working directory, as other tools
 * keep their caches; nowhere (each run checks) when the working directory has no node_modules or
 * `MESH_CACHE=off`. The store is advisory: a verdict only words the compiler's findings about names
 * and modules before a domain file is loaded; whatever a file declares is still judged by the
 * declaration schema and every check after it, so an entry planted by hand can hide a typo's
 * message, not let a declaration through. An entry that cannot be read is a miss; one is written
 * whole or not at all (a temporary file renamed into place).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { DeclarationProblem } from "../components/declaration/errors.js";

/** Entries kept; past it the oldest go (each is a few hundred bytes). */
const KEPT_ENTRIES = 256;

/** A module a checked file imports from outside its folder, and whether Node resolved it then. */
export interface ExternalImport {
  readonly specifier: string;
  readonly containing: string;
  readonly resolvable: boolean;
}

export interface StoredVerdict {
  readonly problems: readonly DeclarationProblem[];
  /** Checked again on reuse: a package installed or removed since changes the verdict. */
  readonly imports: readonly ExternalImport[];
}

/** The store's folder, or undefined when verdicts are not kept. */
export function storeFolder(cwd = process.cwd()): string | undefined {
  if (process.env.MESH_CACHE === "off") return undefined;
  const modules = join(cwd, "node_modules");
  return existsSync(modules) ? join(modules, ".cache", "datamesh", "source-check") : undefined;
}

/** The verdict stored under `key`, if there is a readable one. */
export function storedVerdict(key: string, folder = storeFolder()): StoredVerdict | undefined {
  if (!folder) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(folder, `${key}.json`), "utf8"));
    return isVerdict(parsed) ? parsed : undefined;
  } catch {
    return undefined; // absent, half-written by a crashed run before rename (never), or not ours
  }
}

/** Stores `verdict` under `key`; a store that cannot be written is no store (the run goes on). */
export function storeVerdict(key: string, verdict: StoredVerdict, folder = storeFolder()): void {
  if (!folder) return;
  try {
    mkdirSync(folder, { recursive: true });
    const temporary = join(folder, `.${key}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(verdict));
    renameSync(temporary, join(folder, `${key}.json`));
    prune(folder);
  } catch {
    // read-only or full disk: the next run checks again
  }
}

/**
 * A temporary file older than this was left by a run that crashed between writing and renaming
 * it; a younger one may be another run's write in progress.
 */
const ABANDONED_AFTER_MS = 10 * 60_000;

function prune(folder: string): void {
  const files = readdirSync(folder);
  const now = Date.now();
  for (const f of files.filter((name) => name.endsWith(".tmp"))) {
    // Another run may rename its own temporary file between the listing and here: skip it.
    const modified = statSync(join(folder, f), { throwIfNoEntry: false })?.mtimeMs;
    if (modified !== undefined && now - modified > ABANDONED_AFTER_MS)
      rmSync(join(folder, f), { force: true });
  }
  const entries = files
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ f, at: statSync(join(folder, f)).mtimeMs }));
  if (entries.length <= KEPT_ENTRIES) return;
  entries.sort((a, b) => a.at - b.at);
  for (const { f } of entries.slice(0, entries.length - KEPT_ENTRIES))
    rmSync(join(folder, f), { force: true });
}

function isVerdict(value: unknown): value is StoredVerdict {
  if (typeof value !== "object" || value === null) return false;
  const { problems, imports } = value as Record<string, unknown>;
  return (
    Array.isArray(problems) &&
    problems.every(
      (p) =>
        typeof p === "object" &&
        p !== null &&
        typeof (p as DeclarationProblem).path === "string" &&
        typeof (p as DeclarationProblem).message === "string" &&
        ["string", "undefined"].includes(typeof (p as DeclarationProblem).source),
    ) &&
    Array.isArray(imports) &&
    imports.every(
      (i) =>
        typeof i === "object" &&
        i !== null &&
        typeof (i as ExternalImport).specifier === "string" &&
        typeof (i as ExternalImport).containing === "string" &&
        typeof (i as ExternalImport).resolvable === "boolean",
    )
  );
}
