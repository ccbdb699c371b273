/**
 * A declaration reader runs another team's code (program/readDomains.ts): in Node's permission
 * model, that code may read its folder, the project and the platform, but nothing else (the
 * credentials of whoever runs the plan), write no file and start no process, so it cannot rewrite
 * what is read after it — a neighbour's domain file, the platform's modules, platform.yaml — and a file
 * answers only for itself. Nor can it start a thread outside that model, which Node 20 would allow
 * (program/readerSandbox.ts). Its TypeScript comes compiled from the parent, from its own folder only.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { DeclarationError } from "../../components/declaration/errors.js";
import { READERS_SANDBOXED, readDomains } from "../../program/readDomains.js";
import { readableBy } from "../../program/readerSandbox.js";
import { capture, workspace } from "../runner/support.js";

const root = mkdtempSync(join(tmpdir(), "mesh-sandbox-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  // The sandbox is the compiled reader's (a checkout being edited runs its sources through tsx).
  expect(READERS_SANDBOXED, "dist/ is not current: run `node scripts/compiledCheckout.mjs`").toBe(true);
});

let meshes = 0;
/** A mesh of `files` (path under `domains/` → content), ES modules; the paths of its domain files. */
function mesh(files: Record<string, string>): { dir: string; domainFiles: string[] } {
  const dir = join(root, `mesh-${++meshes}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const domainFiles = Object.keys(files)
    .filter((p) => /^domains\/[^/]+\/index\.ts$/.test(p))
    .map((p) => join(dir, p));
  return { dir, domainFiles };
}

const declaring = (name: string, code = "", imports = "") => `${imports}
import { defineDomain } from "@datamesh/platform";
${code}
export default defineDomain({ name: ${JSON.stringify(name)} } as never);
`;

/** The problems readDomains reports for `files` (it must refuse them). */
async function refused(files: readonly string[]) {
  const error = await readDomains(files).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeclarationError);
  return (error as DeclarationError).problems;
}

describe("a domain file read as another stack's declaration", () => {
  it("cannot rewrite a neighbour's domain file: it is refused, naming what it wrote, and the file is unchanged", async () => {
    const victim = declaring("victim");
    const { dir, domainFiles } = mesh({
      "domains/victim/index.ts": victim,
      "domains/writer/index.ts": declaring(
        "writer",
        'writeFileSync(new URL("../victim/index.ts", import.meta.url), "export default { input: { name: \\"victim\\", consumes: [] } };\\n");',
        'import { writeFileSync } from "node:fs";',
      ),
    });
    const problems = await refused(domainFiles);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.source).toMatch(/writer\/index\.ts$/);
    expect(problems[0]!.message).toMatch(
      /^failed to load: its code writes \S*victim\/index\.ts; read as data, a domain file may read only its folder, its project and the platform, and write no file, start no process/,
    );
    expect(readFileSync(join(dir, "domains/victim/index.ts"), "utf8")).toBe(victim);
  });

  it("cannot read a file outside its folder, its project and the platform: a credentials file", async () => {
    const credentials = join(root, "credentials");
    writeFileSync(credentials, "[default]\naws_secret_access_key = not-for-domain-code\n");
    const { domainFiles } = mesh({
      "domains/reader/index.ts": declaring(
        "reader",
        `const stolen = readFileSync(${JSON.stringify(credentials)}, "utf8");\nvoid stolen;`,
        'import { readFileSync } from "node:fs";',
      ),
    });
    const [problem] = await refused(domainFiles);
    expect(problem!.message).toBe(
      `failed to load: its code reads ${credentials}; read as data, a domain file may read only its folder, its project and the platform, and write no file, start no process or thread and load no native addon`,
    );
  });

  // The permission model checks the path a file is read by, not where a link leads: a link committed
  // in the folder would read anything. Such a folder is not read at all.
  it.skipIf(process.platform === "win32")(
    "cannot read through a symbolic link its folder holds to a file outside",
    async () => {
      const credentials = join(root, "linked-credentials");
      writeFileSync(credentials, "[default]\naws_secret_access_key = not-for-domain-code\n");
      const { dir, domainFiles } = mesh({
        "domains/linker/index.ts": declaring(
          "linker",
          'const stolen = readFileSync(new URL("./notes/creds", import.meta.url), "utf8");\nvoid stolen;',
          'import { readFileSync } from "node:fs";',
        ),
      });
      mkdirSync(join(dir, "domains/linker/notes"));
      symlinkSync(credentials, join(dir, "domains/linker/notes/creds"));
      const problems = await refused(domainFiles);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.source).toMatch(/domains\/linker\/notes\/creds$/);
      expect(problems[0]!.message).toBe(
        `a symbolic link to ${realpathSync(credentials)}, outside the domain's folder, the project and the platform: a domain file read as data may read only those`,
      );
    },
  );

  // Where /proc is, the parent's environment is a file: the credentials the reader's own lacks.
  it.skipIf(!existsSync("/proc/self/environ"))(
    "cannot read the environment of the process that reads it",
    async () => {
      const { domainFiles } = mesh({
        "domains/snooper/index.ts": declaring(
          "snooper",
          'const environ = readFileSync("/proc/" + process.ppid + "/environ", "utf8");\nvoid environ;',
          'import { readFileSync } from "node:fs";',
        ),
      });
      const [problem] = await refused(domainFiles);
      expect(problem!.message).toMatch(
        /^failed to load: its code reads \/proc\/\d+\/environ; read as data, a domain file may read only its folder,/,
      );
    },
  );

  it("cannot start a process, which could write for it", async () => {
    const marker = join(root, "started");
    const { domainFiles } = mesh({
      "domains/starter/index.ts": declaring(
        "starter",
        `execFileSync("touch", [${JSON.stringify(marker)}]);`,
        'import { execFileSync } from "node:child_process";',
      ),
    });
    const [problem] = await refused(domainFiles);
    expect(problem!.message).toMatch(/^failed to load: its code starts a process; read as data/);
    expect(existsSync(marker)).toBe(false);
  });

  // A worker started with `execArgv: []`, or one started by hooks registered onto the hooks' thread,
  // would run without the permission model (Node 20.20): each is refused before it can write.
  it.each([
    [
      "a worker thread without the sandbox's flags",
      'import { Worker } from "node:worker_threads";',
      (marker: string) =>
        `new Worker(${JSON.stringify(`require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`)}, { eval: true, execArgv: [] });`,
    ],
    [
      "module hooks that would start one",
      'import { register } from "node:module";',
      (marker: string) =>
        `register("data:text/javascript," + encodeURIComponent(${JSON.stringify(
          `import { Worker } from "node:worker_threads"; new Worker(${JSON.stringify(`require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`)}, { eval: true, execArgv: [] });`,
        )}));`,
    ],
  ])("cannot start %s", async (_, imports, start) => {
    const marker = join(root, `thread-${meshes}`);
    const { domainFiles } = mesh({
      "domains/threader/index.ts": declaring(
        "threader",
        `${start(marker)}\nawait new Promise((settled) => setTimeout(settled, 1000));`,
        imports,
      ),
    });
    const [problem] = await refused(domainFiles);
    expect(problem!.message).toMatch(/^failed to load: its code starts a thread; read as data/);
    expect(existsSync(marker)).toBe(false);
  });

  // The permission model lets trace events write node_trace.1.log into the working directory.
  it("cannot write trace events", async () => {
    const trace = join(process.cwd(), "node_trace.1.log");
    rmSync(trace, { force: true });
    const { domainFiles } = mesh({
      "domains/tracer/index.ts": declaring(
        "tracer",
        'createTracing({ categories: ["node.perf"] }).enable();\nperformance.mark("written");',
        'import { createTracing } from "node:trace_events";',
      ),
    });
    try {
      const [problem] = await refused(domainFiles);
      expect(problem!.message).toMatch(/^failed to load: its code writes a file; read as data/);
      expect(existsSync(trace)).toBe(false);
    } finally {
      rmSync(trace, { force: true });
    }
  });

  it("is read when it only tries, and has written nothing", async () => {
    const marker = join(root, "tried");
    const { domainFiles } = mesh({
      "domains/trier/index.ts": declaring(
        "trier",
        `try { writeFileSync(${JSON.stringify(marker)}, "x"); } catch {}`,
        'import { writeFileSync } from "node:fs";',
      ),
    });
    const [definition] = await readDomains(domainFiles);
    expect(definition!.input.name).toBe("trier");
    expect(existsSync(marker)).toBe(false);
  });

  it("runs the TypeScript of its own folder, subfolders included, and no other", async () => {
    const inside = mesh({
      "domains/own/index.ts": declaring("own", "void helper;", 'import { helper } from "./lib/helper.js";'),
      "domains/own/lib/helper.ts": "export const helper: string = 'mine';\n",
    });
    const [definition] = await readDomains(inside.domainFiles);
    expect(definition!.input.name).toBe("own");

    // A static import from outside the folder is the compiler's to refuse (program/sourceCheck.ts);
    // one the compiler cannot see is the reader's.
    const outside = mesh({
      "domains/borrower/index.ts": declaring(
        "borrower",
        'const { helper } = await import(["..", "..", "common", "helper.js"].join("/"));\nvoid helper;',
      ),
      "common/helper.ts": "export const helper: string = 'not mine';\n",
    });
    const [problem] = await refused(outside.domainFiles);
    expect(problem!.message).toMatch(
      /^failed to load: \S*common\/helper\.ts: a domain file's code runs with the TypeScript of its domain's folder only/,
    );
  });

  it("fails mesh plan with exit 2 and one line naming the file, no stack trace, nothing planned", async () => {
    const dir = workspace();
    const analytics = join(dir, "domains/analytics/index.ts");
    const orders = join(dir, "domains/orders/index.ts");
    const ordersBefore = readFileSync(orders, "utf8");
    writeFileSync(
      analytics,
      `import { appendFileSync } from "node:fs";\nappendFileSync(new URL("../orders/index.ts", import.meta.url), "\\n// forged\\n");\n${readFileSync(analytics, "utf8")}`,
    );
    const io = capture();
    expect(await main(["plan", "--stack", "orders-dev"], io, dir)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(
      /^error: \S*domains\/analytics\/index\.ts: failed to load: its code writes \S*domains\/orders\/index\.ts; read as data/,
    );
    expect(io.stderr[0]).not.toMatch(/^\s+at /m);
    expect(io.stdout.join("\n")).not.toMatch(/Stack |Planned/);
    expect(readFileSync(orders, "utf8")).toBe(ordersBefore);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("what a sandboxed process may read", () => {
  it("includes the platform its entry belongs to, package and compiled copy, however deep the entry", () => {
    // An installed package, as `npm install` lays it out: outside the project, linked into it.
    const platform = realpathSync(mkdtempSync(join(tmpdir(), "mesh-platform-")));
    try {
      for (const entry of ["dist/program/declarationReader.js", "dist/cli/plan/planWorker.js"]) {
        mkdirSync(join(platform, entry, ".."), { recursive: true });
        const readable = readableBy(root, pathToFileURL(join(platform, entry)), undefined);
        expect(readable).toEqual(expect.arrayContaining([platform, join(platform, "dist")]));
      }
    } finally {
      rmSync(platform, { recursive: true, force: true });
    }
  });
});
