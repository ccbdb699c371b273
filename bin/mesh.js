#!/usr/bin/env node
// The `mesh` command. The published package runs the compiled CLI (`dist/`, built by `npm run
// build`; the package ships no CLI sources) and registers a TypeScript loader only when a command
// reads a domain file (program/typescriptLoader.ts). A checkout of the platform has the sources
// and runs them through tsx, with the tsconfig of the working directory for its path mappings.
import { existsSync } from "node:fs";

const source = new URL("../cli/run.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import(new URL("../dist/cli/run.js", import.meta.url).href);
}
