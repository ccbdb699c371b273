/**
 * The TypeScript of a domain's folder, compiled for the declaration reader that reads it
 * (declarationReader.ts) by the process that starts the reader. A reader runs another team's code
 * in a sandbox that lets it start no process (readDomains.ts), so it cannot run esbuild's service
 * itself; the hooks it registers serve what is compiled here (typescriptHooks.ts), with the very
 * transform they use everywhere else. A file esbuild refuses carries esbuild's message, which the
 * reader throws only if the file is imported, as the hooks would have.
 */
import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { folderSources } from "./domainFiles.js";
import { type CompiledSource, compileTypeScript, TYPESCRIPT } from "./typescriptHooks.js";

/**
 * Every TypeScript file of `folder` and its subfolders (outside node_modules), compiled, by its real
 * path: the path Node imports it by (and names in errors), symbolic links resolved.
 */
export async function compiledFolder(folder: string): Promise<Record<string, CompiledSource>> {
  const compiled = await Promise.all(
    folderSources(realpathSync(folder), TYPESCRIPT).map(async (path): Promise<[string, CompiledSource]> => {
      try {
        return [path, { code: await compileTypeScript(path, await readFile(path, "utf8")) }];
      } catch (e) {
        return [path, { error: (e as Error).message }];
      }
    }),
  );
  return Object.fromEntries(compiled);
}
