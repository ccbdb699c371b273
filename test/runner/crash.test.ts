/**
 * Crash safety of `mesh run`, with the real CLI in a child process: `kill -9` at any point of a
 * run, a full disk, and two runs on one `--out`. Whatever happens, the warehouse holds the table
 * and its PII-free projection at the same rows (all old or all new), no candidate table, and the
 * next run cleans up after the one that could not finish and succeeds.
 *
 * Timings here only choose kill points; no assertion depends on how fast anything runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, workspace } from "./support.js";

const MESH = fileURLToPath(new URL("../../bin/mesh.js", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const PRODUCT = "customers/customers";
const TABLE = "customers.customers_v2";
const PROJECTION = "customers.customers_v2_redacted";
/** The projection's columns: the table's non-PII ones. */
const SHARED = "customer_id, segment, country, signed_up_on";
/**
 * Generated records per run: enough that each phase of a run (landing, extracting, transforming,
 * loading) takes tens of milliseconds, so that a kill point half-way through one lands inside it.
 * More only makes each of this file's thirty-odd runs longer (alone, 100,000: 55 s, 25,000: 44 s).
 */
const ROWS = 25_000;
const STAGING = ".mesh/staging/customers/customers/v2";

/** Workspaces this file made: tens of MB each, removed when it is done. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A workspace the real CLI runs in: domain files resolve `@datamesh/platform` to this checkout. */
function cliWorkspace(): string {
  const dir = workspace();
  made.push(dir);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(REPO, "tsconfig.json") }));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  return dir;
}

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<Outcome>;
  /** Resolves when the child writes a stderr line matching `pattern` (never, if it exits first). */
  readonly saw: (pattern: RegExp) => Promise<void>;
}

/** Starts `mesh run …` in `dir`; `fileBlocks`: the child's file-size limit (`ulimit -f`), SIGXFSZ ignored. */
function start(dir: string, args: readonly string[], fileBlocks?: number): Running {
  const command =
    fileBlocks === undefined
      ? [process.execPath, MESH, "run", ...args]
      : [
          "bash",
          "-c",
          // An ignored SIGXFSZ makes a write past the limit fail with EFBIG, as a full disk fails it.
          'ulimit -f "$0"; trap "" XFSZ; exec "$@"',
          String(fileBlocks),
          process.execPath,
          MESH,
          "run",
          ...args,
        ];
  const child = spawn(command[0]!, command.slice(1), { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on("data", (d) => {
    stdout += d;
  });
  child.stderr!.on("data", (d) => {
    stderr += d;
    for (const w of waiting.splice(0)) {
      if (w.pattern.test(stderr)) w.resolve();
      else waiting.push(w);
    }
  });
  const done = new Promise<Outcome>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const saw = (pattern: RegExp) =>
    new Promise<void>((resolve) => (pattern.test(stderr) ? resolve() : waiting.push({ pattern, resolve })));
  return { child, done, saw };
}

const run = (dir: string, args: readonly string[], fileBlocks?: number) => start(dir, args, fileBlocks).done;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves once `file` exists. */
const appears = async (file: string) => {
  while (!existsSync(file)) await sleep(2);
};
/** The ingest date a run without `--ingest-date` lands its input under. */
const today = () => new Date().toISOString().slice(0, 10);
const describeOutcome = (o: Outcome) =>
  `exit ${o.code} (signal ${o.signal})\n--- stdout\n${o.stdout}\n--- stderr\n${o.stderr}`;

/** Asserts a run finished with `code`, showing its output when it did not. */
function expectExit(outcome: Outcome, code: number) {
  expect(outcome.code, describeOutcome(outcome)).toBe(code);
}

/** The summary line of the product in a run's stdout, split in columns. */
function summaryOf(outcome: Outcome) {
  const line = outcome.stdout.split("\n").find((l) => l.startsWith("customers.customers.v2 "));
  expect(line, describeOutcome(outcome)).toBeDefined();
  const [, status, rowsIn, staged, quarantined, rowsOut] = line!.split(/\s+/);
  const n = (s: string | undefined) => Number(s!.replaceAll(",", ""));
  return { status, rowsIn: n(rowsIn), staged: n(staged), quarantined: n(quarantined), rowsOut: n(rowsOut) };
}

/** The table's rows, counted and fingerprinted. */
async function tableState(dir: string) {
  const [row] = await query(
    dir,
    `SELECT count(*)::INTEGER AS rows, count(DISTINCT customer_id)::INTEGER AS ids,
       sum(hash(customer_id, email, full_name, segment, country, signed_up_on))::VARCHAR AS fingerprint
     FROM ${TABLE}`,
  );
  return row as { rows: number; ids: number; fingerprint: string | null };
}

/**
 * What must hold in the warehouse whatever happened to the last run: no candidate table, and the
 * projection holds exactly the table's rows on their shared columns.
 */
async function expectConsistentWarehouse(dir: string, context: string) {
  const candidates = await query(
    dir,
    "SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() WHERE table_name ILIKE '%candidate%'",
  );
  expect(candidates, context).toEqual([]);
  const [diff] = await query(
    dir,
    `SELECT (SELECT count(*) FROM (SELECT ${SHARED} FROM ${TABLE} EXCEPT ALL SELECT ${SHARED} FROM ${PROJECTION}))::INTEGER AS only_table,
       (SELECT count(*) FROM (SELECT ${SHARED} FROM ${PROJECTION} EXCEPT ALL SELECT ${SHARED} FROM ${TABLE}))::INTEGER AS only_projection`,
  );
  expect(diff, context).toEqual({ only_table: 0, only_projection: 0 });
  // The run history holds whole records only: a run killed while appending left all of one or none.
  const [torn] = await query(
    dir,
    `SELECT count(*) FILTER (WHERE NOT json_valid(checks) OR NOT json_valid(quarantined) OR ended_at IS NULL
       OR outcome NOT IN ('succeeded', 'failed'))::INTEGER AS n FROM _mesh.runs`,
  );
  expect(torn, context).toEqual({ n: 0 });
}

/** Files under `dir` (relative), recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  );
}

/** After a run that finished: scratch is gone, the lock released, no half-written file in staging. */
function expectCleanAfterRun(dir: string, context: string) {
  expect(existsSync(join(dir, ".mesh/run.lock")), context).toBe(false);
  expect(existsSync(join(dir, ".mesh/tmp/customers.customers.v2")), context).toBe(false);
  expect(filesUnder(join(dir, ".mesh/tmp")), context).toEqual([]);
  expect(
    filesUnder(join(dir, STAGING)).filter((f) => f.endsWith(".tmp")),
    context,
  ).toEqual([]);
}

/** The raw file a run of `ROWS` generated records with `seed` lands (`.tmp` while it is written). */
const rawFile = (dir: string, seed: number) =>
  join(dir, STAGING, "raw", `ingest_date=${today()}`, `generated-${ROWS}-${seed}.jsonl`);

/** When a run reached each of its phases, in ms since it started. */
interface Timeline {
  landing: number;
  landed: number;
  staged: number;
  transformed: number;
  loaded: number;
}

/** Resolves to the ms since `began` at which each phase of the run `r` (landing `seed`) began. */
function timeline(r: Running, dir: string, seed: number, began: number): Promise<Timeline> {
  const at = (p: Promise<unknown>) => p.then(() => Date.now() - began);
  return Promise.all([
    at(Promise.race([appears(`${rawFile(dir, seed)}.tmp`), appears(rawFile(dir, seed))])),
    at(appears(rawFile(dir, seed))),
    at(r.saw(/: extracted and staged/)),
    at(r.saw(/: transformed/)),
    at(r.saw(/: loaded/)),
  ]).then(([landing, landed, staged, transformed, loaded]) => ({
    landing: landing!,
    landed: landed!,
    staged: staged!,
    transformed: transformed!,
    loaded: loaded!,
  }));
}

/** A workspace after one complete run of `ROWS` generated records (seed 1), and when it reached each phase. */
async function baseline() {
  const dir = cliWorkspace();
  const began = Date.now();
  const running = start(dir, [PRODUCT, "--rows", String(ROWS), "--seed", "1"]);
  const phases = timeline(running, dir, 1, began);
  expectExit(await running.done, 0);
  const state = await tableState(dir);
  expect(state).toMatchObject({ rows: ROWS, ids: ROWS });
  await expectConsistentWarehouse(dir, "baseline");
  return { dir, phases: await phases, state };
}

/** A fresh copy of workspace `dir`, its `.mesh` included. */
function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), "mesh-crash-"));
  made.push(copy);
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/**
 * The baseline, made once for the file (one complete run): each case that starts from it runs in
 * a copy of its own.
 */
let shared: Awaited<ReturnType<typeof baseline>>;
beforeAll(async () => {
  shared = await baseline();
}, 120_000);
/** A copy of the baseline workspace, with its table's state and the baseline run's phases. */
const baselineCopy = () => ({ ...shared, dir: copyOf(shared.dir) });

describe("kill -9 at any point of a run", () => {
  it("leaves the table and its projection consistent, no candidate, and the next run cleans up and succeeds", async () => {
    const base = shared; // each kill point runs in a copy of its own
    // Kill points over the whole run: as it starts, as it lands its input, extracts, transforms
    // and loads, each at its start and half-way through (as long as the phase took in the
    // baseline run), and once it has loaded (closing the warehouse, releasing the lock).
    const { phases } = base;
    const halfway = (from: number, to: number) => Math.max(0, Math.round((to - from) / 2));
    const landing = (_: Running, dir: string) =>
      Promise.race([appears(`${rawFile(dir, 2)}.tmp`), appears(rawFile(dir, 2))]);
    const landed = (_: Running, dir: string) => appears(rawFile(dir, 2));
    const event = (pattern: RegExp) => (r: Running) => r.saw(pattern);
    const staged = event(/: extracted and staged/);
    const transformed = event(/: transformed/);
    const later =
      (when: (r: Running, dir: string) => Promise<unknown>, ms: number) => (r: Running, dir: string) =>
        when(r, dir).then(() => sleep(ms));
    const points: { name: string; when: (r: Running, dir: string) => Promise<unknown> }[] = [
      { name: "after 50 ms", when: () => sleep(50) },
      { name: "while landing", when: landing },
      { name: "when landed", when: landed },
      { name: "while extracting", when: later(landed, halfway(phases.landed, phases.staged)) },
      { name: "when staged", when: staged },
      { name: "while transforming", when: later(staged, halfway(phases.staged, phases.transformed)) },
      { name: "when transformed", when: transformed },
      { name: "while loading", when: later(transformed, halfway(phases.transformed, phases.loaded)) },
      {
        name: "late in loading",
        when: later(transformed, 2 * halfway(phases.transformed, phases.loaded) - 10),
      },
      { name: "when loaded", when: event(/: loaded/) },
    ];
    const seen: string[] = [];
    const killAndRecover = async (point: (typeof points)[number]) => {
      const dir = copyOf(base.dir);
      const killed = start(dir, [PRODUCT, "--rows", String(ROWS), "--seed", "2"]);
      await Promise.race([point.when(killed, dir), killed.done]);
      killed.child.kill("SIGKILL");
      const outcome = await killed.done;
      const context = `killed ${point.name}: ${describeOutcome(outcome)}`;

      const after = await tableState(dir);
      // All old or all new: either way every customer once, never a half-replaced table.
      expect(after, context).toMatchObject({ rows: ROWS, ids: ROWS });
      await expectConsistentWarehouse(dir, context);
      seen.push(
        `${point.name}: ${outcome.signal ?? `exit ${outcome.code}`}, table ${after.fingerprint === base.state.fingerprint ? "old" : "new"}`,
      );

      // The next run, on other input, takes over the dead run's lock, cleans what it left (spill
      // files too: one is planted, as a run killed while spilling leaves them) and succeeds.
      mkdirSync(join(dir, ".mesh/tmp/spill"), { recursive: true });
      writeFileSync(join(dir, ".mesh/tmp/spill/duckdb_temp_storage_DEFAULT-0.tmp"), "spilled");
      const next = await run(dir, [PRODUCT, "--rows", String(ROWS), "--seed", "3"]);
      expectExit(next, 0);
      const summary = summaryOf(next);
      // A torn raw file or batch the killed run left would show as quarantined or odd records.
      expect(summary, context).toMatchObject({ status: "ok", quarantined: 0, rowsOut: ROWS });
      expect(summary.rowsIn % ROWS, context).toBe(0);
      expect(await tableState(dir), context).toMatchObject({ rows: ROWS, ids: ROWS });
      await expectConsistentWarehouse(dir, `${context}\n--- then the next run`);
      const [last] = await query(
        dir,
        "SELECT outcome, rows_out::INTEGER AS rows_out FROM _mesh.runs ORDER BY started_at DESC LIMIT 1",
      );
      expect(last, context).toEqual({ outcome: "succeeded", rows_out: ROWS });
      expectCleanAfterRun(dir, context);
    };
    // Two kill points at a time, each in its own copy of the baseline: the test's time stays
    // within a minute. Kill points are events of the run itself, so a busy machine moves none.
    const lanes = [points.filter((_, i) => i % 2 === 0), points.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      lanes.map(async (lane) => {
        for (const point of lane) await killAndRecover(point);
      }),
    );
    console.log(`baseline phases (ms): ${JSON.stringify(phases)}\nkill points:\n  ${seen.join("\n  ")}`);
  }, 300_000);
});

/** `ROWS` customers as NDJSON, gzipped: an input much smaller on disk than what it loads. */
function gzippedCustomers(dir: string): string {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      JSON.stringify({
        customer_id: `customer_id-${i}`,
        email: `someone-${i}@example.com`,
        full_name: `Someone ${i}`,
        segment: ["consumer", "business", "enterprise"][i % 3],
        country: "DE",
        signed_up_on: "2026-11-01",
      }),
    );
  }
  const file = join(dir, "customers.ndjson.gz");
  writeFileSync(file, gzipSync(`${lines.join("\n")}\n`));
  return file;
}

/** A run that cannot finish says why: exit 1 and its summary, no stack trace, the table untouched. */
function expectCleanFailure(outcome: Outcome) {
  const shown = describeOutcome(outcome);
  expect(outcome.code, shown).toBe(1);
  expect(outcome.stderr, shown).not.toMatch(/internal error/i);
  expect(outcome.stderr, shown).not.toMatch(/^\s+at /m);
  expect(outcome.stderr, shown).toMatch(/^error: customers\.customers\.v2: /m);
  expect(outcome.stdout, shown).toMatch(/^product\s/m);
  expect(summaryOf(outcome).status, shown).toBe("error");
}

describe("a full disk", () => {
  it("fails a run that cannot land its input with exit 1, and keeps the table", async () => {
    const base = baselineCopy();
    const dir = base.dir;
    // Half the baseline's raw file per file: the warehouse (smaller) opens, but the generated raw
    // file cannot be written whole.
    const warehouse = statSync(join(dir, ".mesh/warehouse/mesh.duckdb")).size;
    // The baseline's raw file, whatever day it landed under.
    const landed = filesUnder(join(dir, STAGING, "raw")).find((f) =>
      f.endsWith(`/generated-${ROWS}-1.jsonl`),
    );
    expect(landed, "the baseline's raw file").toBeDefined();
    const raw = statSync(join(dir, STAGING, "raw", landed!)).size;
    expect(warehouse, "the warehouse must fit within the limit").toBeLessThan(raw / 2);
    const outcome = await run(
      dir,
      [PRODUCT, "--rows", String(ROWS), "--seed", "2"],
      Math.floor(raw / 2 / 1024),
    );
    expectCleanFailure(outcome);
    expect(outcome.stderr).toMatch(/cannot land its input: .*File too large/);
    expect(await tableState(dir)).toEqual(base.state);
    await expectConsistentWarehouse(dir, describeOutcome(outcome));

    const next = await run(dir, [PRODUCT, "--rows", String(ROWS), "--seed", "2"]);
    expectExit(next, 0);
    expect(summaryOf(next)).toMatchObject({ status: "ok", quarantined: 0, rowsOut: ROWS });
    await expectConsistentWarehouse(dir, describeOutcome(next));
    expectCleanAfterRun(dir, describeOutcome(next));
  }, 120_000);

  it("fails a run that cannot load with exit 1, and keeps the table and its projection", async () => {
    const base = baselineCopy();
    const dir = base.dir;
    const input = gzippedCustomers(dir);
    // Room for the small gzipped input, its staged batch and the transform's result, but not for
    // the warehouse to grow by the new rows.
    const warehouse = statSync(join(dir, ".mesh/warehouse/mesh.duckdb")).size;
    const blocks = Math.ceil(warehouse / 1024) + 512;
    const outcome = await run(dir, [PRODUCT, "--input", input], blocks);
    expectCleanFailure(outcome);
    expect(outcome.stderr).toMatch(
      /cannot write customers\.customers_v2 and customers\.customers_v2_redacted: .*File too large/,
    );
    expect(await tableState(dir)).toEqual(base.state);
    await expectConsistentWarehouse(dir, describeOutcome(outcome));

    const next = await run(dir, [PRODUCT, "--input", input]);
    expectExit(next, 0);
    expect(summaryOf(next)).toMatchObject({ status: "ok", quarantined: 0, rowsOut: ROWS });
    expect((await tableState(dir)).fingerprint).not.toBe(base.state.fingerprint);
    await expectConsistentWarehouse(dir, describeOutcome(next));
    expectCleanAfterRun(dir, describeOutcome(next));
  }, 120_000);

  it("fails a run that cannot take the lock or create the warehouse with exit 1; the next starts clean", async () => {
    const dir = cliWorkspace();
    const expectSaid = (outcome: Outcome, reason: RegExp) => {
      const shown = describeOutcome(outcome);
      expect(outcome.code, shown).toBe(1);
      expect(outcome.stderr, shown).not.toMatch(/internal error|^\s+at /im);
      expect(outcome.stderr, shown).toMatch(reason);
      expect(outcome.stdout, shown).toMatch(/^product\s/m);
    };
    // Not a byte may be written: the lock cannot be.
    expectSaid(await run(dir, [PRODUCT], 0), /^error: cannot lock \.mesh: .*file too large/im);
    // 8 KiB per file: the lock can be written, the new warehouse cannot be created whole.
    expectSaid(
      await run(dir, [PRODUCT], 8),
      /^error: cannot open the warehouse .*mesh\.duckdb: .*File too large/m,
    );
    // The torn database file it was creating is gone: it would fail every later run.
    expect(existsSync(join(dir, ".mesh/warehouse/mesh.duckdb"))).toBe(false);

    const next = await run(dir, [PRODUCT]);
    expectExit(next, 0);
    expect(summaryOf(next)).toMatchObject({ status: "ok", rowsIn: 12, rowsOut: 12 });
    await expectConsistentWarehouse(dir, describeOutcome(next));
    expectCleanAfterRun(dir, describeOutcome(next));
  }, 120_000);
});

describe("two runs on the same --out", () => {
  it("refuses the second while the first holds the lock, naming its pid and the folder", async () => {
    const dir = cliWorkspace();
    const first = start(dir, [PRODUCT, "--rows", String(ROWS), "--seed", "1"]);
    const lock = join(dir, ".mesh/run.lock");
    while (!existsSync(lock)) {
      if (first.child.exitCode !== null) throw new Error(describeOutcome(await first.done));
      await sleep(20);
    }
    // Stopped, the first run holds the lock for as long as the second takes, however slow the machine.
    first.child.kill("SIGSTOP");
    try {
      const second = await run(dir, [PRODUCT]);
      const shown = describeOutcome(second);
      expect(second.code, shown).toBe(1);
      expect(second.stderr, shown).toMatch(
        new RegExp(`another mesh run \\(pid ${first.child.pid}, since [^)]+\\) is using \\.mesh`),
      );
      expect(second.stderr, shown).not.toMatch(/internal error|^\s+at /m);
      // It landed nothing: its input (the domain's sample file) is not in the raw zone.
      expect(filesUnder(join(dir, STAGING, "raw")).filter((f) => !f.includes("generated-"))).toEqual([]);
    } finally {
      first.child.kill("SIGCONT");
    }
    expectExit(await first.done, 0);
    expect(await tableState(dir)).toMatchObject({ rows: ROWS, ids: ROWS });

    const third = await run(dir, [PRODUCT]);
    expectExit(third, 0);
    expect(summaryOf(third)).toMatchObject({ status: "ok", rowsIn: 12 });
    expectCleanAfterRun(dir, describeOutcome(third));
  }, 120_000);

  it("takes over a lock whose run is gone, or that a killed run left unwritten", async () => {
    const dir = cliWorkspace();
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("close", resolve));
    const lock = join(dir, ".mesh/run.lock");
    mkdirSync(join(dir, ".mesh"), { recursive: true });
    for (const content of [JSON.stringify({ pid: gone.pid, since: "2026-11-24T00:00:00.000Z" }), ""]) {
      writeFileSync(lock, content);
      const outcome = await run(dir, [PRODUCT]);
      expectExit(outcome, 0);
      expectCleanAfterRun(dir, describeOutcome(outcome));
    }
  }, 120_000);
});
