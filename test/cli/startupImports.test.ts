/**
 * Each command imports only what it uses: what every `mesh` start loads (cli/run.ts and its
 * static imports, before a command's own modules are imported) stays free of the heavy packages
 * — the SDKs, the declaration schema's zod, DuckDB, the TypeScript compiler — so that `mesh --help`
 * starts at a few times a bare `node` (`npm run bench`), and `mesh plan` starts its workers sooner.
 * Read from the sources' static imports (`import type` is erased; `import()` is a command's own).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const HEAVY = /^(zod|@pulumi\/|@duckdb\/|typescript$|yaml$|ajv|tsx$|esbuild$)/;

/** The static, value imports of a TypeScript source: `import … from`, `export … from`, `import "…"`. */
function staticImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specifiers: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm;
  for (const m of code.matchAll(statement)) {
    if (m[5]) specifiers.push(m[5]);
    else if (!m[2] && !/^\{\s*(type\s+[\w$]+\s*,?\s*)*\}$/.test(m[3]!)) specifiers.push(m[4]!);
  }
  return specifiers;
}

/** Every module `entry` loads before any dynamic import, and the packages among them. */
function startupGraph(entry: string): { modules: string[]; packages: Set<string> } {
  const modules: string[] = [];
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (modules.includes(file)) continue;
    modules.push(file);
    for (const specifier of staticImports(readFileSync(file, "utf8"))) {
      if (specifier.startsWith("node:")) continue;
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      const target = join(dirname(file), specifier.replace(/\.js$/, ".ts"));
      if (existsSync(target)) pending.push(target);
      else if (!specifier.endsWith(".json")) throw new Error(`${file}: cannot follow ${specifier}`);
    }
  }
  return { modules: modules.map((m) => relative(ROOT, m)), packages };
}

describe("what every mesh command loads before its own modules", () => {
  it("holds no SDK, schema library, DuckDB or compiler", () => {
    const { modules, packages } = startupGraph(join(ROOT, "cli/run.ts"));
    expect(modules).toContain("cli/commandSpecs.ts");
    expect(modules).toContain("components/compute/runnerProtocol.ts");
    expect([...packages].filter((p) => HEAVY.test(p))).toEqual([]);
    // The product file's schema (zod) is the runner's, loaded by `mesh transform` and `mesh stage`.
    expect(modules).not.toContain("components/compute/runnerProductFile.ts");
  });

  it("mesh plan starts its first worker before it loads a package: YAML, schemas and the planner come after", () => {
    const { packages } = startupGraph(join(ROOT, "cli/commands/plan.ts"));
    expect([...packages]).toEqual([]);
  });

  it("a plan worker's planner, and the platform its domain file imports, load DuckDB only to check a mesh", () => {
    // A worker is handed its mesh validated (program/validatedMeshes.ts): the native library, some
    // 0.2 s of CPU, would be loaded on the path of every stack's plan for nothing.
    const planner = startupGraph(join(ROOT, "cli/plan/planOne.ts"));
    expect(planner.modules).toContain("components/declaration/sqlBinding.ts"); // it binds SQL, when asked
    expect([...planner.packages].filter((p) => p.startsWith("@duckdb/"))).toEqual([]);
    const platform = startupGraph(join(ROOT, "components/index.ts"));
    expect([...platform.packages].filter((p) => p.startsWith("@duckdb/"))).toEqual([]);
  });

  it("reads imports as the compiler does: type-only ones are not loaded", () => {
    expect(
      staticImports(
        [
          'import type { A } from "zod";',
          'import { type B, type C } from "yaml";',
          'import { D, type E } from "./d.js";',
          'export { F } from "./f.js";',
          'export type { G } from "./g.js";',
          'import "./side-effect.js";',
          '// import { H } from "./comment.js";',
        ].join("\n"),
      ),
    ).toEqual(["./d.js", "./f.js", "./side-effect.js"]);
  });
});
