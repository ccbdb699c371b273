/**
 * The published package as `npm install @datamesh/platform` lays it out, in a temporary folder:
 * the files `npm pack` would ship (package.json `files`), with `dist/` compiled by
 * `tsc -p tsconfig.build.json` as `prepublishOnly` does, and the checkout's node_modules as its
 * dependencies. The bench times the CLI from it; an integration test runs it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleReaderPlatform } from "./compiledCheckout.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The paths `npm pack` would put in the package, from package.json `files` (dist/ as it is now). */
export function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return pack.files.map((f) => f.path).sort();
}

/** Builds the package's layout in a new temporary folder and returns the folder. */
export async function packageLayout(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "mesh-package-"));
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", join(dir, "dist")], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (const file of packedFiles()) {
    if (file.startsWith("dist/")) continue; // compiled above, whatever the checkout's dist/ holds
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  // As `npm run build` does after tsc (zod is bundled in: it resolves from the package's node_modules).
  await bundleReaderPlatform(join(dir, "dist"));
  return dir;
}

/**
 * A project of the package's users, in a new temporary folder: this repository's mesh (domains,
 * stacks, platform settings, contract lock) with the package installed as `@datamesh/platform`, so
 * that its domain files load the package, as a user's do. (Run in this checkout instead, they would
 * load the platform's TypeScript sources through tsconfig.json `paths`, a second platform.)
 * `manifest`: the project's package.json.
 */
export function userProject(pkg: string, manifest = '{ "type": "module", "private": true }\n'): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-project-"));
  for (const entry of ["domains", "stacks", "platform.yaml", "contracts.lock.json"])
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  writeFileSync(join(dir, "package.json"), manifest);
  mkdirSync(join(dir, "node_modules", "@datamesh"), { recursive: true });
  symlinkSync(pkg, join(dir, "node_modules", "@datamesh", "platform"), "dir");
  return dir;
}
