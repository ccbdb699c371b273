/**
 * `npm run bench` (scale part): `mesh plan --stack` of one stack in a synthetic mesh of 100 domains
 * (1,000 products, bench/syntheticMesh.ts) against `mesh plan --stack orders-dev` in this
 * repository's mesh of 3, in the same run, alternated. Whatever the stack, its plan reads every
 * domain's declaration (a reader process per domain file) and validates the whole mesh, so this is
 * what a mesh's size costs each of its stacks. Prints the median wall time of each, their ratio,
 * the cost per domain, and the peak RSS of `mesh plan` with every process it started, summed.
 * MESH_BENCH_SCALE_DOMAINS sets the size (default 100), MESH_BENCH_SCALE_RUNS the runs (3).
 * MESH_BENCH_SCALE_FULL=N also plans every stack of synthetic meshes of N and 2N domains, once each
 * (minutes: every stack's plan validates the whole mesh, so the whole plan grows faster than the
 * mesh, and the ratio of the two shows by how much).
 */
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticWorkspace } from "./syntheticMesh.js";

const DOMAINS = Number(process.env.MESH_BENCH_SCALE_DOMAINS ?? 100);
const RUNS = Number(process.env.MESH_BENCH_SCALE_RUNS ?? 3);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "mesh.js");

/** RSS in KiB of `pid` and every process below it, from `ps` (Linux and macOS). */
function treeRssKiB(pid: number): number {
  const rows = execFileSync("ps", ["-A", "-o", "pid=,ppid=,rss="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of rows) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return rows.reduce((sum, [p, , rss]) => (tree.has(p) ? sum + rss : sum), 0);
}

/**
 * Plans `stack` (every stack without one) in `cwd`: its wall milliseconds and the peak RSS (MiB) of
 * its process tree.
 */
function plan(cwd: string, stack?: string): Promise<{ ms: number; peakMiB: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, "plan", ...(stack ? ["--stack", stack] : [])], {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, treeRssKiB(child.pid!));
    }, 100);
    child.on("exit", (code) => {
      clearInterval(sampler);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`mesh plan ${stack ?? ""} in ${cwd} exited ${code}: ${stderr}`));
      else resolve({ ms, peakMiB: peak / 1024 });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const large = syntheticWorkspace(DOMAINS * 10);
try {
  const cases: [name: string, cwd: string, stack: string][] = [
    ["3 domains (this repository), --stack orders-dev", root, "orders-dev"],
    [`${DOMAINS} domains (synthetic), --stack domain-1-dev`, large, "domain-1-dev"],
  ];
  // Once each first: the compiler's verdicts on new domain files are kept between runs, as in a
  // user's repository after its first plan.
  for (const [, cwd, stack] of cases) await plan(cwd, stack);
  const results = new Map(cases.map(([name]) => [name, [] as { ms: number; peakMiB: number }[]]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, cwd, stack] of cases) results.get(name)!.push(await plan(cwd, stack));
  }
  const [small, big] = cases.map(([name]) => results.get(name)!);
  const smallMs = median(small!.map((r) => r.ms));
  const bigMs = median(big!.map((r) => r.ms));
  process.stdout.write(`One stack's plan as the mesh grows, median of ${RUNS} alternated runs:\n`);
  for (const [name] of cases) {
    const rs = results.get(name)!;
    process.stdout.write(
      `  ${name}: ${(median(rs.map((r) => r.ms)) / 1000).toFixed(2)} s, peak RSS ${median(rs.map((r) => r.peakMiB)).toFixed(0)} MiB (all processes)\n`,
    );
  }
  process.stdout.write(
    `  ratio ${DOMAINS} / 3 domains: ${(bigMs / smallMs).toFixed(1)}x; each domain beyond 3: ${((bigMs - smallMs) / (DOMAINS - 3)).toFixed(0)} ms\n`,
  );
} finally {
  rmSync(large, { recursive: true, force: true });
}

const FULL = Number(process.env.MESH_BENCH_SCALE_FULL ?? 0);
if (FULL > 0) {
  process.stdout.write("Every stack's plan (mesh plan), once each:\n");
  const seconds: number[] = [];
  for (const domains of [FULL, 2 * FULL]) {
    const project = syntheticWorkspace(domains * 10);
    try {
      await plan(project, "domain-1-dev"); // the compiler's verdicts, as above
      const { ms, peakMiB } = await plan(project);
      seconds.push(ms / 1000);
      process.stdout.write(
        `  ${domains} domains: ${(ms / 1000).toFixed(1)} s, ${(ms / domains).toFixed(0)} ms per domain, peak RSS ${peakMiB.toFixed(0)} MiB\n`,
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    `  ${2 * FULL} / ${FULL} domains: ${(seconds[1]! / seconds[0]!).toFixed(2)}x (2.00x: linear)\n`,
  );
}
