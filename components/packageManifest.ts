/**
 * The platform package's own name and version, read from its package.json: one folder up from the
 * sources (`components/`), two from the compiled `dist/components/` the published package runs.
 * The CLI's `--version` and the OpenLineage producer both say what this returns.
 */
import { existsSync, readFileSync } from "node:fs";

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
}

export const platformPackage: PackageManifest = (() => {
  const file = ["../package.json", "../../package.json"]
    .map((p) => new URL(p, import.meta.url))
    .find((url) => existsSync(url));
  // The package always ships its package.json (npm adds it whatever `files` says): its absence is a
  // broken installation, which no made-up version should hide.
  if (!file) throw new Error(`package.json of @datamesh/platform not found above ${import.meta.url}`);
  const { name, version } = JSON.parse(readFileSync(file, "utf8")) as PackageManifest;
  return { name, version };
})();
