/**
 * The compiler's verdicts on domain files are kept between runs (program/verdictStore.ts), so that
 * a plan of unchanged files does not load the compiler. A kept verdict must be one the compiler
 * would reach again: a changed file, a package installed or removed since, or an import no key
 * covers is checked afresh; an unreadable entry is a miss; nothing is kept where it was not asked.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const STORE = "node_modules/.cache/datamesh/source-check";
const DOMAIN = "domains/sales/index.ts";

let dir: string;
const home = process.cwd();

/** sourceProblems as a new run sees it: no verdict of this process remembered. */
async function freshCheck(): Promise<{ source?: string; message: string }[]> {
  vi.resetModules();
  const { sourceProblems } = await import("../../program/sourceCheck.js");
  return sourceProblems([join(dir, DOMAIN)]);
}

const write = (file: string, text: string) => {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
};
const entries = () => readdirSync(join(dir, STORE)).filter((f) => f.endsWith(".json"));

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "mesh-verdicts-")));
  mkdirSync(join(dir, "node_modules"));
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(home);
  delete process.env.MESH_CACHE;
});

describe("verdicts kept between runs", () => {
  it("keeps a verdict and reuses it for the same files", async () => {
    write(DOMAIN, "export default { owner: qqzzOwner };\n");
    const first = await freshCheck();
    expect(first.map((p) => p.message)).toEqual(["Cannot find name 'qqzzOwner'."]);
    expect(entries()).toHaveLength(1);

    // The next run reads the entry rather than the compiler's answer: marked, it shows.
    const entry = join(dir, STORE, entries()[0]!);
    const stored = JSON.parse(readFileSync(entry, "utf8"));
    stored.problems[0].message = "from the store";
    writeFileSync(entry, JSON.stringify(stored));
    expect((await freshCheck()).map((p) => p.message)).toEqual(["from the store"]);
  });

  it("checks a changed file again", async () => {
    write(DOMAIN, "export default { owner: qqzzOwner };\n");
    expect(await freshCheck()).toHaveLength(1);
    write(DOMAIN, 'export default { owner: "sales" };\n');
    expect(await freshCheck()).toEqual([]);
    write(DOMAIN, "export default { owner: qqzzOwner };\n");
    expect(await freshCheck()).toHaveLength(1);
  });

  it("checks again when a module of the folder changes, not only the domain file", async () => {
    write(DOMAIN, 'import { owner } from "./owner.js";\nexport default { owner };\n');
    write("domains/sales/owner.ts", 'export const owner = "sales";\n');
    expect(await freshCheck()).toEqual([]);
    write("domains/sales/owner.ts", "export const owner = missing;\n");
    expect((await freshCheck()).map((p) => p.message)).toEqual(["Cannot find name 'missing'."]);
  });

  it("resolves packages again: one installed since the verdict is found", async () => {
    write(DOMAIN, 'import pad from "left-pad-mesh";\nexport default { owner: pad("s") };\n');
    expect((await freshCheck()).map((p) => p.message)).toEqual([
      "Cannot find module 'left-pad-mesh' or its corresponding type declarations.",
    ]);
    write("node_modules/left-pad-mesh/package.json", '{ "name": "left-pad-mesh", "main": "index.js" }');
    write("node_modules/left-pad-mesh/index.js", "module.exports = (s) => s;\n");
    expect(await freshCheck()).toEqual([]);
  });

  it("keeps no verdict on a file importing a relative path outside its folder", async () => {
    write("shared/owner.ts", 'export const owner = "sales";\n');
    write(DOMAIN, 'import { owner } from "../../shared/owner.js";\nexport default { owner };\n');
    const verdict = await freshCheck();
    expect(() => entries()).toThrow(); // no store folder at all
    expect(await freshCheck()).toEqual(verdict);
  });

  it("takes an unreadable entry for a miss", async () => {
    write(DOMAIN, "export default { owner: qqzzOwner };\n");
    await freshCheck();
    const entry = join(dir, STORE, entries()[0]!);
    for (const garbage of [
      "{",
      '{"problems":"none","imports":[]}',
      '{"problems":[{"message":1}],"imports":[]}',
    ]) {
      writeFileSync(entry, garbage);
      expect((await freshCheck()).map((p) => p.message)).toEqual(["Cannot find name 'qqzzOwner'."]);
    }
  });

  it("removes what a run that crashed before renaming its write left, not another run's write in progress", async () => {
    mkdirSync(join(dir, STORE), { recursive: true });
    write(`${STORE}/.abandoned.123.tmp`, "{");
    write(`${STORE}/.in-progress.456.tmp`, "{");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, STORE, ".abandoned.123.tmp"), hourAgo, hourAgo);
    write(DOMAIN, 'export default { owner: "sales" };\n');
    expect(await freshCheck()).toEqual([]);
    const files = readdirSync(join(dir, STORE));
    expect(files).toContain(".in-progress.456.tmp");
    expect(files).not.toContain(".abandoned.123.tmp");
    expect(entries()).toHaveLength(1);
  });

  it("keeps nothing with MESH_CACHE=off, or without node_modules in the working directory", async () => {
    write(DOMAIN, 'export default { owner: "sales" };\n');
    process.env.MESH_CACHE = "off";
    expect(await freshCheck()).toEqual([]);
    expect(() => entries()).toThrow();

    delete process.env.MESH_CACHE;
    const bare = realpathSync(mkdtempSync(join(tmpdir(), "mesh-verdicts-bare-")));
    process.chdir(bare);
    mkdirSync(join(bare, "domains/sales"), { recursive: true });
    writeFileSync(join(bare, DOMAIN), 'export default { owner: "sales" };\n');
    vi.resetModules();
    const { sourceProblems } = await import("../../program/sourceCheck.js");
    expect(sourceProblems([join(bare, DOMAIN)])).toEqual([]);
    expect(readdirSync(bare)).toEqual(["domains"]);
  });
});
