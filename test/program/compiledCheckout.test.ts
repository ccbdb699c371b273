/**
 * A checkout's compiled copy (scripts/compiledCheckout.mjs) runs only while it is the sources'
 * own: any edit, addition or removal since the build, a changed compiler option or an interrupted
 * build, and the sources run instead. What it runs behaves as the sources do. The `mesh` command and
 * the policy pack decide alike (bin/platformCopy.js).
 */
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildCheckout, isCurrent } from "../../scripts/compiledCheckout.mjs";
import { packStartup } from "../../scripts/packStartup.js";

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  mkdirSync(".scratch", { recursive: true });
  const dir = resolve(mkdtempSync(join(".scratch", prefix)));
  scratch.push(dir);
  return dir;
}

/** A small project laid out as the platform is: tsconfig.build.json includes `src`. */
function project(): string {
  const root = tempDir("compiled-");
  mkdirSync(join(root, "src", "lib"), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022" } }));
  writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ include: ["src"] }));
  writeFileSync(join(root, "src", "data.json"), JSON.stringify({ n: 21 }));
  writeFileSync(join(root, "src", "lib", "twice.ts"), "export const twice = (n: number): number => n * 2;\n");
  writeFileSync(
    join(root, "src", "main.ts"),
    [
      'import data from "./data.json" with { type: "json" };',
      'import { twice } from "./lib/twice.js";',
      "const answer: number = twice(data.n);",
      "console.log(answer);",
    ].join("\n"),
  );
  writeFileSync(join(root, "src", "main.test.ts"), "this is not compiled;\n");
  return root;
}

const run = (file: string, cwd?: string, ...args: string[]) =>
  spawnSync(process.execPath, [file, ...args], { cwd, encoding: "utf8" });

describe("a checkout's compiled copy", () => {
  it("compiles every source but the tests, JSON beside them, into a copy that runs", async () => {
    const root = project();
    expect(isCurrent(root)).toBe(false);
    expect(await buildCheckout(root)).toBe(3); // main.ts, lib/twice.ts, data.json
    expect(run(join(root, "dist", "src", "main.js")).stdout.trim()).toBe("42");
    expect(readdirSync(join(root, "dist", "src")).filter((f) => f.includes("test"))).toEqual([]);
    expect(isCurrent(root)).toBe(true);
  });

  it("bundles the declaration API a reader loads into one module, its packages inside", async () => {
    const root = project();
    writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ include: ["src", "program"] }));
    mkdirSync(join(root, "program"));
    writeFileSync(
      join(root, "program", "declarationPlatform.ts"),
      'export { twice } from "../src/lib/twice.js";\nexport { z } from "zod";\n',
    );
    await buildCheckout(root);
    const bundle = join(root, "dist", "program", "declarationPlatform.bundle.js");
    const text = readFileSync(bundle, "utf8");
    // No module of its own is imported: neither the source beside it nor zod's.
    expect(text).not.toMatch(/^\s*(import|export)\b[^;]*\bfrom\s*["']/m);
    expect(text).not.toMatch(/\bimport\(\s*["']/);
    const loaded = run(
      "-e",
      undefined,
      `import(${JSON.stringify(pathToFileURL(bundle).href)}).then((m) => console.log(m.twice(21), typeof m.z.object))`,
    );
    expect(loaded.stdout.trim()).toBe("42 function");
    expect(isCurrent(root)).toBe(true);
  });

  it.each([
    [
      "a source edited",
      (root: string) =>
        writeFileSync(join(root, "src", "lib", "twice.ts"), "export const twice = (n: number) => n;\n"),
    ],
    ["a source added", (root: string) => writeFileSync(join(root, "src", "lib", "more.ts"), "export {};\n")],
    ["a source removed", (root: string) => unlinkSync(join(root, "src", "lib", "twice.ts"))],
    ["its JSON edited", (root: string) => writeFileSync(join(root, "src", "data.json"), '{"n":1}')],
    ["a compiler option changed", (root: string) => writeFileSync(join(root, "tsconfig.json"), "{}")],
    [
      "its build interrupted (no digest)",
      (root: string) => unlinkSync(join(root, "dist", ".sources-digest")),
    ],
  ])("is not current once %s", async (_, change) => {
    const root = project();
    await buildCheckout(root);
    change(root);
    expect(isCurrent(root)).toBe(false);
  });

  it("leaves no copy, and npm ci succeeding, when the sources do not compile: the sources run", () => {
    const root = project();
    writeFileSync(join(root, "src", "lib", "twice.ts"), "export const twice = (n: number => n * 2;\n");
    // The builder as `prepare` runs it, from the project's own scripts/ folder.
    mkdirSync(join(root, "scripts"));
    cpSync("scripts/compiledCheckout.mjs", join(root, "scripts", "compiledCheckout.mjs"));
    symlinkSync(resolve("node_modules"), join(root, "node_modules"));
    const prepare = run(join(root, "scripts", "compiledCheckout.mjs"), root);
    expect(prepare.status).toBe(0);
    // esbuild's own diagnostic names the file and line; then what it means for the checkout.
    expect(prepare.stderr).toContain("src/lib/twice.ts:1:");
    expect(prepare.stderr).toMatch(
      /\nwarning: could not compile the platform into dist\/ \(.*\); mesh runs from the sources/,
    );
    expect(prepare.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect(isCurrent(root)).toBe(false);
  });

  it("stays current when only tests change", async () => {
    const root = project();
    await buildCheckout(root);
    writeFileSync(join(root, "src", "main.test.ts"), "changed;\n");
    expect(isCurrent(root)).toBe(true);
  });
});

/** What bin/platformCopy.js decides for `root`, in a fresh process as each command decides it: dist/ or "" (the sources). */
function copyToRun(root: string): string {
  const decide = `import(${JSON.stringify(pathToFileURL(resolve("bin/platformCopy.js")).href)}).then(async (m) => console.log((await m.compiledCopy(${JSON.stringify(root)})) ?? ""))`;
  const decided = spawnSync(process.execPath, ["--input-type=module", "-e", decide], { encoding: "utf8" });
  expect(decided.status, decided.stderr).toBe(0);
  return decided.stdout.trim();
}

/** Builds `root`'s compiled copy with its own builder, as `npm ci` (`prepare`) does. */
function prepare(root: string): void {
  const built = run(join(root, "scripts", "compiledCheckout.mjs"), root);
  expect(built.status, built.stderr).toBe(0);
}

describe("which copy runs", () => {
  it("is the package's compiled one: the package ships no CLI sources", () => {
    const root = tempDir("package-");
    expect(copyToRun(root)).toBe(join(root, "dist"));
  });

  it("is a checkout's compiled one only while it is current, and never one without its builder", () => {
    const root = project();
    mkdirSync(join(root, "cli"));
    writeFileSync(join(root, "cli", "run.ts"), "export {};\n");
    expect(copyToRun(root)).toBe(""); // no builder: the runner image's copy of the sources
    mkdirSync(join(root, "scripts"));
    cpSync("scripts/compiledCheckout.mjs", join(root, "scripts", "compiledCheckout.mjs"));
    symlinkSync(resolve("node_modules"), join(root, "node_modules"));
    expect(copyToRun(root)).toBe(""); // not built yet
    prepare(root);
    expect(copyToRun(root)).toBe(join(root, "dist"));
    writeFileSync(join(root, "src", "lib", "more.ts"), "export {};\n");
    expect(copyToRun(root)).toBe(""); // a source added since
  });
});

describe("the mesh CLI and the policy pack in a checkout", () => {
  // A copy of this checkout's platform, mesh and bin, with its node_modules: without dist/ it
  // runs the sources (and its plan workers and readers run them too); once compiled, the copy.
  function checkoutCopy(): string {
    const root = tempDir("checkout-");
    const entries = ["bin", "cli", "components", "policies", "program", "runner", "sdk", "scripts", "schema"];
    const mesh = ["domains", "stacks", "platform.yaml", "contracts.lock.json"];
    const files = ["package.json", "tsconfig.json", "tsconfig.build.json"];
    for (const entry of [...entries, ...mesh, ...files])
      cpSync(entry, join(root, entry), { recursive: true });
    symlinkSync(resolve("node_modules"), join(root, "node_modules"));
    return root;
  }

  // One copy for both (each build of one is a second or two of CPU): what the `mesh` command and
  // the policy pack run before the copy is compiled, and after.
  it("plans the same, and starts the policy pack, from its sources and from its compiled copy", async () => {
    const root = checkoutCopy();
    const mesh = (...args: string[]) => run(join(root, "bin", "mesh.js"), root, ...args);
    const packDir = join(root, "policies");
    const fromSources = mesh("plan", "--stack", "orders-dev", "--json", "-");
    expect(fromSources.status, fromSources.stderr).toBe(0);
    expect(await packStartup(packDir)).toContain("data-mesh policy pack: enforcing dev levels");
    // Built by its own builder: the digest names the builder's path, so one built by this
    // checkout's would not be current there, and the sources would run again.
    prepare(root);
    // Not a source: the copy stays current, and what the pack prints shows which one it loaded.
    appendFileSync(join(root, "dist", "policies", "index.js"), '\nconsole.error("the compiled pack");\n');
    expect(copyToRun(root)).toBe(join(root, "dist"));
    const compiled = mesh("plan", "--stack", "orders-dev", "--json", "-");
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(fromSources.stdout));
    expect(JSON.parse(compiled.stdout).stacks[0].steps.length).toBeGreaterThan(40);
    const compiledPack = await packStartup(packDir);
    expect(compiledPack).toContain("data-mesh policy pack: enforcing dev levels");
    expect(compiledPack).toContain("the compiled pack");
  });
});
