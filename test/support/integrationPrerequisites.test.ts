/**
 * `npm run test:integration` on a machine without Java, Maven, Python or Go: it names each one
 * missing and exits 2 before running anything; it never reports scenarios it could not run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("test:integration without its prerequisites", () => {
  it("names each missing one and exits 2, having run nothing", () => {
    // A PATH with Node alone, as on a machine that has only Node.
    const bin = mkdtempSync(join(tmpdir(), "only-node-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/integration/run.ts"], {
      encoding: "utf8",
      env: { ...process.env, PATH: bin },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^test:integration needs what is missing here \(nothing was run\):\n/);
    for (const missing of ["Java", "Maven", "Python", "Go"]) {
      expect(result.stderr).toMatch(
        new RegExp(`^  - ${missing} not found \\(\`[a-z0-9]+\`\\): install `, "m"),
      );
    }
    expect(result.stdout).not.toMatch(/installing|passed|RUN/);
  });
});
