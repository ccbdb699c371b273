/**
 * Declaration readers are Node processes, one per domain file: a large mesh must not start them
 * all at once (program/readDomains.ts, READERS_AT_ONCE). Each domain file here connects to a server
 * of this test (a reader may write no file, but Node's permission model leaves the network open),
 * holds the connection long enough for any reader started with it to be connected too, and closes
 * it; the server counts the connections open at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { READERS_AT_ONCE, readDomains } from "../../program/readDomains.js";

const dir = mkdtempSync(join(tmpdir(), "mesh-readers-"));
// ES modules, as the example mesh's are: the domain files wait with a top-level await.
writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const domainFile = (name: string, port: number) => `
import { connect } from "node:net";
import { defineDomain } from "@datamesh/platform";

const socket = connect(${port}, "127.0.0.1");
await new Promise((connected) => socket.once("connect", connected));
// Long enough for every reader started with this one to have connected too.
await new Promise((held) => setTimeout(held, 1500));
await new Promise((closed) => socket.end(closed));

export default defineDomain({ name: ${JSON.stringify(name)} } as never);
`;

describe("readDomains in a mesh of more domains than cores", () => {
  it(`keeps at most ${READERS_AT_ONCE} readers alive at once, and reads every file in order`, async () => {
    let open = 0;
    let most = 0;
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      most = Math.max(most, ++open);
      socket.on("close", () => {
        open -= 1;
      });
      socket.resume();
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const port = (server.address() as { port: number }).port;
    try {
      const names = Array.from({ length: READERS_AT_ONCE + 3 }, (_, i) => `domain-${i}`);
      const files = names.map((name) => {
        mkdirSync(join(dir, "domains", name), { recursive: true });
        const file = join(dir, "domains", name, "index.ts");
        writeFileSync(file, domainFile(name, port));
        return file;
      });

      const definitions = await readDomains(files);

      expect(definitions.map((d) => d.input.name)).toEqual(names);
      expect(connections).toBe(names.length);
      expect(most).toBeLessThanOrEqual(READERS_AT_ONCE);
      // They did run side by side, as many as allowed: the limit is not one at a time.
      expect(most).toBeGreaterThan(1);
    } finally {
      server.close();
    }
  }, 120_000);
});
