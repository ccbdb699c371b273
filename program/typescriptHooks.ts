/**
 * Module hooks (Node's `module.register`) that load TypeScript files: what a compiled process of
 * the platform (a declaration reader, a plan worker, the published CLI) needs to import a domain
 * file and the modules of its folder. They run on Node's hooks thread (typescriptLoader.ts
 * registers them).
 *
 * The transform is esbuild's, the one tsx uses. As TypeScript writes imports, `./owner.js` is
 * `./owner.ts` when only the latter exists, and an import without extension finds `.ts` or a
 * folder's `index.ts`; JSON imports need no import attribute. `@datamesh/platform` is the platform
 * given at registration (typescriptLoader.ts), whatever the domain's tsconfig.json or node_modules
 * say, not a second copy of it; a package the domain's folder cannot resolve is taken from the
 * platform's dependencies (as platformResolution.ts does from the sources). Every file loads as
 * an ES module, with CommonJS's `require`, `__dirname` and `__filename` where its package makes it
 * CommonJS (see commonjsGlobals). Errors point into the TypeScript source (inline source maps,
 * which the registering process enables). A declaration reader, which may start no process (nor
 * so esbuild's), is given its folder's TypeScript compiled by its parent with this same transform
 * (readerSources.ts), and loads no other; so is a plan worker, which runs in the same sandbox, its
 * domain's TypeScript reaching it through a port once its stack is known. Nothing else of tsx is
 * needed to read a declaration,
 * and loading tsx cost each such process about a third of its start (its modules, on both
 * threads).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MessagePort } from "node:worker_threads";

type Format = "module" | "commonjs";
interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface Resolved {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
interface Loaded {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<Resolved>;
type NextLoad = (url: string, context?: { readonly format?: string | null }) => Promise<Loaded>;

/** A TypeScript file, by its name: what the hooks compile. */
export const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
/** A specifier naming a file by path, whose TypeScript counterparts are tried. */
const BY_PATH = /^(?:\.{1,2}\/|\/|file:)/;

/** What `specifier` may name when it names no file as written, in the order tried. */
export function typescriptCandidates(specifier: string): string[] {
  const [path = "", query = ""] = specifier.split(/(?=\?)/);
  if (path.endsWith("/")) return [`${path}index.ts${query}`];
  const compiled = /\.([cm]?)js(x?)$/.exec(path);
  if (compiled) return [`${path.slice(0, -compiled[0].length)}.${compiled[1]}ts${compiled[2]}${query}`];
  return [`${path}.ts${query}`, `${path}.tsx${query}`, `${path}/index.ts${query}`];
}

/** `@datamesh/platform`: the platform of the process that registered the hooks (typescriptLoader.ts). */
let platform: string | undefined;

/**
 * The TypeScript of the domain folder a sandboxed process runs (a declaration reader, a plan
 * worker), compiled by the process that started it (readerSources.ts): neither may start a
 * process, esbuild's service included. A promise while a plan worker waits for its stack.
 */
let compiledSources:
  | ReadonlyMap<string, CompiledSource>
  | Promise<ReadonlyMap<string, CompiledSource>>
  | undefined;

/** A TypeScript file compiled ahead: its JavaScript, or why esbuild refused it. */
export type CompiledSource = { readonly code: string } | { readonly error: string };

/** What a process hands the hooks when it registers them (typescriptLoader.ts). */
export interface HooksData {
  readonly platform?: string;
  /** Its domain folder's TypeScript, compiled: a declaration reader knows its folder when it starts. */
  readonly sources?: Record<string, CompiledSource>;
  /**
   * Where that TypeScript will arrive, for a plan worker, which registers the hooks before it is
   * handed a stack: no TypeScript loads before it has.
   */
  readonly sourcesPort?: MessagePort;
}

export function initialize(data: HooksData | undefined): void {
  platform = data?.platform;
  if (data?.sources) {
    compiledSources = new Map(Object.entries(data.sources));
    return;
  }
  const port = data?.sourcesPort;
  if (port) {
    compiledSources = new Promise((arrived) =>
      port.on("message", (sources: Record<string, CompiledSource>) => {
        const compiled = new Map(Object.entries(sources));
        compiledSources = compiled;
        arrived(compiled);
      }),
    );
    // The port must not keep the hooks' thread, nor so the process, alive.
    port.unref();
    return;
  }
  // esbuild starts a service process at its first transform: started now, on this thread, while
  // the registering process goes on (a plan worker waits for its stack's mesh before it imports
  // the domain file), rather than when the first TypeScript file is imported.
  // (Should it fail, the first real transform fails, and says why.)
  esbuild()
    .then(({ transform }) => transform("", { loader: "ts" }))
    .catch(() => undefined);
}

/** esbuild's API, loaded once. */
let esbuildLoaded: Promise<typeof import("esbuild")> | undefined;
const esbuild = () => (esbuildLoaded ??= import("esbuild"));

/**
 * The JavaScript Node runs for the TypeScript file `path` holding `source`: the one transform of
 * the hooks and of the sources compiled ahead for a reader, so both run the same code.
 */
export async function compileTypeScript(path: string, source: string): Promise<string> {
  const { transform } = await esbuild();
  const { code } = await transform(source, {
    loader: path.endsWith(".tsx") ? "tsx" : "ts",
    format: "esm",
    sourcemap: "inline",
    sourcefile: path,
    target: `node${process.versions.node}`,
    ...(formatOf(path) === "commonjs" ? commonjsGlobals(path) : {}),
  });
  return code;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: NextResolve,
): Promise<Resolved> {
  if (specifier === "@datamesh/platform" && platform) return next(platform, context);
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!context.parentURL) throw error;
    if (!BY_PATH.test(specifier)) {
      // A package the domain's folder cannot resolve is the platform's dependency, as a domain
      // folder without node_modules has it in its stack (platformResolution.ts, from the sources).
      if (!platform || /^(node|data):/.test(specifier)) throw error;
      return next(specifier, { ...context, parentURL: platform });
    }
    for (const candidate of typescriptCandidates(specifier)) {
      try {
        return await next(candidate, context);
      } catch {
        // not this one either
      }
    }
    throw error;
  }
}

export async function load(url: string, context: { readonly format?: string | null }, next: NextLoad) {
  if (!url.startsWith("file:")) return next(url, context);
  const path = fileURLToPath(url.replace(/[?#].*$/, ""));
  // TypeScript imports JSON without `with { type: "json" }` (resolveJsonModule), as tsx lets it.
  if (path.endsWith(".json"))
    return { format: "json", source: await readFile(path, "utf8"), shortCircuit: true };
  if (!TYPESCRIPT.test(path)) return next(url, context);
  return { format: "module", source: await javascriptOf(path), shortCircuit: true };
}

async function javascriptOf(path: string): Promise<string> {
  if (!compiledSources) return compileTypeScript(path, await readFile(path, "utf8"));
  const compiled = (await compiledSources).get(path);
  if (!compiled) {
    throw new Error(
      `${path}: a domain file's code runs with the TypeScript of its domain's folder only, and this file is outside it`,
    );
  }
  if ("error" in compiled) throw new Error(compiled.error);
  return compiled.code;
}

/**
 * What a file CommonJS would run has of CommonJS's module scope. Every file is loaded as an ES
 * module: a CommonJS module's `require` cannot go through module hooks on Node 20, so neither
 * `@datamesh/platform` nor `./owner.js` (for `owner.ts`) would resolve from it. Written with
 * `import` and `export`, as TypeScript is, a file means the same either way; `require`,
 * `__dirname` and `__filename` are given it (not `module.exports`: a domain file exports with
 * `export default`).
 */
function commonjsGlobals(path: string) {
  return {
    banner:
      'import { createRequire as __meshCreateRequire } from "node:module"; const __meshRequire = __meshCreateRequire(import.meta.url);',
    define: {
      require: "__meshRequire",
      __dirname: JSON.stringify(dirname(path)),
      __filename: JSON.stringify(path),
    },
  };
}

/** `.mts` and `.cts` say what they are; a `.ts` file is what its package's `"type"` makes a `.js` file. */
function formatOf(path: string): Format {
  if (path.endsWith(".mts")) return "module";
  if (path.endsWith(".cts")) return "commonjs";
  return packageType(dirname(path));
}

const packageTypes = new Map<string, Format>();

function packageType(folder: string): Format {
  const known = packageTypes.get(folder);
  if (known) return known;
  const manifest = join(folder, "package.json");
  let text: string | undefined;
  try {
    text = readFileSync(manifest, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  let type: Format;
  if (text === undefined) {
    const parent = dirname(folder);
    type = parent !== folder ? packageType(parent) : "commonjs";
  } else {
    type =
      (parsedManifest(manifest, text) as { type?: unknown } | null)?.type === "module"
        ? "module"
        : "commonjs";
  }
  packageTypes.set(folder, type);
  return type;
}

/** A package.json that is not JSON fails the import, naming the file, as Node's resolution would. */
function parsedManifest(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`Invalid package config ${path}: ${(e as Error).message}`);
  }
}
