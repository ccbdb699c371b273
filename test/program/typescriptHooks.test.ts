/**
 * The TypeScript hooks a compiled process registers to import domain files (program/
 * typescriptHooks.ts), run as they run there: compiled, registered in a fresh Node process, which
 * then imports a small project of TypeScript files.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typescriptCandidates } from "../../program/typescriptHooks.js";

describe("typescriptCandidates: where TypeScript looks when the file named is not there", () => {
  it.each([
    ["./owner.js", ["./owner.ts"]],
    ["./owner.mjs", ["./owner.mts"]],
    ["./owner.cjs", ["./owner.cts"]],
    ["./view.jsx", ["./view.tsx"]],
    ["./owner", ["./owner.ts", "./owner.tsx", "./owner/index.ts"]],
    ["./lib/", ["./lib/index.ts"]],
    ["./owner.js?mesh-load=2", ["./owner.ts?mesh-load=2"]],
    [
      "../shared/rules.v2",
      ["../shared/rules.v2.ts", "../shared/rules.v2.tsx", "../shared/rules.v2/index.ts"],
    ],
  ])("%s → %j", (specifier, candidates) => {
    expect(typescriptCandidates(specifier)).toEqual(candidates);
  });
});

let dir: string;
let compiled: string;
let hooks: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mesh-ts-hooks-"));
  // Compiled inside the checkout, so that the hooks find esbuild as they do in dist/.
  const cache = fileURLToPath(new URL("../../node_modules/.cache/", import.meta.url));
  mkdirSync(cache, { recursive: true });
  compiled = mkdtempSync(join(cache, "mesh-ts-hooks-"));
  hooks = join(compiled, "typescriptHooks.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("../../program/typescriptHooks.ts", import.meta.url))],
    outfile: hooks,
    format: "esm",
    platform: "node",
    bundle: true,
    packages: "external",
    logLevel: "silent",
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(compiled, { recursive: true, force: true });
});

/** A project of `files` in a folder of its own, with `manifest` as its package.json. */
function project(manifest: object, files: Record<string, string>): string {
  const root = mkdtempSync(join(dir, "project-"));
  writeFileSync(join(root, "package.json"), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/**
 * Imports `file` in a fresh process with the hooks registered (`platform`: the process's
 * `@datamesh/platform`): what it prints, or its error.
 */
function importWithHooks(
  file: string,
  platform?: string,
): { readonly value?: unknown; readonly error?: string } {
  const data = platform ? { platform: pathToFileURL(platform).href } : undefined;
  const script = `
    import { register } from "node:module";
    process.setSourceMapsEnabled(true);
    register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: ${JSON.stringify(data)} });
    try {
      const m = await import(${JSON.stringify(pathToFileURL(file).href)});
      let thrown;
      try { m.fail?.(); } catch (e) { thrown = e.stack.split("\\n")[1].trim(); }
      console.log(JSON.stringify({ value: { ...m.default, thrown } }));
    } catch (e) {
      console.log(JSON.stringify({ error: String(e.message) }));
    }`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as { value?: unknown; error?: string };
}

const DOMAIN = `import fields from "./fields.json";
import { team } from "./owner.js";
import { email } from "./contact";
import { rules } from "./rules/";

interface Shape { readonly team: string }
const shape: Shape = { team };
export default { ...shape, email, rules, fields };

export function fail(): never {
  throw new Error("failed here");
}
`;

const FOLDER = {
  "index.ts": DOMAIN,
  "owner.ts": 'export const team: string = "crm";\n',
  "contact.ts": 'export const email = "crm@example.com" satisfies string;\n',
  "rules/index.ts": "export const rules: readonly string[] = ['unique'];\n",
  "fields.json": '{ "id": "string" }\n',
};

describe("TypeScript hooks: a domain folder's files, as TypeScript imports them", () => {
  const expected = {
    team: "crm",
    email: "crm@example.com",
    rules: ["unique"],
    fields: { id: "string" },
  };

  it('loads a folder of a "type": "module" package: .js for .ts, no extension, a folder, JSON', () => {
    const root = project({ type: "module" }, FOLDER);
    const { value } = importWithHooks(join(root, "index.ts"));
    expect(value).toMatchObject(expected);
    // Errors name the TypeScript line (11), not the transformed JavaScript's.
    expect((value as { thrown: string }).thrown).toContain(`${join(root, "index.ts")}:11:9`);
  });

  it("loads the same folder of a package without a type, which Node takes for CommonJS", () => {
    const root = project({ name: "our-mesh" }, FOLDER);
    expect(importWithHooks(join(root, "index.ts")).value).toMatchObject(expected);
  });

  it("gives a file CommonJS would run require, __dirname and __filename", () => {
    const root = project(
      { name: "our-mesh" },
      {
        "index.ts":
          'const { basename } = require("node:path");\nexport default { folder: basename(__dirname), file: basename(__filename) };\n',
      },
    );
    expect(importWithHooks(join(root, "index.ts")).value).toMatchObject({
      folder: root.split("/").pop(),
      file: "index.ts",
    });
  });

  it("keeps them from an ES module, where they do not exist", () => {
    const root = project({ type: "module" }, { "index.ts": "export default { kind: typeof require };\n" });
    expect(importWithHooks(join(root, "index.ts")).value).toMatchObject({ kind: "undefined" });
  });

  it("takes @datamesh/platform for the platform of the process, whatever the folder would resolve", () => {
    const root = project(
      { type: "module" },
      {
        "index.ts": 'import { origin } from "@datamesh/platform";\nexport default { origin };\n',
        // What the folder itself would resolve: a copy of its own.
        "node_modules/@datamesh/platform/package.json": JSON.stringify({
          name: "@datamesh/platform",
          main: "x.js",
        }),
        "node_modules/@datamesh/platform/x.js": 'exports.origin = "the folder\'s copy";\n',
        "platform/index.ts": 'export const origin: string = "the process";\n',
      },
    );
    const file = join(root, "index.ts");
    expect(importWithHooks(file, join(root, "platform", "index.ts")).value).toMatchObject({
      origin: "the process",
    });
    expect(importWithHooks(file).value).toMatchObject({ origin: "the folder's copy" });
  });

  it("takes a package the folder cannot resolve from the platform's dependencies", () => {
    const root = project(
      { type: "module" },
      { "index.ts": 'import { stringify } from "yaml";\nexport default { text: stringify({ a: 1 }) };\n' },
    );
    const file = join(root, "index.ts");
    // The platform here is a module inside this checkout, whose node_modules hold yaml.
    const platform = join(compiled, "platform.mjs");
    writeFileSync(platform, "export const origin = 'the process';\n");
    expect(importWithHooks(file, platform).value).toMatchObject({ text: "a: 1\n" });
    expect(importWithHooks(file).error).toMatch(/Cannot find package 'yaml'/);
  });

  it("names the file and line of TypeScript that does not parse", () => {
    const root = project({ type: "module" }, { "index.ts": "export default {\n  team: ,\n};\n" });
    expect(importWithHooks(join(root, "index.ts")).error).toMatch(/index\.ts:2:8: ERROR: Unexpected ","/);
  });

  it("names a module that exists under no name TypeScript would try", () => {
    const root = project({ type: "module" }, { "index.ts": 'export { team } from "./ownr.js";\n' });
    expect(importWithHooks(join(root, "index.ts")).error).toMatch(/Cannot find module .*ownr\.js/);
  });

  it("refuses a folder whose package.json is not JSON, as Node does", () => {
    const root = project({ type: "module" }, { "index.ts": "export default {};\n" });
    writeFileSync(join(root, "package.json"), "{ type: module");
    expect(importWithHooks(join(root, "index.ts")).error).toContain(
      `Invalid package config ${join(root, "package.json")}: `,
    );
  });
});
