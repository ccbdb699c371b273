/**
 * The TypeScript compiler the platform reads domain files with (sourceCheck.ts, pinpoint.ts,
 * platformExports.ts): required, and only when first used.
 *
 * - Required rather than imported: an ESM `import` of a CommonJS module makes Node scan its source
 *   for export names first, and typescript.js is 9 MB — over half a second of every `mesh plan`
 *   before the compiler's own code runs. `require` returns the same module object.
 * - Loaded on first use: a plan worker (cli/plan/planWorker.ts) is handed the parent's verdicts on
 *   the domain files and never checks one, yet imports the modules that can; loading the compiler
 *   there would cost each worker as much again.
 *
 * Types come from `import type * as TS from "typescript"` where they are needed.
 */
import { createRequire } from "node:module";
import type * as TypeScript from "typescript";

let compiler: typeof TypeScript | undefined;
const load = (): typeof TypeScript => {
  compiler ??= createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return compiler;
};

/** The `typescript` module, loaded when a property of it is first read. */
export const ts = new Proxy({} as typeof TypeScript, {
  get: (_, name) => Reflect.get(load(), name),
  has: (_, name) => Reflect.has(load(), name),
});
