import { cpSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * `make`'s workspaces at one path: the first call makes one, each later call empties it and fills
 * it with what a new call of `make` holds.
 *
 * `mesh plan` (and the Pulumi program) read each domain file in a child process started once per
 * path and content (program/readDomains.ts): cases that plan in workspaces at one path start
 * children only for the files they change, where a new path per case starts one per domain file.
 * Not for commands that import domain files in the test's own process (run, contract, catalog):
 * Node's module cache would give them a path's first content.
 */
export function atOnePath(make: () => string): () => string {
  let dir: string | undefined;
  return () => {
    if (dir === undefined) {
      dir = make();
      return dir;
    }
    const fresh = make();
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    cpSync(fresh, dir, { recursive: true });
    rmSync(fresh, { recursive: true, force: true });
    return dir;
  };
}
