/**
 * `npm run bench` (third part): the wall time of `mesh plan` of the shipped stacks (`npm start`)
 * with one worker (`--jobs 1`) against several (`--jobs auto`, the default: a worker per core and
 * one more; or MESH_BENCH_JOBS), in the same run, alternated so that both meet the same load.
 * Ratio = several / one (below 1.00x: several are faster). A worker plans one domain's stacks only,
 * so both start a worker per domain; more of them at once overlap those starts.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.MESH_BENCH_PLAN_RUNS ?? 3);
const JOBS = process.env.MESH_BENCH_JOBS ?? "auto";
const bin = fileURLToPath(new URL("../bin/mesh.js", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

function wallMs(jobs: string): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [bin, "plan", "--jobs", jobs], { cwd: root, stdio: "ignore" });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const times: Record<string, number[]> = { "1": [], [JOBS]: [] };
for (let run = 0; run < RUNS; run++) for (const jobs of ["1", JOBS]) times[jobs]!.push(wallMs(jobs));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [jobs, xs] of Object.entries(times)) {
  process.stdout.write(
    `mesh plan --jobs ${jobs}: median ${(median(xs) / 1000).toFixed(1)} s (runs: ${xs.map((x) => (x / 1000).toFixed(1)).join(", ")})\n`,
  );
}
process.stdout.write(
  `ratio --jobs ${JOBS} / --jobs 1: ${(median(times[JOBS]!) / median(times["1"]!)).toFixed(2)}x\n`,
);
