/**
 * How a domain file's imports resolve in a process of the platform's that loads it (a declaration
 * reader, a plan worker): `@datamesh/platform` is always the platform of that process, whatever the
 * domain's tsconfig or node_modules say, so that what the file declares and creates goes through the
 * very modules the process plans with; and a package the domain's folder cannot resolve is taken
 * from the platform's own dependencies, as a domain folder without node_modules has it in its stack.
 * This is the resolution of a process run from the sources, where tsx loads TypeScript; compiled,
 * the platform's TypeScript hooks resolve alike (typescriptHooks.ts). typescriptLoader.ts registers
 * one or the other.
 */
import { register } from "node:module";

const HOOKS = `
let platform;
export function initialize(data) { platform = data.platform; }
export async function resolve(specifier, context, next) {
  if (specifier === "@datamesh/platform") return next(platform, context);
  try {
    return await next(specifier, context);
  } catch (error) {
    if (/^(\\.|\\/|file:|node:|data:)/.test(specifier)) throw error;
    return next(specifier, { ...context, parentURL: platform });
  }
}`;

/** Registers the resolution above, with `platform` (a file URL) as `@datamesh/platform`. */
export function resolvePlatformAs(platform: string): void {
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { platform } });
}
