/**
 * Import URLs that make Node evaluate a domain file again, as a new `pulumi preview` process would,
 * though this process (`mesh plan`, planning several stacks) imported it before.
 */
import { register } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

// Node caches modules by URL, so a query makes a new module. This resolve hook carries the query
// on to whatever the domain file imports from its own folder, so its helper modules run afresh
// too; the platform and node_modules stay shared. (Under vitest, which loads test-side modules
// itself, only the domain file is fresh.)
const HOOKS = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (!context.parentURL || !result.url.startsWith("file:")) return result;
  const parent = new URL(context.parentURL);
  const load = parent.searchParams.get("mesh-load");
  const folder = parent.searchParams.get("mesh-folder");
  if (!load || !folder || !result.url.startsWith(folder) || result.url.includes("/node_modules/")) return result;
  const url = new URL(result.url);
  url.searchParams.set("mesh-load", load);
  url.searchParams.set("mesh-folder", folder);
  return { ...result, url: url.href };
}`;

let loads = 0;
let registered = false;

/**
 * Registers the hook above, once per process. `register` waits for the hooks' thread to load it
 * (some 50 ms in a plan worker): a process that will import fresh calls this ahead, while it waits
 * anyway, rather than at its first {@link freshUrl}.
 */
export function prepareFreshImports(): void {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
  registered = true;
}

/** A URL of `file` no import in this process has used, carrying the file's folder for the hook. */
export function freshUrl(file: string): string {
  prepareFreshImports();
  const url = pathToFileURL(file);
  url.searchParams.set("mesh-load", String(++loads));
  url.searchParams.set("mesh-folder", pathToFileURL(`${dirname(file)}/`).href);
  return url.href;
}

/** A source location without the query {@link freshUrl} added. */
export const withoutFreshQuery = (source: string): string => source.replace(/\?mesh-load=[^:\s]*/, "");
