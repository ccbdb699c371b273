#!/usr/bin/env node
// The `mesh` command. The published package runs the compiled CLI (`dist/`, built by `npm run
// build`; the package ships no CLI sources) and registers a TypeScript loader only when a command
// reads a domain file (program/typescriptLoader.ts). A checkout of the platform runs its compiled
// copy likewise while that copy is current (built by `npm ci`, scripts/compiledCheckout.mjs), and
// otherwise its sources, through tsx, with the tsconfig of the working directory for its path
// mappings (bin/platformCopy.js decides which).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compiledCopy } from "./platformCopy.js";

const dist = await compiledCopy(fileURLToPath(new URL("..", import.meta.url)));
if (dist) {
  await import(pathToFileURL(join(dist, "cli", "run.js")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../cli/run.ts", import.meta.url).href);
}
