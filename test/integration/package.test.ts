/**
 * The published package runs its compiled CLI: `npm pack` ships no CLI sources, so bin/mesh.js
 * takes `dist/`, and a command that reads domain files still loads them (TypeScript) on demand.
 * The package plans exactly what the checkout plans. (Here, not in `npm test`: compiling `dist/`
 * takes a minute of CPU.)
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageLayout, packedFiles, userProject } from "../../scripts/packageLayout.js";
import { packStartup } from "../../scripts/packStartup.js";

let pkg: string;
beforeAll(async () => {
  pkg = await packageLayout();
});
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

const mesh = (bin: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: process.cwd(), encoding: "utf8" });

describe("the published package", () => {
  it("ships no CLI or runner sources, so its bin runs dist/", () => {
    const files = packedFiles();
    expect(files).toContain("bin/mesh.js");
    expect(files.filter((f) => /^(cli|runner)\//.test(f))).toEqual([]);
    expect(existsSync(join(pkg, "cli"))).toBe(false);
    expect(existsSync(join(pkg, "dist", "cli", "run.js"))).toBe(true);
  });

  it("answers --help and --version, and starts its policy pack, from dist/ with no TypeScript loader installed at all", async () => {
    // The same package beside a node_modules without tsx: what needs no domain file must not need it.
    const bare = mkdtempSync(join(tmpdir(), "mesh-no-tsx-"));
    try {
      cpSync(pkg, bare, { recursive: true, filter: (src) => !src.endsWith("/node_modules") });
      mkdirSync(join(bare, "node_modules"));
      for (const entry of readdirSync(join(pkg, "node_modules"))) {
        if (entry !== "tsx") symlinkSync(join(pkg, "node_modules", entry), join(bare, "node_modules", entry));
      }
      const help = mesh(join(bare, "bin/mesh.js"), "--help");
      expect(help.stderr).toBe("");
      expect(help.stdout).toContain("Usage:");
      expect(help.status).toBe(0);
      const version = mesh(join(bare, "bin/mesh.js"), "--version");
      expect(version.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
      // tsx is a devDependency: the pack a user runs from the package loads its compiled copy.
      expect(await packStartup(join(bare, "policies"))).toContain(
        "data-mesh policy pack: enforcing dev levels",
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("plans this repository's stack exactly as the checkout does", () => {
    const fromPackage = mesh(join(pkg, "bin/mesh.js"), "plan", "--stack", "orders-dev", "--json", "-");
    const fromCheckout = mesh(
      join(process.cwd(), "bin/mesh.js"),
      "plan",
      "--stack",
      "orders-dev",
      "--json",
      "-",
    );
    expect(fromPackage.stderr).toBe(fromCheckout.stderr);
    expect(fromPackage.status).toBe(0);
    expect(JSON.parse(fromPackage.stdout)).toEqual(JSON.parse(fromCheckout.stdout));
  });

  // The compiled reader loads the platform before it registers TypeScript's loader
  // (program/declarationReader.ts): a domain's own TypeScript modules must still load, in the
  // stack that reads the domain as in its own, and a mistake in one must be named.
  it("reads a domain that imports a TypeScript module of its own folder", () => {
    // A project of the package's users: the platform installed, the mesh's files copied.
    const dir = userProject(pkg);
    try {
      const file = join(dir, "domains", "customers", "index.ts");
      writeFileSync(join(dir, "domains", "customers", "owner.ts"), 'export const team: string = "crm";\n');
      writeFileSync(
        file,
        `import { team } from "./owner.js";\n${readFileSync(file, "utf8").replace('team: "crm"', "team")}`,
      );
      const plan = (cwd: string, ...args: string[]) =>
        spawnSync(process.execPath, [join(pkg, "bin/mesh.js"), "plan", ...args], { cwd, encoding: "utf8" });
      // orders-dev reads customers' declaration in a reader process; customers-dev loads it itself.
      // Without `"type": "module"` (as `npm init` writes package.json) Node takes .ts for CommonJS.
      for (const manifest of ['{ "type": "module" }', '{ "name": "our-mesh" }']) {
        writeFileSync(join(dir, "package.json"), manifest);
        for (const stack of ["orders-dev", "customers-dev"]) {
          const moved = plan(dir, "--stack", stack, "--json", "-");
          const here = plan(process.cwd(), "--stack", stack, "--json", "-");
          expect(moved.stderr, manifest).toBe(here.stderr);
          expect(moved.status).toBe(0);
          expect(JSON.parse(moved.stdout)).toEqual(JSON.parse(here.stdout));
        }
      }
      writeFileSync(join(dir, "domains", "customers", "owner.ts"), "export const team: string = crm;\n");
      const broken = plan(dir, "--stack", "orders-dev");
      expect(broken.status).toBe(2);
      expect(broken.stderr).toContain("domains/customers/owner.ts:1:29: Cannot find name 'crm'.");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
