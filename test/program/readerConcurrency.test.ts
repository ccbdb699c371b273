/**
 * Declaration readers are Node processes, one per domain file: a large mesh must not start them
 * all at once (program/readDomains.ts, READERS_AT_ONCE). Each domain file here notes its reader's
 * pid, waits long enough for any reader started with it to be running too, and counts the readers
 * then alive.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { READERS_AT_ONCE, readDomains } from "../../program/readDomains.js";

const dir = mkdtempSync(join(tmpdir(), "mesh-readers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const domainFile = (name: string, alive: string, seen: string) => `
import { readdirSync, writeFileSync } from "node:fs";
import { defineDomain } from "@datamesh/platform";

writeFileSync(${JSON.stringify(join(alive, "PID"))}.replace("PID", String(process.pid)), "");
// Long enough for every reader started with this one to have started its domain file too.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
const running = readdirSync(${JSON.stringify(alive)}).filter((pid) => {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false; // answered, and killed
  }
});
writeFileSync(${JSON.stringify(join(seen, "PID"))}.replace("PID", String(process.pid)), String(running.length));

export default defineDomain({ name: ${JSON.stringify(name)} } as never);
`;

describe("readDomains in a mesh of more domains than cores", () => {
  it(`keeps at most ${READERS_AT_ONCE} readers alive at once, and reads every file in order`, async () => {
    const alive = join(dir, "alive");
    const seen = join(dir, "seen");
    mkdirSync(alive);
    mkdirSync(seen);
    const names = Array.from({ length: READERS_AT_ONCE + 3 }, (_, i) => `domain-${i}`);
    const files = names.map((name) => {
      mkdirSync(join(dir, "domains", name), { recursive: true });
      const file = join(dir, "domains", name, "index.ts");
      writeFileSync(file, domainFile(name, alive, seen));
      return file;
    });

    const definitions = await readDomains(files);

    expect(definitions.map((d) => d.input.name)).toEqual(names);
    const counts = readdirSync(seen).map((pid) => Number(readFileSync(join(seen, pid), "utf8")));
    expect(counts).toHaveLength(names.length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(READERS_AT_ONCE);
    // They did run side by side, as many as allowed: the limit is not one at a time.
    expect(Math.max(...counts)).toBeGreaterThan(1);
  }, 120_000);
});
