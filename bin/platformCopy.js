// Which copy of the platform a process started from this checkout or from the published package
// runs: its compiled copy (`dist/`) or its TypeScript sources through tsx. The `mesh` command
// (bin/mesh.js) and the policy pack's entry (policies/pack.cjs) both ask here, so they decide alike.
// Plain JavaScript, so that either can decide before any TypeScript loader is registered.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * `<root>/dist` when that is the copy to run, else undefined (the sources):
 * - the published package ships the compiled platform and no CLI sources: its `dist/`;
 * - a checkout runs its compiled copy while that copy is current (built by `npm ci`; a source
 *   edited, added or removed since, and the sources run: scripts/compiledCheckout.mjs);
 * - a copy of the sources without that builder (the runner image) has no compiled copy either.
 */
export async function compiledCopy(root) {
  if (!existsSync(join(root, "cli", "run.ts"))) return join(root, "dist");
  const builder = join(root, "scripts", "compiledCheckout.mjs");
  if (!existsSync(builder)) return undefined;
  const { compiledCheckout } = await import(pathToFileURL(builder).href);
  return compiledCheckout(root);
}
