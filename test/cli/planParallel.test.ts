/**
 * `mesh plan --jobs N`: stacks planned in worker processes are reported exactly as when planned one
 * after another in this process, whatever order the workers finish in; a stack that fails, or
 * whose worker dies, is reported for that stack while the others are still planned.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture } from "../runner/support.js";

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of the example mesh with only `stacks`, inside the project (its tsconfig and node_modules
 * resolve `@datamesh/platform` and the SDK for the workers, as a domain repository's do).
 */
function workspace(stacks: readonly string[]): string {
  mkdirSync(".scratch", { recursive: true });
  const dir = mkdtempSync(join(".scratch", "mesh-plan-jobs-"));
  workspaces.push(dir);
  for (const entry of ["domains", "platform.yaml", "contracts.lock.json"])
    cpSync(entry, join(dir, entry), { recursive: true });
  mkdirSync(join(dir, "stacks"));
  for (const stack of stacks)
    cpSync(join("stacks", `Pulumi.${stack}.yaml`), join(dir, "stacks", `Pulumi.${stack}.yaml`));
  return dir;
}

/** Adds `code` to the orders domain file, run only when the file is planned as `stack`. */
function whenPlannedAs(dir: string, stack: string, code: string): void {
  const file = join(dir, "domains", "orders", "index.ts");
  writeFileSync(
    file,
    // The declaration readers have no stack: only the stack's own plan runs `code`.
    `import * as pulumi from "@pulumi/pulumi";\nif (pulumi.getStack() === "${stack}") ${code};\n${readFileSync(file, "utf8")}`,
  );
}

async function plan(args: readonly string[], root?: string) {
  const io = capture();
  const code = await main(["plan", ...args], io, root);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}

describe("mesh plan --jobs", () => {
  it("reports the shipped stacks, plan JSON and report, byte for byte as one after another", async () => {
    const inProcess = await plan(["--jobs", "1", "--json", "-"]);
    const inWorkers = await plan(["--jobs", "2", "--json", "-"]);
    expect(inProcess.stderr).toMatch(
      /Planned 6 of 6 stacks, \d+ resources; 0 mandatory policy violations\.$/,
    );
    expect(JSON.parse(inProcess.stdout).stacks).toHaveLength(6);
    expect(inWorkers).toEqual(inProcess);
  }, 300_000);

  it("reports stacks that fail in their own plan, as one after another, each with its line, and exits 2", async () => {
    const dir = workspace(["analytics-dev", "orders-dev", "orders-prod"]);
    whenPlannedAs(dir, "orders-dev", 'throw new TypeError("broken in orders-dev on purpose")');
    // No prod block: the worker names the line of platform.yaml the parent read.
    const platform = join(dir, "platform.yaml");
    const text = readFileSync(platform, "utf8");
    writeFileSync(platform, text.slice(0, text.indexOf("\n  prod:") + 1));
    const inProcess = await plan(["--jobs", "1", "--quiet"], dir);
    const inWorkers = await plan(["--jobs", "3", "--quiet"], dir);
    expect(inProcess.code).toBe(2);
    expect(inProcess.stderr.split("\n")).toEqual([
      expect.stringMatching(
        /^orders-dev: .*orders\/index\.ts: failed to load: broken in orders-dev on purpose$/,
      ),
      expect.stringMatching(/^orders-prod: .*platform\.yaml:9: environments\.prod is not set/),
    ]);
    expect(inProcess.stdout).toContain("Stack analytics-dev (dev):");
    expect(inProcess.stdout).toMatch(
      /Planned 1 of 3 stacks: 2 stacks have a configuration error \(above\); the 1 planned: /,
    );
    expect(inWorkers).toEqual(inProcess);
  }, 300_000);

  it("reports a stack whose worker dies for that stack, still plans the others, and exits 70", async () => {
    const dir = workspace(["analytics-dev", "orders-dev", "orders-prod"]);
    // In this process, the whole of `mesh plan` would end here.
    whenPlannedAs(dir, "orders-dev", "process.exit(9)");
    const { code, stdout, stderr } = await plan(["--jobs", "2", "--quiet"], dir);
    expect(code).toBe(70);
    expect(stderr).toBe("orders-dev: the worker planning it exited (code 9)");
    expect(stdout).toContain("Stack analytics-dev (dev):");
    expect(stdout).toContain("Stack orders-prod (prod):");
    expect(stdout.split("\n").at(-1)).toMatch(
      /^Planned 2 of 3 stacks: 1 stack could not be planned \(above\); the 2 planned: \d+ resources; 0 mandatory policy violations\.$/,
    );
  }, 300_000);

  it("refuses fewer than one job before planning anything", async () => {
    const io = capture();
    expect(await main(["plan", "--jobs", "0"], io)).toBe(2);
    expect(io.stderr.join("\n")).toContain("--jobs must be at least 1");
    expect(io.stdout).toEqual([]);
  });
});
