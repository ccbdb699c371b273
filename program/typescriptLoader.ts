/**
 * Domain files are TypeScript, the published CLI is compiled JavaScript (`dist/`). The CLI starts
 * without a TypeScript loader, so that a command that reads no domain file (`mesh --help`,
 * `mesh contract diff` …) does not pay for one; the first import of a domain file registers the
 * platform's own TypeScript hooks in this process (typescriptHooks.ts: esbuild's transform,
 * TypeScript's import paths, `@datamesh/platform` as this process's platform) and enables source
 * maps, so that an error names a line of the TypeScript source. Run from the sources, this module
 * is itself TypeScript, so a loader is evidently registered already (bin/mesh.js, Pulumi's
 * `--import=tsx`, vitest) and none is added.
 */
import { existsSync } from "node:fs";
import { createRequire, register } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessagePort } from "node:worker_threads";
import { resolvePlatformAs } from "./platformResolution.js";
import type { CompiledSource, HooksData } from "./typescriptHooks.js";

const fromSources = import.meta.url.endsWith(".ts");

/**
 * `@datamesh/platform` for a process that reads declarations as data (a declaration reader, and the
 * tools: `mesh run`, the catalog, contracts…): the declaration API without components
 * (declarationPlatform.ts; compiled, one bundled module). Such a process creates no resource, and is
 * spared the seconds the Pulumi SDKs take to load.
 */
export const DECLARATION_API = new URL(
  fromSources ? "./declarationPlatform.ts" : "./declarationPlatform.bundle.js",
  import.meta.url,
).href;

/** The registration, once the first call has started it. */
let registration: Promise<void> | undefined;

/** `@datamesh/platform` where no platform is given: this process's own components. */
const OWN_PLATFORM = new URL("../components/index.js", import.meta.url).href;

/**
 * Registers, once per process, what importing domain files takes: compiled, the TypeScript hooks,
 * with `platform` (a file URL; by default this process's components/index.js) as
 * `@datamesh/platform`; from the sources, where tsx is registered already, `platform`'s resolution
 * alone when one is given (platformResolution.ts), as a declaration reader and a plan worker give
 * theirs. One place decides, so that a process never resolves the platform twice over: the first
 * call does. A process of the CLI's either reads declarations (a reader, a tool) or plans a stack
 * (a plan worker), never both.
 *
 * Compiled, the platform is loaded before the hooks are registered: Node 20 runs module hooks on a
 * thread of their own, and every module resolved after them waits on a round trip to it. Only the
 * domain files and their folders need TypeScript; their `@datamesh/platform` then resolves to the
 * module already loaded, whose own imports were resolved without the hooks (the components' were
 * a hundred round trips: 100 ms of the first import of a domain file, against 15 once loaded).
 *
 * `sources`: the TypeScript of the domain's folder, compiled by the process that started this one
 * (readerSources.ts), for a process that may start no other and so no esbuild service: given as
 * is by a declaration reader, or as the port it will arrive through by a plan worker, which
 * registers the hooks before it knows its stack. The hooks then load no other TypeScript. From the
 * sources, tsx compiles instead.
 */
export function typescriptLoader(
  platform?: string,
  sources?: Record<string, CompiledSource> | MessagePort,
): Promise<void> {
  registration ??= registerHooks(platform, sources);
  return registration;
}

async function registerHooks(
  platform: string | undefined,
  sources: Record<string, CompiledSource> | MessagePort | undefined,
): Promise<void> {
  if (fromSources) {
    if (platform) resolvePlatformAs(platform);
    return;
  }
  const resolved = platform ?? OWN_PLATFORM;
  await import(resolved);
  process.setSourceMapsEnabled(true);
  const hooks = new URL("./typescriptHooks.js", import.meta.url);
  if (sources instanceof MessagePort) {
    const data: HooksData = { platform: resolved, sourcesPort: sources };
    register(hooks, { data, transferList: [sources] });
  } else {
    const data: HooksData = { platform: resolved, sources };
    register(hooks, { data });
  }
}

/**
 * {@link typescriptLoader} for a process that reads declarations as data: `@datamesh/platform` is
 * {@link DECLARATION_API}, whatever a domain's tsconfig says (compiled, one bundled module).
 */
export const declarationLoader = (sources?: Record<string, CompiledSource>): Promise<void> =>
  typescriptLoader(DECLARATION_API, sources);

/** A child process's entry module, and the flags node needs to load it. */
export interface ChildEntry {
  readonly module: URL;
  readonly execArgv: string[];
  /** Whether the child runs the compiled platform, rather than its sources through tsx's hooks. */
  readonly compiled: boolean;
}

/** The checkout's root and, run from its sources, what tells whether its compiled copy is current. */
const root = new URL("..", import.meta.url);
const builder = new URL("../scripts/compiledCheckout.mjs", import.meta.url);
// (A copy of the sources without the builder, as the runner image has, has no compiled copy either.)
const checkout =
  fromSources && existsSync(builder)
    ? ((await import(builder.href)) as typeof import("../scripts/compiledCheckout.mjs"))
    : undefined;

/**
 * How to start a child process whose entry is the platform module `entry` (a declaration reader, a
 * plan worker), given as its TypeScript source beside this module. Compiled, its compiled sibling,
 * with no flags: the child loads the platform first and then registers the loader with
 * {@link typescriptLoader}, so that the platform's modules do not each pay a round trip to the
 * hooks' thread (Node 20). From the sources of a checkout whose compiled copy is current, that
 * copy's module likewise: the child's cost is then the package's. Otherwise the source itself,
 * which tsx's hooks must load: `--import tsx`.
 */
export function childEntry(entry: URL): ChildEntry {
  const compiled = (module: string) => ({
    module: new URL(module.replace(/\.ts$/, ".js")),
    execArgv: [],
    compiled: true,
  });
  if (!fromSources) return compiled(entry.href);
  // Decided at the first child (reading every source takes milliseconds), once per process.
  const compiledRoot = checkout?.compiledCheckout(fileURLToPath(root));
  if (compiledRoot) {
    return compiled(
      pathToFileURL(join(compiledRoot, relative(fileURLToPath(root), fileURLToPath(entry)))).href,
    );
  }
  return {
    module: entry,
    execArgv: ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href],
    compiled: false,
  };
}
