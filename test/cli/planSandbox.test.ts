/**
 * A stack's own plan runs its domain file's code (as `pulumi preview` runs the program), in a plan
 * worker of `mesh plan` (cli/plan/pool.ts). Compiled, the worker runs in the sandbox a declaration
 * reader runs in (program/readerSandbox.ts): the code may read the project and the platform, but
 * not the credentials of whoever runs the plan; it may write no file, start no process and start no
 * thread, so that in a plan of several stacks it cannot rewrite what another stack's plan reads
 * after it (that stack's domain file, its SQL, platform.yaml). Its TypeScript comes compiled from
 * the `mesh plan` process, from its own folder only.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKERS_SANDBOXED } from "../../cli/plan/pool.js";
import { plan, whenPlannedAs, planWorkspace as workspace } from "../support/planWorkspace.js";

/** Outside the project: where a user keeps credentials, and where markers of what ran are looked for. */
const outside = mkdtempSync(join(tmpdir(), "mesh-plan-sandbox-"));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

beforeAll(() => {
  // The sandbox is the compiled worker's (a checkout being edited runs its sources through tsx).
  expect(WORKERS_SANDBOXED, "dist/ is not current: run `node scripts/compiledCheckout.mjs`").toBe(true);
});

/**
 * `mesh plan` of `stacks` (orders-dev alone by default), orders' own plan running `code` first
 * (after `imports`), with `files` (path in the workspace → content) written beside the mesh.
 */
async function planWithOrders(
  code: string,
  imports = "",
  files: Record<string, string> = {},
  stacks: readonly string[] = ["orders-dev"],
) {
  const dir = workspace(stacks);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const orders = join(dir, "domains", "orders", "index.ts");
  whenPlannedAs(dir, "orders-dev", code);
  if (imports) writeFileSync(orders, `${imports}\n${readFileSync(orders, "utf8")}`);
  const customers = join(dir, "domains", "customers", "index.ts");
  const customersBefore = readFileSync(customers, "utf8");
  const result = await plan([], dir);
  // Whatever orders' code tried, customers' file is as it was.
  expect(readFileSync(customers, "utf8")).toBe(customersBefore);
  return result;
}

/** The one line that fails orders-dev's plan, for what the sandbox refused: on stderr, no stack trace. */
function refusal(stderr: string): string {
  const line = stderr
    .split("\n")
    .find((l) => /^orders-dev: \S*domains\/orders\/index\.ts: failed to load: /.test(l));
  expect(line, stderr).toBeDefined();
  expect(stderr).not.toMatch(/^\s+at /m);
  return line!;
}

describe("a domain file's code in its own stack's plan", () => {
  it("cannot rewrite a neighbour's domain file: its stack fails with exit 2, naming the file written", async () => {
    // Had orders' code written it, customers-dev's worker could have planned what it wrote.
    const { code, stdout, stderr } = await planWithOrders(
      'writeFileSync(new URL("../customers/index.ts", import.meta.url), "export default {};\\n")',
      'import { writeFileSync } from "node:fs";',
      {},
      ["orders-dev", "customers-dev"],
    );
    expect(code).toBe(2);
    expect(stdout).toMatch(/Stack customers-dev \(dev\): 51 resources to create/);
    expect(refusal(stderr)).toMatch(
      /failed to load: its code writes \S*domains\/customers\/index\.ts; planned by `mesh plan`, a domain file may read only its project and the platform, and write no file, start no process or thread and load no native addon$/,
    );
  }, 300_000);

  it("cannot read a file outside its project and the platform: a credentials file", async () => {
    const credentials = join(outside, "credentials");
    writeFileSync(credentials, "[default]\naws_secret_access_key = s3cr3t\n");
    const { code, stdout, stderr } = await planWithOrders(
      `console.log(readFileSync(${JSON.stringify(credentials)}, "utf8"))`,
      'import { readFileSync } from "node:fs";',
    );
    expect(code).toBe(2);
    expect(refusal(stderr)).toContain(
      `failed to load: its code reads ${credentials}; planned by \`mesh plan\`, a domain file may read only its project and the platform`,
    );
    expect(`${stdout}${stderr}`).not.toContain("s3cr3t");
  }, 300_000);

  it("cannot start a process, which could write for it", async () => {
    const marker = join(outside, "started");
    const { code, stderr } = await planWithOrders(
      `execFileSync("touch", [${JSON.stringify(marker)}])`,
      'import { execFileSync } from "node:child_process";',
    );
    expect(code).toBe(2);
    expect(refusal(stderr)).toMatch(/failed to load: its code starts a process; planned by `mesh plan`/);
    expect(existsSync(marker)).toBe(false);
  }, 300_000);

  // Node 20.20 lets such a worker run without the permission model (program/readerSandbox.ts).
  it("cannot start a worker thread without the sandbox's flags", async () => {
    const marker = join(outside, "threaded");
    const thread = `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`;
    const { code, stderr } = await planWithOrders(
      `new Worker(${JSON.stringify(thread)}, { eval: true, execArgv: [] })`,
      'import { Worker } from "node:worker_threads";',
    );
    expect(code).toBe(2);
    expect(refusal(stderr)).toMatch(/failed to load: its code starts a thread; planned by `mesh plan`/);
    await new Promise((settled) => setTimeout(settled, 500));
    expect(existsSync(marker)).toBe(false);
  }, 300_000);

  // The permission model lets trace events write node_trace.1.log into the working directory.
  it("cannot write trace events", async () => {
    const trace = join(process.cwd(), "node_trace.1.log");
    rmSync(trace, { force: true });
    try {
      const { code, stderr } = await planWithOrders(
        'createTracing({ categories: ["node.perf"] }).enable(); performance.mark("written")',
        'import { createTracing } from "node:trace_events";',
      );
      expect(code).toBe(2);
      expect(refusal(stderr)).toMatch(/failed to load: its code writes a file; planned by `mesh plan`/);
      expect(existsSync(trace)).toBe(false);
    } finally {
      rmSync(trace, { force: true });
    }
  }, 300_000);

  it("is planned when it only tries, and has written nothing", async () => {
    const marker = join(outside, "tried");
    const { code, stdout } = await planWithOrders(
      `try { writeFileSync(${JSON.stringify(marker)}, "x"); } catch {}`,
      'import { writeFileSync } from "node:fs";',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/Planned 1 of 1 stack/);
    expect(existsSync(marker)).toBe(false);
  }, 300_000);

  it("runs the TypeScript of its own folder, and no other", async () => {
    const helper = "export const helper: string = 'here';\n";
    const inside = await planWithOrders(
      'if ((await import([".", "lib", "helper.js"].join("/"))).helper !== "here") throw new Error("no helper")',
      "",
      { "domains/orders/lib/helper.ts": helper },
    );
    expect(inside.code, inside.stdout).toBe(0);

    // A static import from outside the folder is the compiler's to refuse (program/sourceCheck.ts);
    // one the compiler cannot see is the sandbox's.
    const outsideFolder = await planWithOrders(
      'await import(["..", "..", "common", "helper.js"].join("/"))',
      "",
      { "common/helper.ts": helper },
    );
    expect(outsideFolder.code).toBe(2);
    expect(refusal(outsideFolder.stderr)).toMatch(
      /failed to load: \S*common\/helper\.ts: a domain file's code runs with the TypeScript of its domain's folder only/,
    );
  }, 300_000);
});
