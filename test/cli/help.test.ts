/**
 * Every command answers --help and -h with its own usage on stdout (exit 0), and an unknown option
 * with the error and that usage on stderr (exit 2), as the tools people know do.
 */

import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../cli/commandSpecs.js";
import { HELP, main } from "../../cli/mesh.js";
import { capture } from "../runner/support.js";

const commands = COMMANDS.map((c) => c.path.join(" "));

describe("mesh <command> --help", () => {
  it("lists every command mesh --help lists", () => {
    expect(commands).toEqual([
      "plan",
      "run",
      "status",
      "transform",
      "stage",
      "policy check",
      "contract diff",
      "contract publish",
      "contract export",
      "contract import",
      "product export",
      "product import",
      "catalog",
      "new domain",
    ]);
    for (const command of commands) expect(HELP).toContain(`  mesh ${command}`);
  });

  for (const command of commands) {
    for (const help of ["--help", "-h"]) {
      it(`mesh ${command} ${help}: its usage and options on stdout, exit 0`, async () => {
        const io = capture();
        // Even among other arguments, as the required ones may be what the user is looking for.
        expect(await main([...command.split(" "), "x", help], io)).toBe(0);
        expect(io.stderr).toEqual([]);
        const text = io.stdout.join("\n");
        expect(text.startsWith(`Usage: mesh ${command}`)).toBe(true);
        expect(text).toContain("--help");
        for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(96);
      });
    }

    it(`mesh ${command} --bogus: the error and the command's usage on stderr, exit 2`, async () => {
      const io = capture();
      expect(await main([...command.split(" "), "--bogus"], io)).toBe(2);
      expect(io.stdout).toEqual([]);
      expect(io.stderr[0]).toBe("error: unknown option --bogus");
      expect(io.stderr[1]).toMatch(new RegExp(`^Usage: mesh ${command}( |\n)`));
    });
  }

  it("shows each option of a command with what it does", async () => {
    const io = capture();
    expect(await main(["run", "--help"], io)).toBe(0);
    const text = io.stdout.join("\n");
    expect(text).toMatch(/--json FILE\|- +also write the summary as JSON/);
    expect(text).toMatch(/--rows N +generate N records/);
  });

  it("mesh contract --help lists the contract commands; an unknown one is an error with them", async () => {
    const io = capture();
    expect(await main(["contract", "--help"], io)).toBe(0);
    expect(io.stdout.join("\n")).toMatch(/mesh contract diff[\s\S]*mesh contract import/);
    const bad = capture();
    expect(await main(["contract", "difff"], bad)).toBe(2);
    expect(bad.stderr[0]).toBe('error: unknown command "contract difff"');
    expect(bad.stderr[1]).toContain("mesh contract diff");
  });

  it("a missing value or argument names it, with the usage", async () => {
    const io = capture();
    expect(await main(["catalog"], io)).toBe(2);
    expect(io.stderr[0]).toBe("error: missing --out");
    expect(await main(["contract", "import"], io)).toBe(2);
    expect(io.stderr[2]).toBe("error: missing FILE");
    expect(await main(["transform", "orders/orders"], io)).toBe(2);
    expect(io.stderr[4]).toBe("error: missing --major, --product, --sql, --catalog, --table");
    expect(io.stderr[5]).toMatch(/^Usage: mesh transform <domain>\/<product> --major N/);
  });
});
