#!/usr/bin/env node
// The `mesh` command. In a checkout it runs the TypeScript sources through tsx; the published
// package runs the compiled files in dist/.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/run.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
  await import(new URL("../cli/run.ts", import.meta.url).href);
}
