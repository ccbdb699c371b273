/**
 * The Spark runner's entry point (spark/transform.py) as far as this machine can run it: it compiles,
 * its pure parts pass their unit tests (spark/test_transform.py), and a bad plan is reported before
 * Spark is imported. On Spark itself it runs in test/integration/spark.test.ts (npm run test:integration).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Python's bytecode caches go to a temporary folder, never into the work tree.
const pycache = mkdtempSync(join(tmpdir(), "mesh-pycache-"));
const env = { ...process.env, PYTHONPYCACHEPREFIX: pycache };
const python = (...args: string[]) => spawnSync("python3", args, { cwd: root, env, encoding: "utf8" });

describe("spark/transform.py", () => {
  afterAll(() => rmSync(pycache, { recursive: true, force: true }));

  it("compiles", () => {
    const result = python("-m", "py_compile", "spark/transform.py", "spark/plan.py");
    expect(result.status, result.stderr).toBe(0);
  });

  it("passes its unit tests", () => {
    const result = python("-m", "unittest", "discover", "-s", "spark", "-p", "test_*.py", "-v");
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/^Ran [1-9]\d* tests? in /m);
  });

  it("rejects an unreadable plan with exit code 2 and one line, without Spark", () => {
    const result = python("spark/transform.py", "--plan", "/nonexistent.json");
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: --plan \/nonexistent\.json: /);
  });
});
