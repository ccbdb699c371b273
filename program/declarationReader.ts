/**
 * Child process entry of `readDomains` (readDomains.ts): imports ONE domain file and sends its
 * `defineDomain` input back over IPC. The child is started without the Pulumi engine's address
 * (nor its config), and `@datamesh/platform` is the declaration API alone (declarationPlatform.ts),
 * so whatever the file's own code tries to create goes nowhere: another domain's code never
 * registers resources in the stack that reads its declaration.
 */
import { pathToFileURL } from "node:url";
import { defaultExport } from "./defaultExport.js";
import { typescriptLoader } from "./typescriptLoader.js";

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

// Compiled, the declaration API comes bundled with zod into one module (scripts/compiledCheckout.mjs,
// bundleReaderPlatform): a reader loads it once per domain file.
const PLATFORM = new URL(
  import.meta.url.endsWith(".ts") ? "./declarationPlatform.ts" : "./declarationPlatform.bundle.js",
  import.meta.url,
).href;
// Compiled, the reader loads the platform before any hook is registered: Node 20 runs module hooks
// on a thread of their own, and a hundred platform modules each waiting on two round trips to
// tsx's cost a second per domain file read. Only the domain file and its folder need TypeScript;
// its `@datamesh/platform` then resolves to the module already loaded. (From the sources the
// platform is TypeScript too, and tsx was registered before this file ran.)
if (!import.meta.url.endsWith(".ts")) await import(PLATFORM);
// `@datamesh/platform` is the declaration API, whatever the domain's tsconfig says.
await typescriptLoader(PLATFORM);

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
  message = { kind: "problem", message: `failed to load: ${firstLine(e)}` };
}
await send(message);
process.exit(0);

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0] ?? text;
}
