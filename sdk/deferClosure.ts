/**
 * Defers @pulumi/pulumi's closure serialization until something calls it.
 *
 * `require("@pulumi/pulumi")` loads `runtime/index.js`, which eagerly requires
 * `./closure/serializeClosure` and `./closure/codePaths` only to re-export three functions
 * (`serializeFunction`, `serializeFunctionAsync`, `computeCodePaths`). Those two modules pull in
 * the TypeScript compiler and npm's arborist, tar, sigstore and pacote: about 900 of the SDK's
 * 1,200 modules and most of its load time — seconds per `mesh` process that plans — for code a
 * plan under the mock runtime never runs (only function serialization, e.g. a Lambda written as a
 * closure, uses it).
 *
 * {@link deferClosureSerialization} makes those two requires, from that one parent, return
 * forwarders: each export read is a function that loads the real module on its first call and
 * calls the export of the same name. A program that does serialize a function gets the SDK's own
 * result, only later. All three exports are functions (runtime/index.js reads them by name at
 * load time, and nothing else in the SDK requires the two modules), so a forwarder is
 * indistinguishable from the export except by identity. Should an SDK version stop requiring these
 * paths, nothing is deferred and nothing breaks; should it read a non-function from them, the
 * forwarder fails when called, by name. test/sdk/deferClosure.test.ts holds both the deferral and
 * the serialization to the installed SDK. It is an SDK contact (docs/sdk.md).
 *
 * Call it before anything loads @pulumi/pulumi: cli/run.ts does before running a command, and
 * cli/plan/planWorker.ts before importing the planner. A process where the SDK is already loaded is
 * left as it is.
 */
import Module, { createRequire } from "node:module";

/** The modules deferred, as `runtime/index.js` requires them. */
const DEFERRED = new Set(["./closure/serializeClosure", "./closure/codePaths"]);
/** The one parent whose requires of them are deferred. */
const PARENT = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]index\.js$/;

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

let installed = false;

/** Whether @pulumi/pulumi's runtime is already loaded in this process (then there is nothing to defer). */
function sdkLoaded(): boolean {
  const cache = createRequire(import.meta.url).cache;
  return Object.keys(cache).some((file) => PARENT.test(file));
}

export function deferClosureSerialization(): void {
  if (installed || sdkLoaded()) return;
  installed = true;
  const load = loader._load;
  loader._load = function deferringLoad(this: unknown, request, parent, isMain) {
    if (!(DEFERRED.has(request) && PARENT.test(parent?.filename ?? ""))) {
      return load.call(this, request, parent, isMain);
    }
    let real: Record<string, unknown> | undefined;
    const module = () => (real ??= load.call(this, request, parent, isMain) as Record<string, unknown>);
    return new Proxy(
      {},
      {
        get(_, name) {
          if (typeof name !== "string") return undefined;
          return (...args: unknown[]) => {
            const exported = module()[name];
            if (typeof exported !== "function") {
              throw new TypeError(
                `@pulumi/pulumi ${request}: ${name} is not a function (sdk/deferClosure.ts)`,
              );
            }
            return exported(...args);
          };
        },
      },
    );
  };
}
