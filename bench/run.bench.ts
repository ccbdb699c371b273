/**
 * `npm run bench` (second part), each measurement in its own process so peak RSS is its own:
 *
 * 1. **Whole run**: `mesh run orders/orders --input FILE` (land, extract with every record judged,
 *    stage, transform in the sandbox, enforce, load) over 1M raw NDJSON records, against DuckDB
 *    doing the bare equivalent in the same run — `read_ndjson` → Parquet, the same SQL, the
 *    same table written. Ratio = bare seconds / mesh seconds (1.00x: no overhead).
 * 2. **History**: the shipped orders transform over 20M staged events (5M orders, four events
 *    each) within its declared pod memory (1Gi): seconds and peak RSS of the refresh (transform,
 *    enforce, load), first over the whole history, then incrementally (its table plus the one
 *    new batch of 100,000 events) — what every later run reads.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { runCommand } from "../cli/commands/run.js";
import { cpuCores, memoryBytes } from "../components/declaration/units.js";
import { loadMesh } from "../program/loadMesh.js";
import { runPipeline } from "../runner/core.js";
import { localEnv, localProduct, openLocalWarehouse } from "../runner/localRun.js";
import { localLayout, stagedBatch } from "../runner/locations.js";
import { generatedLinesSql } from "../runner/recordSql.js";
import { memoryLimits, threadsFor } from "../runner/session.js";
import { literal } from "../runner/sql.js";

const RUN_ROWS = Number(process.env.MESH_BENCH_RUN_ROWS ?? 1_000_000);
const HISTORY_ROWS = Number(process.env.MESH_BENCH_HISTORY_ROWS ?? 20_000_000);
const root = fileURLToPath(new URL("..", import.meta.url));
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function orders() {
  const mesh = await loadMesh({}, join(root, "domains"));
  return mesh.products.find((p) => p.id === "orders.orders.v1")!;
}

/** Writes `rows` generated raw orders as NDJSON: the input both sides of the whole-run bench read. */
async function rawFile(dir: string, rows: number): Promise<string> {
  const model = await orders();
  const file = join(dir, "orders.ndjson");
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run(
    `COPY (${generatedLinesSql(model.raw!.schema, rows, 1)}) TO ${literal(file)} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\\x1f')`,
  );
  c.closeSync();
  db.closeSync();
  return file;
}

async function wholeRun(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "mesh-bench-run-"));
  const input = await rawFile(dir, RUN_ROWS);
  const model = await orders();
  const stderr: string[] = [];
  const io = { out: () => {}, err: (line = "") => void stderr.push(line) };
  const start = process.hrtime.bigint();
  const code = await runCommand(
    { root, target: "orders/orders", input, out: join(dir, "mesh"), ingestDate: "2026-11-24" },
    io,
  );
  const meshSeconds = seconds(start);
  if (code !== 0) throw new Error(`mesh run failed: ${stderr.join("\n")}`);

  // The bare equivalent: DuckDB reads the NDJSON typed by the schema, stages it as Parquet, runs
  // the same SQL and writes the same table into a database file. No record is judged, nothing
  // sandboxed, no contract checked.
  // As many threads as the mesh run had: the product's declared CPU.
  const threads = threadsFor(cpuCores(model.declaration.transform.resources.cpu)!);
  const db = await DuckDBInstance.create(":memory:", {
    temp_directory: join(dir, "tmp-bare"),
    threads: String(threads),
  });
  const c = await db.connect();
  const bareStart = process.hrtime.bigint();
  const columns = Object.entries(model.raw!.schema)
    .map(
      ([name, f]) =>
        `${literal(name)}: ${literal(f.type === "timestamp" ? "TIMESTAMPTZ" : f.type.toUpperCase())}`,
    )
    .join(", ");
  await c.run(
    `COPY (SELECT * FROM read_ndjson(${literal(input)}, columns = {${columns}})) TO ${literal(join(dir, "bare.parquet"))} (FORMAT parquet)`,
  );
  await c.run(`ATTACH ${literal(join(dir, "bare.duckdb"))} AS bare`);
  await c.run(`CREATE VIEW staging AS SELECT * FROM read_parquet(${literal(join(dir, "bare.parquet"))})`);
  await c.run(`CREATE TABLE bare.orders AS ${model.sql}`);
  const bareSeconds = seconds(bareStart);
  c.closeSync();
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
  // The extract's share, from its progress line ("extracted and staged  N rows, R rows/s").
  const extract = stderr
    .map((l) => /extracted and staged\s+([\d,]+) rows, ([\d,]+) rows\/s/.exec(l))
    .find(Boolean);
  const number = (text: string) => Number(text.replaceAll(",", ""));
  const extractSeconds = extract ? number(extract[1]!) / number(extract[2]!) : Number.NaN;
  return { rows: RUN_ROWS, meshSeconds, extractSeconds, bareSeconds, threads, peakRssMiB: peakRssMiB() };
}

/** Orders the staged history is about: four events each (placed, paid, shipped, …) for 20M rows. */
const HISTORY_ORDERS = Math.max(1, Math.floor(HISTORY_ROWS / 4));

/**
 * Stages `rows` order events directly as one batch, typed as the extract stage stages them: event
 * `i` is the `i / HISTORY_ORDERS`-th event of order `i % HISTORY_ORDERS`, each later than the last
 * (what many runs of the sink and the extract would have staged).
 */
async function stageHistory(staging: string, rows: number, first: number, day: string): Promise<void> {
  const target = stagedBatch(staging, day, `${first}`.padStart(32, "0"));
  mkdirSync(join(staging, `ingest_date=${day}`), { recursive: true });
  const db = await DuckDBInstance.create(":memory:", { temp_directory: join(staging, "..", "tmp-gen") });
  const c = await db.connect();
  const order = `(i % ${HISTORY_ORDERS})`;
  const step = `(i // ${HISTORY_ORDERS})`;
  await c.run(
    `COPY (SELECT 'o-' || ${order} AS order_id, 'c-' || (hash(${order}) % 1000) AS customer_id,
      TIMESTAMP '2026-01-01' + to_seconds(${step} * 86400 + hash(${order}) % 86400) AS ordered_at,
      ['placed', 'paid', 'shipped', 'cancelled'][1 + least(${step}, 3)] AS status,
      CAST((hash(${order}, 3) % 100000) / 100 AS DECIMAL(12,2)) AS amount,
      ['EUR', 'GBP', 'USD'][1 + (hash(${order}, 4) % 3)::BIGINT] AS currency
      FROM range(${first}, ${first + rows}) AS t(i)) TO ${literal(target)} (FORMAT parquet)`,
  );
  c.closeSync();
  db.closeSync();
}

/** One refresh of orders over the staged history, in this process, at the pod's declared memory. */
async function refresh(out: string): Promise<Record<string, number>> {
  const model = await orders();
  const layout = localLayout(out);
  const limits = memoryLimits(memoryBytes(model.declaration.transform.resources.memory)!);
  const threads = threadsFor(cpuCores(model.declaration.transform.resources.cpu)!);
  const session = await openLocalWarehouse(layout, [model], limits.session, threads);
  const start = process.hrtime.bigint();
  const result = await runPipeline(
    localEnv(layout, model, session.connection, { stage: () => {} }, "2026-11-24", limits.transform, threads),
    localProduct(model),
  );
  const refreshSeconds = seconds(start);
  session.close();
  if (!result.loaded) throw new Error(`refresh failed: ${result.failures.map((f) => f.message).join("; ")}`);
  return { rowsOut: result.rowsOut, refreshSeconds, peakRssMiB: peakRssMiB() };
}

const self = fileURLToPath(import.meta.url);
const tsx = join(root, "node_modules", ".bin", "tsx");
const child = (env: Record<string, string>) =>
  JSON.parse(
    execFileSync(tsx, [self], { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 24 }),
  );

if (process.env.MESH_BENCH_PART === "run") {
  process.stdout.write(JSON.stringify(await wholeRun()));
} else if (process.env.MESH_BENCH_PART === "refresh") {
  process.stdout.write(JSON.stringify(await refresh(process.env.MESH_BENCH_OUT!)));
} else {
  const run = child({ MESH_BENCH_PART: "run" });
  process.stdout.write(
    `mesh run orders/orders, ${run.rows.toLocaleString("en-US")} raw records, ${run.threads} thread(s): ${run.meshSeconds.toFixed(2)} s (of which extract ${run.extractSeconds.toFixed(2)} s), bare DuckDB ${run.bareSeconds.toFixed(2)} s, ratio ${(run.bareSeconds / run.meshSeconds).toFixed(2)}x, peak RSS ${run.peakRssMiB.toFixed(0)} MiB\n`,
  );
  const out = mkdtempSync(join(tmpdir(), "mesh-bench-history-"));
  const model = await orders();
  const staging = localLayout(out).staging(model.ref);
  await stageHistory(staging, HISTORY_ROWS, 0, "2026-11-23");
  const declared = model.declaration.transform.resources.memory;
  const full = child({ MESH_BENCH_PART: "refresh", MESH_BENCH_OUT: out });
  // The next events of 100,000 orders.
  await stageHistory(staging, 100_000, HISTORY_ROWS, "2026-11-24");
  const incremental = child({ MESH_BENCH_PART: "refresh", MESH_BENCH_OUT: out });
  const limitMiB = memoryBytes(declared)! / 2 ** 20;
  for (const [what, m] of [
    [
      `first refresh over ${HISTORY_ROWS.toLocaleString("en-US")} staged events of ${HISTORY_ORDERS.toLocaleString("en-US")} orders`,
      full,
    ],
    ["next refresh, one new batch of 100,000 rows", incremental],
  ] as const) {
    process.stdout.write(
      `orders transform, ${what}: ${m.refreshSeconds.toFixed(2)} s, ${m.rowsOut.toLocaleString("en-US")} rows out, peak RSS ${m.peakRssMiB.toFixed(0)} MiB of the declared ${declared} (${((m.peakRssMiB / limitMiB) * 100).toFixed(0)}%)\n`,
    );
  }
  rmSync(out, { recursive: true, force: true });
}
