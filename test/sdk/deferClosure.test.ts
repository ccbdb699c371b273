/**
 * sdk/deferClosure.ts against the installed @pulumi/pulumi: loading the SDK no longer loads its
 * closure serializer (the TypeScript compiler, npm's arborist and the rest), a program that does
 * serialize a function gets exactly what the SDK gives without the deferral, and `mesh plan` never
 * loads it. Each case runs in a fresh process, since this one has the SDK loaded already.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
const DEFER = pathToFileURL(fileURLToPath(new URL("../../sdk/deferClosure.ts", import.meta.url))).href;

/** Whether a module of `pkg` is loaded, as a script line that prints it. */
const LOADED = `(pkg) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + pkg + "/"))`;

function node(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Loads the SDK (deferring its closure serializer or not), serializes a function, reports. */
function serializeIn(defer: boolean) {
  const script = `
    import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
    const require = createRequire(${JSON.stringify(`${ROOT}/`)});
    const loaded = ${LOADED};
    ${defer ? `(await import(${JSON.stringify(DEFER)})).deferClosureSerialization();` : ""}
    const pulumi = require("@pulumi/pulumi");
    const before = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") };
    const factor = 6;
    const serialized = await pulumi.runtime.serializeFunction((x) => x * factor);
    const after = { typescript: loaded("typescript"), arborist: loaded("@npmcli/arborist") };
    process.stdout.write(JSON.stringify({ before, after, text: serialized.text }));
  `;
  return node(["--import", TSX, "--input-type=module", "-e", script]);
}

describe("deferring the SDK's closure serializer", () => {
  it("loads neither the TypeScript compiler nor arborist with the SDK, and serializes as the SDK does", async () => {
    const [deferred, plain] = await Promise.all([serializeIn(true), serializeIn(false)]);
    expect(deferred.code, deferred.stderr).toBe(0);
    expect(plain.code, plain.stderr).toBe(0);
    const d = JSON.parse(deferred.stdout);
    const p = JSON.parse(plain.stdout);
    // Without the deferral both load with the SDK; with it, neither does until a function is serialized.
    expect(p.before).toEqual({ typescript: true, arborist: true });
    expect(d.before).toEqual({ typescript: false, arborist: false });
    expect(d.after.typescript).toBe(true);
    // The serialized function, captured variable included, is the SDK's own.
    expect(d.text).toContain("x * factor");
    expect(d.text).toContain("factor: 6");
    expect(d.text).toBe(p.text);
  });

  it("mesh plan loads no closure serializer in the worker that plans, and no SDK where it judges", async () => {
    const report = `${fileURLToPath(new URL("./fixtures/reportLoaded.cjs", import.meta.url))}`;
    // The fixture reports into the temporary folder, the one variable besides NODE_OPTIONS that
    // reaches a worker (program/domainCodeEnvironment.ts).
    const reports = mkdtempSync(join(tmpdir(), "mesh-loaded-"));
    try {
      const plan = await node([`${ROOT}/bin/mesh.js`, "plan", "--stack", "orders-dev"], {
        NODE_OPTIONS: `--require ${report}`,
        TMPDIR: reports,
      });
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toContain("Planned 1 of 1 stack");
      // A worker in the sandbox, which may write no file, reports with its stack's output (the fixture).
      const lines = [
        ...readFileSync(join(reports, "mesh-loaded.txt"), "utf8").trim().split("\n"),
        ...plan.stderr.split("\n").filter((l) => l.startsWith("planWorker.")),
      ];
      // The worker planned with the SDK (so the check means something), not its closure serializer.
      expect(lines.filter((l) => l.startsWith("planWorker."))).toEqual([
        expect.stringMatching(/@pulumi\/pulumi=true @npmcli\/arborist=false$/),
      ]);
      // `mesh plan` itself plans nothing: its policy pack is judged without the SDK or the server.
      expect(lines.filter((l) => l.startsWith("mesh.js"))).toEqual([
        "mesh.js: @pulumi/pulumi=false @npmcli/arborist=false",
      ]);
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });
});
