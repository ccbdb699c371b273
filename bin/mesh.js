#!/usr/bin/env node
// The `mesh` command. Domain declarations are TypeScript in every repository, so tsx is always
// registered (with the tsconfig of the working directory, for its path mappings). In a checkout of
// the platform the CLI itself runs from source; the published package runs the compiled dist/.
import { existsSync } from "node:fs";
import { register } from "tsx/esm/api";

register();
const source = new URL("../cli/run.ts", import.meta.url);
await import(existsSync(source) ? source.href : new URL("../dist/cli/run.js", import.meta.url).href);
