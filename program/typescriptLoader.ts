/**
 * Domain files are TypeScript, the published CLI is compiled JavaScript (`dist/`). The CLI starts
 * without a TypeScript loader, so that a command that reads no domain file (`mesh --help`,
 * `mesh contract diff` …) does not pay for one; the first import of a domain file registers tsx's
 * loader in this process. Run from the sources, this module is itself TypeScript, so a loader is
 * evidently registered already (bin/mesh.js, Pulumi's `--import=tsx`, vitest) and none is added.
 * The loader is tsx's entry, as `--import tsx` registers it: its ESM and its CommonJS hooks (a .ts
 * file outside a `"type": "module"` package is CommonJS to Node, and needs the latter).
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

let registering: Promise<void> | undefined;

export function typescriptLoader(): Promise<void> {
  if (import.meta.url.endsWith(".ts")) return Promise.resolve();
  const tsx: string = "tsx"; // (it ships no types for its entry)
  registering ??= import(tsx).then(() => undefined);
  return registering;
}

/**
 * `execArgv` of a child process whose entry is a module beside this one (a declaration reader, a
 * plan worker). From the sources the entry is itself TypeScript, and tsx's hooks must load it:
 * `--import tsx`. Compiled, none: the child loads the platform first and then registers the loader
 * with {@link typescriptLoader}, so that the platform's modules do not each pay a round trip to the
 * hooks' thread (Node 20).
 */
export function childLoaderFlags(): string[] {
  return import.meta.url.endsWith(".ts")
    ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href]
    : [];
}
