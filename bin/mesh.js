#!/usr/bin/env node
// The `mesh` command. The published package runs the compiled CLI (`dist/`, built by `npm run
// build`; the package ships no CLI sources) and registers a TypeScript loader only when a command
// reads a domain file (program/typescriptLoader.ts). A checkout of the platform runs its compiled
// copy likewise while that copy is current (built by `npm ci`, scripts/compiledCheckout.mjs), and
// otherwise its sources, through tsx, with the tsconfig of the working directory for its path mappings.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../cli/run.ts", import.meta.url);
const compiled = new URL("../dist/cli/run.js", import.meta.url);
// (A copy of the sources without it, as the runner image has, has no compiled copy either.)
const builder = new URL("../scripts/compiledCheckout.mjs", import.meta.url);
if (!existsSync(source)) {
  await import(compiled.href);
} else {
  const { compiledCheckout } = existsSync(builder)
    ? await import(builder.href)
    : { compiledCheckout: () => undefined };
  if (compiledCheckout(fileURLToPath(new URL("..", import.meta.url)))) {
    await import(compiled.href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    await import(source.href);
  }
}
