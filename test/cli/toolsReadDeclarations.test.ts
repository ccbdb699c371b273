/**
 * The tools (`mesh run`, `mesh catalog`, `mesh contract …`) read domain files as data: in their
 * process `@datamesh/platform` is the declaration API alone, as in a stack's declaration reader, so
 * a domain file that creates a component while it is read is refused with a message that says so,
 * and the tools do not load the Pulumi SDKs they never use. Run as a user runs them: the CLI in a
 * child process (in vitest's own process, vite resolves `@datamesh/platform` itself).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workspace } from "../runner/support.js";

const MESH = fileURLToPath(new URL("../../bin/mesh.js", import.meta.url));
const CUSTOMERS = "domains/customers/index.ts";

const mesh = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [MESH, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });

/** A copy of the example mesh whose customers file runs `code` when it is imported. */
function withTopLevel(code: string): string {
  const dir = workspace();
  const file = join(dir, CUSTOMERS);
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replace(/^(import .*\n)/, `$1${code}\n`));
  return dir;
}

/** Asserts each of `commands`, run in `dir`, refuses with exit 2 and `line`, without a stack trace. */
function expectRefusedByEach(dir: string, commands: readonly string[][], line: string): void {
  for (const command of commands) {
    const result = mesh(dir, ...command);
    expect(result.status, `mesh ${command.join(" ")}: ${result.stderr}`).toBe(2);
    expect(result.stderr).toContain(line);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }
}

describe("a tool reading domain files", () => {
  it("refuses a component created at import, naming the file: declaring is data", () => {
    const dir = withTopLevel(
      'import { DataProduct } from "@datamesh/platform";\nnew (DataProduct as any)("sneaky", {});',
    );
    expectRefusedByEach(
      dir,
      [
        ["run", "customers/customers", "--rows", "10"],
        ["catalog", "--out", "catalog"],
      ],
      `${CUSTOMERS}: failed to load: DataProduct belongs to the platform: a domain file only declares`,
    );
  });

  it("gives the file the declaration API, and loads no Pulumi SDK", () => {
    const dir = withTopLevel(
      [
        'import * as platform from "@datamesh/platform";',
        'import { createRequire } from "node:module";',
        'const loaded = Object.keys(createRequire(import.meta.url).cache).filter((m) => m.includes("@pulumi/"));',
        'console.error("exports: " + typeof platform.defineDomain + " " + typeof platform.Classification);',
        'console.error("pulumi modules: " + loaded.length);',
      ].join("\n"),
    );
    const result = mesh(dir, "run", "customers/customers", "--rows", "10");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("exports: function object\npulumi modules: 0\n");
  });

  it("holds each file to its own folder, as a stack does: the domain is named after it", () => {
    const dir = workspace();
    renameSync(join(dir, "domains/customers"), join(dir, "domains/crm"));
    // The tool and the plan refuse it alike, with the same line.
    expectRefusedByEach(
      dir,
      [
        ["run", "customers/customers", "--rows", "10"],
        ["plan", "--stack", "orders-dev"],
      ],
      'domains/crm/index.ts:4:3: name: "customers" is not the name of its folder; domains/crm/index.ts declares domain "crm"',
    );
  });

  it("cannot stand in for the DuckDB that checks the mesh's SQL: it is loaded before any domain code runs", () => {
    // A module hook registered by a domain file is asked for every module resolved after it: one
    // that answers for DuckDB would hand the SQL check a parser of the file's choosing.
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier.startsWith("@duckdb/")) throw new Error("a domain file stood in for DuckDB");
      return next(specifier, context);
    }`;
    const dir = withTopLevel(
      `import { register } from "node:module";\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
    );
    const result = mesh(dir, "run", "customers/customers", "--rows", "10");
    expect(result.stderr).not.toContain("stood in for DuckDB");
    expect(result.status, result.stderr).toBe(0);
  });

  it("holds each file to its own folder, as a stack does: its SQL is read from it, whatever it claims", () => {
    const dir = workspace();
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "orders.sql"), "SELECT 'forged' AS order_id");
    const file = join(dir, "domains/orders/index.ts");
    const text = readFileSync(file, "utf8").replace(
      "export default defineDomain({",
      "const declared = defineDomain({",
    );
    writeFileSync(file, `${text}\nexport default { ...declared, baseDir: ${JSON.stringify(elsewhere)} };\n`);
    const result = mesh(dir, "run", "orders/orders");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^orders\.orders\.v1\s+ok\s+77\s+75\s+2\s+42\s/m);
  });
});
