/**
 * `npm run bench` (CLI part): wall time of the `mesh` commands a user types, as ratios to a bare
 * `node -e 0` measured in the same run, for the two ways the CLI runs:
 *
 * - **package**: the published package, as `npm install @datamesh/platform` lays it out: the
 *   files `npm pack` ships with `dist/` compiled into a temporary folder (scripts/packageLayout.ts)
 *   — no CLI sources, so bin/mesh.js runs `dist/` and loads TypeScript
 *   only for the domain files a command reads — run in a project of its users (`userProject`):
 *   this repository's mesh, with the package installed as `@datamesh/platform`;
 * - **checkout**: this repository, which runs the compiled copy `npm ci` made of its sources while
 *   it is current (scripts/compiledCheckout.mjs), and otherwise its sources, through tsx (the bench
 *   says which it ran).
 *
 * Both plan this repository's domains and stacks, so they do the same work. The policy pack's
 * start-up is timed too, from the package's and the checkout's `policies/`, as `pulumi preview
 * --policy-pack` starts it: until it serves (scripts/packStartup.ts).
 * Each figure is the median of RUNS runs, alternated so a noisy neighbour hurts both alike.
 * Targets (issue 15): `mesh --help` ≤ 3× node, `mesh plan --stack orders-dev` ≤ 1.5 s, `npm start`
 * (every shipped stack) ≤ 4 s.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageLayout, userProject } from "../scripts/packageLayout.js";
import { packStartup } from "../scripts/packStartup.js";

const RUNS = Number(process.env.MESH_BENCH_CLI_RUNS ?? 5);
const root = fileURLToPath(new URL("..", import.meta.url));

/** Wall milliseconds of one run; a failing command fails the bench (a fast failure is no result). */
async function wall(command: Command): Promise<number> {
  const start = process.hrtime.bigint();
  if ("packDir" in command) await packStartup(command.packDir);
  else {
    const { args, cwd } = command;
    const run = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
    if (run.status !== 0)
      throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr.slice(-500)}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A command of `node` with `args` in `cwd`, or the policy pack in `packDir` started until it serves. */
type Command = { readonly args: readonly string[]; readonly cwd: string } | { readonly packDir: string };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const pkg = await packageLayout();
const project = userProject(pkg);
try {
  const bin = join(project, "node_modules/@datamesh/platform/bin/mesh.js");
  const checkout = join(root, "bin/mesh.js");
  const commands: [name: string, command: Command][] = [
    ["node -e 0", { args: ["-e", "0"], cwd: root }],
    ["mesh --help (package)", { args: [bin, "--help"], cwd: project }],
    ["mesh --help (checkout)", { args: [checkout, "--help"], cwd: root }],
    [
      "mesh plan --stack orders-dev (package)",
      { args: [bin, "plan", "--stack", "orders-dev"], cwd: project },
    ],
    [
      "mesh plan --stack orders-dev (checkout)",
      { args: [checkout, "plan", "--stack", "orders-dev"], cwd: root },
    ],
    ["npm start: mesh plan, every stack (package)", { args: [bin, "plan"], cwd: project }],
    ["npm start: mesh plan, every stack (checkout)", { args: [checkout, "plan"], cwd: root }],
    ["policy pack, until it serves (package)", { packDir: join(pkg, "policies") }],
    ["policy pack, until it serves (checkout)", { packDir: join(root, "policies") }],
  ];
  const { compiledCheckout } = await import("../scripts/compiledCheckout.mjs");
  const checkoutRuns = compiledCheckout(root)
    ? "its compiled copy (dist/, current)"
    : "its sources, through tsx";
  const times = new Map(commands.map(([name]) => [name, [] as number[]]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, command] of commands) times.get(name)!.push(await wall(command));
  }
  const floor = median(times.get("node -e 0")!);
  const rows = [["command", "median ms", "× node -e 0"]];
  for (const [name] of commands) {
    const ms = median(times.get(name)!);
    rows.push([name, ms.toFixed(0), `${(ms / floor).toFixed(1)}x`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  process.stdout.write(
    `CLI start-up, median of ${RUNS} alternated runs; the checkout runs ${checkoutRuns}:\n`,
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}\n`,
    );
  }
} finally {
  rmSync(project, { recursive: true, force: true });
  rmSync(pkg, { recursive: true, force: true });
}
