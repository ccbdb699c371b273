/**
 * Mistakes in the two configuration files, as a new team makes them: each names the file, the line
 * and the key (`file:line: …`, as compilers do), and a misspelt key the one it should be.
 */

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { PlatformFileError, readPlatformFile } from "../../program/platformFile.js";
import { capture } from "../runner/support.js";

/** The shipped orders-dev stack file, its lines after `config:` replaced. */
function stackFile(config: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "mesh-stack-")), "Pulumi.orders-dev.yaml");
  const shipped = readFileSync("stacks/Pulumi.orders-dev.yaml", "utf8");
  writeFileSync(path, `${shipped.slice(0, shipped.indexOf("config:\n"))}config:\n${config}`);
  return path;
}

/** The shipped platform.yaml, edited, in a project folder of its own. */
function platformWith(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-platform-"));
  writeFileSync(join(dir, "platform.yaml"), edit(readFileSync("platform.yaml", "utf8")));
  return dir;
}

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error");
};

describe("a stack file", () => {
  it("names the line of a misspelt platform setting, and suggests it with where it belongs", () => {
    const path = stackFile("  mesh:domain: orders\n  mesh:runnr: ghcr.io/acme/runner\n");
    expect(message(() => readStackFile(path))).toMatch(
      /Pulumi\.orders-dev\.yaml:7: mesh:runnr is not a stack setting \(did you mean mesh:runner\?\): mesh:runner is the platform team's: set environments\.<env>\.runner in platform\.yaml/,
    );
  });

  it("names the line of a misspelt stack setting", () => {
    const path = stackFile("  mesh:domain: orders\n  mesh:enviroment: dev\n");
    expect(message(() => readStackFile(path))).toMatch(
      /Pulumi\.orders-dev\.yaml:7: mesh:enviroment is not a stack setting \(did you mean mesh:environment\?\)/,
    );
  });

  it("names the line of a YAML mistake and of a key written twice", () => {
    expect(message(() => readStackFile(stackFile("  mesh:domain: [orders\n")))).toMatch(
      /Pulumi\.orders-dev\.yaml:\d+: not valid YAML: /,
    );
    expect(message(() => readStackFile(stackFile("  mesh:domain: orders\n  mesh:domain: orders\n")))).toMatch(
      /Pulumi\.orders-dev\.yaml:7: not valid YAML: Map keys must be unique/,
    );
  });

  it("makes mesh plan exit 2 with file and line, planning nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-cli-"));
    for (const entry of ["domains", "stacks", "platform.yaml"])
      cpSync(entry, join(dir, entry), { recursive: true });
    const file = join(dir, "stacks", "Pulumi.orders-dev.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8")}  mesh:runnr: x\n`);
    const io = capture();
    expect(await main(["plan", "--stack", "orders-dev"], io, dir)).toBe(2);
    expect(io.stderr[0]).toMatch(
      /^error: .*stacks\/Pulumi\.orders-dev\.yaml:8: mesh:runnr .*did you mean mesh:runner\?/,
    );
    expect(io.stdout).toEqual([]);
  });
});

describe("platform.yaml", () => {
  it("reports a misspelt key as such, with the key it should be, not the key it makes missing", () => {
    const dir = platformWith((y) => y.replace("    runner:\n", "    runnr:\n"));
    const error = message(() => readPlatformFile(dir));
    expect(error).toMatch(
      /platform\.yaml:27: environments\.dev\.runnr: unknown key \(did you mean runner\?\)$/,
    );
    expect(() => readPlatformFile(dir)).toThrow(PlatformFileError);
  });

  it("suggests nested keys too", () => {
    const dir = platformWith((y) =>
      y.replace("      bucket: acme-mesh-dev-warehouse", "      bukcet: acme-mesh-dev-warehouse"),
    );
    expect(message(() => readPlatformFile(dir))).toMatch(
      /platform\.yaml:15: environments\.dev\.warehouse\.bukcet: unknown key \(did you mean bucket\?\)$/,
    );
  });
});
