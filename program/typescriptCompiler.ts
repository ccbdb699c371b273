/**
 * The TypeScript compiler the platform reads domain files with (sourceCheck.ts, pinpoint.ts,
 * platformExports.ts), required rather than imported: an ESM `import` of a CommonJS module makes
 * Node scan its source for export names first, and typescript.js is 9 MB — over a second of every
 * `mesh plan` spent before the compiler's own code runs. `require` returns the same module object.
 * Types come from `import type * as TS from "typescript"` where they are needed.
 */
import { createRequire } from "node:module";
import type * as TypeScript from "typescript";

export const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;
