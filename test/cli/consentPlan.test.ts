/**
 * The producer's consent at the command line: `mesh plan` refuses a mesh whose consumer reads a
 * product its producer has not opened to it, naming the consumes entry and the producer's file.
 * (The consent rules themselves: test/declaration/consent.test.ts.)
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Output } from "../../cli/io.js";
import { main } from "../../cli/mesh.js";

describe("mesh plan", () => {
  it("exits 2 when a domain consumes customers without the producer's consent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-consent-"));
    for (const entry of ["domains", "stacks", "contracts.lock.json", "platform.yaml"])
      cpSync(entry, join(dir, entry), { recursive: true });
    const file = join(dir, "domains", "customers", "index.ts");
    const source = readFileSync(file, "utf8");
    const edited = source.replace(/consumers: \["analytics"\], /, "");
    expect(edited, "customers lists analytics").not.toBe(source);
    writeFileSync(file, edited);
    const stderr: string[] = [];
    const io: Output = { out: () => {}, err: (line = "") => stderr.push(line) };
    expect(await main(["plan", "--stack", "customers-prod"], io, dir)).toBe(2);
    expect(stderr.join("\n")).toMatch(
      /domains\/analytics\/index\.ts:9:5: consumes\[1\]: customers\/customers v2 is confidential: its producer must add "analytics" to dataProducts\[0\]\.access\.consumers in \S*domains\/customers\/index\.ts/,
    );
  });
});
