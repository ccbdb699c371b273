/**
 * `mesh plan --jobs N`: stacks planned by N worker processes are reported exactly as when one worker
 * plans them one after another, whatever order the workers finish in; a stack that fails, or whose
 * worker dies, is reported for that stack while the others are still planned.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { PLANNER_V8_FLAGS } from "../../cli/plan/plannerHeap.js";
import { PlanPool, planContext, WORKERS_SANDBOXED } from "../../cli/plan/pool.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { domainFiles } from "../../program/domainFiles.js";
import { readPlatformFile } from "../../program/platformFile.js";
import { readDomains } from "../../program/readDomains.js";
import { capture } from "../runner/support.js";
import { plan, whenPlannedAs, planWorkspace as workspace } from "../support/planWorkspace.js";

describe("mesh plan --jobs", () => {
  it("reports the shipped stacks, plan JSON and report, byte for byte as one after another", async () => {
    const oneWorker = await plan(["--jobs", "1", "--json", "-"]);
    const inWorkers = await plan(["--jobs", "2", "--json", "-"]);
    expect(oneWorker.stderr).toMatch(
      /Planned 6 of 6 stacks, \d+ resources; 0 mandatory policy violations\.$/,
    );
    expect(JSON.parse(oneWorker.stdout).stacks).toHaveLength(6);
    expect(inWorkers).toEqual(oneWorker);
  }, 300_000);

  it("reports stacks that fail in their own plan, as one after another, each with its line, and exits 2", async () => {
    const dir = workspace(["analytics-dev", "orders-dev", "orders-prod"]);
    whenPlannedAs(dir, "orders-dev", 'throw new TypeError("broken in orders-dev on purpose")');
    // No prod block: the worker names the line of platform.yaml the parent read.
    const platform = join(dir, "platform.yaml");
    const text = readFileSync(platform, "utf8");
    writeFileSync(platform, text.slice(0, text.indexOf("\n  prod:") + 1));
    const oneWorker = await plan(["--jobs", "1", "--quiet"], dir);
    const inWorkers = await plan(["--jobs", "3", "--quiet"], dir);
    expect(oneWorker.code).toBe(2);
    expect(oneWorker.stderr.split("\n")).toEqual([
      expect.stringMatching(
        /^orders-dev: .*orders\/index\.ts: failed to load: broken in orders-dev on purpose$/,
      ),
      expect.stringMatching(/^orders-prod: .*platform\.yaml:9: environments\.prod is not set/),
    ]);
    expect(oneWorker.stdout).toContain("Stack analytics-dev (dev):");
    expect(oneWorker.stdout).toMatch(
      /Planned 1 of 3 stacks: 2 stacks have a configuration error \(above\); the 1 planned: /,
    );
    expect(inWorkers).toEqual(oneWorker);
  }, 300_000);

  it("reports a stack whose worker dies for that stack, still plans the others, and exits 70", async () => {
    const dir = workspace(["analytics-dev", "orders-dev", "orders-prod"]);
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

describe("mesh plan --json -", () => {
  it("keeps what a domain file prints out of the JSON on stdout", async () => {
    const dir = workspace(["orders-dev"]);
    whenPlannedAs(dir, "orders-dev", 'console.log("printed by the orders domain file")');
    const { code, stdout, stderr } = await plan(["--json", "-", "--quiet"], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).stacks).toHaveLength(1);
    expect(stderr).toContain("printed by the orders domain file");
  }, 300_000);
});

describe("the plan pool's size", () => {
  it("bounds the workers alive at once, also when every domain has a single stack", async () => {
    const stacks = ["analytics-dev", "customers-dev", "orders-dev"];
    const dir = workspace(stacks);
    // Each stack's own plan connects to a server of this test (a worker may write no file, but
    // Node's permission model leaves the network open), sends its worker's flags, holds the
    // connection long enough for any worker started with it to be planning too, and closes it;
    // the server counts the connections open at once.
    let open = 0;
    let most = 0;
    const flags: string[][] = [];
    const server = createServer((socket) => {
      most = Math.max(most, ++open);
      let sent = "";
      socket.on("data", (chunk) => {
        sent += chunk;
      });
      socket.on("close", () => {
        open -= 1;
        flags.push(JSON.parse(sent) as string[]);
      });
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const port = (server.address() as { port: number }).port;
    const census = `await (async () => {
      const socket = process.getBuiltinModule("node:net").connect(${port}, "127.0.0.1");
      await new Promise((connected) => socket.once("connect", connected));
      socket.write(JSON.stringify(process.execArgv));
      await new Promise((held) => setTimeout(held, 1500));
      await new Promise((closed) => socket.end(closed));
    })()`;
    for (const stack of stacks) whenPlannedAs(dir, stack, census);
    const domainsDir = join(dir, "domains");
    await readDomains(domainFiles(domainsDir));
    const pool = new PlanPool(1);
    try {
      const replies = await Promise.all(
        pool.plan(
          stacks.map((s) => readStackFile(join(dir, "stacks", `Pulumi.${s}.yaml`))),
          await planContext(domainsDir, readPlatformFile(dir)),
        ),
      );
      expect(replies.map((r) => r.outcome.kind)).toEqual(["planned", "planned", "planned"]);
    } finally {
      pool.close();
      server.close();
    }
    expect(flags).toHaveLength(3);
    expect(most).toBe(1);
    for (const argv of flags) {
      // Each worker lets its heap grow by at most twice its live size between collections (planner
      // memory: cli/plan/plannerHeap.ts), and runs its stack's code in the sandbox
      // (program/readerSandbox.ts), compiled as this checkout is when its tests run.
      expect(argv).toEqual(expect.arrayContaining([...PLANNER_V8_FLAGS]));
      if (WORKERS_SANDBOXED)
        expect(argv.some((flag) => /^--(experimental-)?permission$/.test(flag))).toBe(true);
    }
  }, 300_000);
});

describe("a plan worker that never answers", () => {
  it("is ended after the pool's timeout; its stack fails, the others are planned", async () => {
    const dir = workspace(["customers-dev", "orders-dev"]);
    // Its import never ends (without holding a core while it waits).
    whenPlannedAs(dir, "orders-dev", "await new Promise(() => {})");
    const domainsDir = join(dir, "domains");
    await readDomains(domainFiles(domainsDir));
    const stacks = ["customers-dev", "orders-dev"].map((s) =>
      readStackFile(join(dir, "stacks", `Pulumi.${s}.yaml`)),
    );
    const pool = new PlanPool(2, { timeoutMs: 15_000 });
    try {
      const [customers, orders] = await Promise.all(
        pool.plan(stacks, await planContext(domainsDir, readPlatformFile(dir))),
      );
      expect(customers!.outcome.kind).toBe("planned");
      expect(orders!.outcome).toEqual({
        kind: "failed",
        message: "the worker planning it took more than 15s",
        exit: 70,
      });
    } finally {
      pool.close();
    }
  }, 300_000);
});
