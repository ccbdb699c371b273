/** One local run per --out: the lock is whole when seen, refused while its run lives, taken over after. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireRunLock, RunLockedError } from "../../runner/runLock.js";

const folder = () => mkdtempSync(join(tmpdir(), "mesh-lock-"));

describe("the run lock", () => {
  it("holds this run's pid, whole, and is released", () => {
    const dir = folder();
    const release = acquireRunLock(join(dir, "run.lock"), dir);
    expect(JSON.parse(readFileSync(join(dir, "run.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a second run while the holder lives, naming it, and leaves its lock as it was", async () => {
    const dir = folder();
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const lock = JSON.stringify({ pid: holder.pid, since: "2026-11-30T00:00:00.000Z" });
      writeFileSync(join(dir, "run.lock"), lock);
      expect(() => acquireRunLock(join(dir, "run.lock"), ".mesh")).toThrow(RunLockedError);
      expect(() => acquireRunLock(join(dir, "run.lock"), ".mesh")).toThrow(
        `another mesh run (pid ${holder.pid}, since 2026-11-30T00:00:00.000Z) is using .mesh`,
      );
      expect(readFileSync(join(dir, "run.lock"), "utf8")).toBe(lock);
      expect(readdirSync(dir)).toEqual(["run.lock"]);
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock whose run is gone, leaving nothing aside", async () => {
    const dir = folder();
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("close", resolve));
    writeFileSync(join(dir, "run.lock"), JSON.stringify({ pid: gone.pid, since: "then" }));
    const release = acquireRunLock(join(dir, "run.lock"), dir);
    expect(JSON.parse(readFileSync(join(dir, "run.lock"), "utf8")).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(["run.lock"]);
    release();
    expect(existsSync(join(dir, "run.lock"))).toBe(false);
  });
});
