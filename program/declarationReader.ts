/**
 * Child process entry of `readDomains` (readDomains.ts): imports ONE domain file and sends its
 * `defineDomain` input back over IPC. The child is started without the Pulumi engine's address
 * (nor its config), and `@datamesh/platform` is the declaration API alone (declarationPlatform.ts),
 * so whatever the file's own code tries to create goes nowhere: another domain's code never
 * registers resources in the stack that reads its declaration.
 */
import { pathToFileURL } from "node:url";
import { defaultExport } from "./defaultExport.js";
import { sandboxDenial, shutSandboxDoors } from "./readerSandbox.js";
import type { CompiledSource } from "./typescriptHooks.js";
import { declarationLoader } from "./typescriptLoader.js";

/** What the parent sends first: the TypeScript of the file's folder, compiled (readerSources.ts). */
export interface ReaderSources {
  readonly kind: "sources";
  readonly sources: Record<string, CompiledSource>;
}

/** What the child answers; the parent trusts none of it beyond its own file (see readDomains.ts). */
export type ReaderMessage =
  | {
      readonly kind: "definition";
      readonly input: unknown;
      readonly source?: unknown;
      readonly baseDir?: unknown;
    }
  | { readonly kind: "problem"; readonly message: string };

const send = (message: ReaderMessage) =>
  new Promise<void>((resolve) => {
    try {
      process.send?.(message, undefined, undefined, () => resolve());
    } catch (e) {
      // Not structured-cloneable (a function, a symbol...): a declaration is plain data.
      process.send?.(
        { kind: "problem", message: `the declaration is not plain data (${(e as Error).message})` },
        undefined,
        undefined,
        () => resolve(),
      );
    }
  });

const file = process.argv[2];
if (!file || !process.send) throw new Error("declarationReader: run only by readDomains()");

// `@datamesh/platform` is the declaration API (compiled: bundled with zod into one module, which
// scripts/compiledCheckout.mjs makes), whatever the domain's tsconfig says. The folder's TypeScript
// comes compiled from the parent: this process may start none (readDomains.ts).
const sources = await new Promise<ReaderSources["sources"] | undefined>((resolve) =>
  process.once("message", (m: Partial<ReaderSources> | undefined) =>
    resolve(m?.kind === "sources" ? m.sources : undefined),
  ),
);
await declarationLoader(sources);
// The hooks' thread runs: no other thread may start, in the sandbox (readerSandbox.ts).
shutSandboxDoors();

let message: ReaderMessage;
try {
  const definition = defaultExport(await import(pathToFileURL(file).href)) as {
    readonly input?: unknown;
    readonly source?: unknown;
    readonly baseDir?: unknown;
  } | null;
  message =
    typeof definition === "object" && definition !== null && typeof definition.input === "object"
      ? {
          kind: "definition",
          input: definition.input,
          source: definition.source,
          baseDir: definition.baseDir,
        }
      : { kind: "problem", message: "must `export default defineDomain({...})` (from @datamesh/platform)" };
} catch (e) {
  message = { kind: "problem", message: `failed to load: ${sandboxDenial(e, "reader") ?? firstLine(e)}` };
}
await send(message);
process.exit(0);

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0] ?? text;
}
