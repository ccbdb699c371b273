/**
 * `mesh run [<domain>[/<product>[@<major>]]] [--all] [--input FILE.ndjson | --rows N --seed S]
 * [--out DIR] [--memory QUANTITY] [--json FILE|-] [--lineage-url URL]`: runs data products' pipelines
 * locally on DuckDB through the same pipeline core as production (`runner/core.ts`). Each product's
 * run emits OpenLineage events (`runner/lineage/`) to `<out>/lineage/events.ndjson` and the URL.
 */
import { existsSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import type { ProductModel } from "../../components/declaration/productModel.js";
import { cpuCores, memoryBytes } from "../../components/declaration/units.js";
import { loadMesh } from "../../program/loadMesh.js";
import type { PipelineResult } from "../../runner/core.js";
import { runPipeline } from "../../runner/core.js";
import { firstLine, PipelineError, TransformSqlError } from "../../runner/errors.js";
import { contractAssertions } from "../../runner/lineage/assertions.js";
import {
  fileTransport,
  httpTransport,
  LineageEmitter,
  lineageEndpoint,
} from "../../runner/lineage/emitter.js";
import { lineageJob } from "../../runner/lineage/jobs.js";
import { type Input, landInput, localEnv, localProduct, openLocalWarehouse } from "../../runner/localRun.js";
import { localLayout } from "../../runner/locations.js";
import { runOrder } from "../../runner/order.js";
import { progressFor, type RunSummary, summaryTable } from "../../runner/progress.js";
import { acquireRunLock } from "../../runner/runLock.js";
import { memoryLimits, threadsFor } from "../../runner/session.js";
import { removePartialWrites } from "../../runner/write.js";
import { EXIT, UsageError } from "../errors.js";
import { type Output, writeFileAtomic } from "../io.js";

/** One product version's run in `mesh run --json`. */
export interface ProductRunReport extends RunSummary {
  /** Quarantined records per reason. */
  readonly reasons: Record<string, number>;
  readonly quarantineFiles: readonly string[];
  /** Why the run could not finish (status `error`), or the contract rules broken (status `failed`). */
  readonly errors: readonly string[];
}

/** What `mesh run --json` writes: for scripts and CI, the summary table as data. */
export interface RunReport {
  readonly exitCode: number;
  readonly warehouse: string;
  readonly products: readonly ProductRunReport[];
  /** Where the run's OpenLineage events went, and the transports that failed (the run went on). */
  readonly lineage: { readonly file: string; readonly url?: string; readonly problems: readonly string[] };
}

export interface RunOptions {
  readonly root: string;
  /** `<domain>`, `<domain>/<product>` or `<domain>/<product>@<major>`; every version with `all`. */
  readonly target?: string;
  readonly all?: boolean;
  readonly input?: string;
  readonly rows?: number;
  readonly seed?: number;
  /** @default `<root>/.mesh` */
  readonly out?: string;
  /** @default today (UTC) */
  readonly ingestDate?: string;
  /** Memory the run may use (a Kubernetes quantity); @default each product's declared pod memory. */
  readonly memory?: string;
  /** Where to write the run's summary as JSON ({@link RunReport}); `-`: stdout, the report then on stderr. */
  readonly json?: string;
  /** Updating progress lines (a terminal) rather than plain ones. */
  readonly tty?: boolean;
  /** An OpenLineage API (Marquez's base URL) the run's events are also posted to. */
  readonly lineageUrl?: string;
}

/** Product versions to run, in dependency order. */
function selectProducts(products: readonly ProductModel[], order: readonly string[], options: RunOptions) {
  const byId = new Map(products.map((p) => [p.id, p]));
  if (options.all) {
    if (options.target) throw new UsageError("give either a target or --all, not both");
    return order.map((id) => byId.get(id)!);
  }
  if (!options.target) {
    throw new UsageError("name what to run: <domain>, <domain>/<product>[@<major>], or --all");
  }
  const match = /^([^/@]+)(?:\/([^/@]+)(?:@(\d+))?)?$/.exec(options.target);
  const domains = [...new Set(products.map((p) => p.ref.domain))];
  if (!match || !domains.includes(match[1]!)) {
    throw new UsageError(`unknown domain "${options.target.split("/")[0]}" (known: ${domains.join(", ")})`);
  }
  const [, domain, product, major] = match;
  const versions = products.filter((p) => p.ref.domain === domain);
  const chosen = versions.filter(
    (p) =>
      (product === undefined || p.ref.product === product) &&
      (major === undefined ? !p.retained : p.ref.major === Number(major)),
  );
  if (chosen.length === 0) {
    const known = versions.map((p) => `${p.ref.product}@${p.ref.major}`).join(", ");
    throw new UsageError(
      `domain "${domain}" runs no product ${options.target.slice(domain!.length + 1)} (it runs: ${known})`,
    );
  }
  const ids = new Set(chosen.map((p) => p.id));
  return order.filter((id) => ids.has(id)).map((id) => byId.get(id)!);
}

function inputFor(root: string, options: RunOptions, model: ProductModel, single: boolean): Input {
  if (options.input !== undefined || options.rows !== undefined) {
    if (!single) {
      throw new UsageError("--input and --rows apply to one product; name it as <domain>/<product>");
    }
    if (options.input !== undefined && options.rows !== undefined) {
      throw new UsageError("give --input or --rows, not both");
    }
    if (!model.raw)
      throw new UsageError(
        `${model.id} ingests no raw records (ingestion: false): it takes no --input or --rows`,
      );
    if (options.rows !== undefined) return { kind: "generate", rows: options.rows, seed: options.seed ?? 1 };
    const path = resolve(root, options.input!);
    if (!existsSync(path)) throw new UsageError(`--input ${options.input}: no such file`);
    return { kind: "file", path };
  }
  // The domain's sample events, as they would arrive on the version's ingestion topic.
  const samples = join(root, "domains", model.ref.domain, "samples");
  for (const name of [
    `${model.ref.product}.v${model.ref.major}.ndjson`,
    ...(model.retained ? [] : [`${model.ref.product}.ndjson`]),
  ]) {
    if (existsSync(join(samples, name))) return { kind: "file", path: join(samples, name) };
  }
  return { kind: "none" };
}

const memoryOf = (quantity: string, flag: string) => {
  const bytes = memoryBytes(quantity);
  if (bytes === undefined)
    throw new UsageError(`${flag} must be a memory quantity such as 512Mi or 2Gi, got ${quantity}`);
  return bytes;
};

export async function runCommand(options: RunOptions, output: Output): Promise<number> {
  // With the JSON on stdout, everything for people goes to stderr, so stdout stays one document.
  const io: Output = options.json === "-" ? { out: output.err, err: output.err } : output;
  const errors = new Map<string, string[]>();
  const errorOf = (id: string, message: string) => errors.set(id, [...(errors.get(id) ?? []), message]);
  if (options.rows !== undefined && (!Number.isInteger(options.rows) || options.rows < 0)) {
    throw new UsageError(`--rows must be a whole number, got ${options.rows}`);
  }
  if (options.ingestDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.ingestDate)) {
    throw new UsageError(`--ingest-date must be YYYY-MM-DD, got ${options.ingestDate}`);
  }
  const memory = options.memory === undefined ? undefined : memoryOf(options.memory, "--memory");
  const endpoint = options.lineageUrl === undefined ? undefined : lineageEndpoint(options.lineageUrl);
  if (options.lineageUrl !== undefined && endpoint === undefined) {
    throw new UsageError(`--lineage-url must be an http(s) URL, got ${options.lineageUrl}`);
  }
  const mesh = await loadMesh({}, join(options.root, "domains"));
  const selected = selectProducts(mesh.products, runOrder(mesh), options);
  const inputs = new Map(
    selected.map((p) => [p.id, inputFor(options.root, options, p, selected.length === 1)]),
  );
  // Each product's transform as much as its pod would have; the session as much as the largest.
  const bytesOf = (p: ProductModel) =>
    memory ?? memoryOf(p.declaration.transform.resources.memory, `${p.id}: transform.resources.memory`);
  const limitOf = (p: ProductModel) => memoryLimits(bytesOf(p)).transform;
  // As many threads as the product's pod has CPUs: what fits there fits here.
  const threadsOf = (p: ProductModel) => threadsFor(cpuCores(p.declaration.transform.resources.cpu) ?? 1);
  const layout = localLayout(resolve(options.root, options.out ?? ".mesh"));
  const shown = (path: string) => relative(options.root, path) || ".";
  const progress = progressFor(io, options.tty === true);
  const today = options.ingestDate ?? new Date().toISOString().slice(0, 10);
  const lineageFile = join(layout.root, "lineage", "events.ndjson");
  const lineage = new LineageEmitter(
    [fileTransport(lineageFile), ...(endpoint ? [httpTransport(endpoint)] : [])],
    (message) => io.err(message),
  );
  const summaries: RunSummary[] = [];
  const results = new Map<string, PipelineResult>();
  let exitCode: number = EXIT.ok;
  let release: (() => void) | undefined;
  let session: Awaited<ReturnType<typeof openLocalWarehouse>> | undefined;
  try {
    release = acquireRunLock(layout.lockFile, shown(layout.root));
    try {
      session = await openLocalWarehouse(
        layout,
        mesh.products,
        memoryLimits(Math.max(...selected.map(bytesOf))).session,
        Math.max(...selected.map(threadsOf)),
      );
    } catch (e) {
      if (e instanceof PipelineError) throw e;
      throw new PipelineError(
        `cannot open the local warehouse ${shown(layout.warehouseDatabase)}: ${firstLine(e)}`,
      );
    }
    for (const model of selected) {
      const start = process.hrtime.bigint();
      const product = localProduct(model, options.root);
      // The mesh is the checkout it runs from: its folder names the jobs' namespace.
      const job = lineageJob(
        product,
        {
          namespace: basename(resolve(options.root)),
          catalog: { kind: "duckdb", path: layout.warehouseDatabase },
          ...(model.raw ? { staging: layout.staging(model.ref) } : {}),
          integration: "DUCKDB",
        },
        {
          inputs: model.inputs.map((i) => ({ view: i.view, contract: i.id, schema: i.schema })),
          ...(model.lineage ? { columns: model.lineage } : {}),
        },
      );
      const runId = await lineage.start(job);
      try {
        const env = localEnv(
          layout,
          model,
          session.connection,
          progress,
          today,
          limitOf(model),
          threadsOf(model),
        );
        if (env.staging) {
          // What a run killed mid-write left in staging goes first (this run holds the lock).
          removePartialWrites(env.staging);
          await landInput(session.connection, model, env.staging, inputs.get(model.id)!, today);
        }
        const result = await runPipeline(env, product);
        results.set(model.id, result);
        const failed = result.failures.length > 0;
        const assertions = contractAssertions(model.contract, result.failures, result.rowsOut, result.checks);
        await lineage.end(
          job,
          runId,
          failed
            ? {
                state: "FAIL",
                message: "the output breaks its contract; the previous table is kept",
                assertions,
              }
            : { state: "COMPLETE", rows: result.rowsOut, bytes: result.bytesOut, assertions },
        );
        const unreadable = result.ingested.unreadable.length > 0;
        summaries.push({
          product: model.id,
          status: failed ? "failed" : unreadable ? "error" : "ok",
          rowsIn: result.ingested.rowsIn,
          staged: result.ingested.staged,
          quarantined: result.ingested.quarantined,
          rowsOut: result.rowsOut,
          seconds: result.seconds,
        });
        for (const warning of result.warnings) io.err(`${model.id}: warning: ${warning}`);
        for (const u of result.ingested.unreadable) {
          io.err(`${model.id}: cannot read raw file ${u.file} (left for the next run): ${u.reason}`);
          errorOf(model.id, `cannot read raw file ${u.file}: ${u.reason}`);
        }
        if (failed) {
          io.err(`${model.id}: the output breaks its contract; the previous table is kept:`);
          for (const f of result.failures) {
            const line = `${f.rule}${f.column ? ` (${f.column})` : ""}: ${f.message}`;
            io.err(`  ${line}`);
            errorOf(model.id, line);
          }
        }
        if (failed || unreadable) exitCode = Math.max(exitCode, EXIT.policy);
      } catch (e) {
        if (!(e instanceof PipelineError)) throw e;
        await lineage.end(job, runId, { state: "FAIL", message: e.message });
        io.err(`error: ${e.message}`);
        errorOf(model.id, e.message);
        summaries.push({
          product: model.id,
          status: "error",
          rowsIn: e.staged?.rowsIn ?? 0,
          staged: e.staged?.staged ?? 0,
          quarantined: e.staged?.quarantined ?? 0,
          rowsOut: 0,
          seconds: Number(process.hrtime.bigint() - start) / 1e9,
        });
        exitCode = e instanceof TransformSqlError ? EXIT.input : Math.max(exitCode, EXIT.policy);
      }
    }
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    io.err(`error: ${e.message}`);
    exitCode = Math.max(exitCode, EXIT.policy);
  } finally {
    session?.close();
    release?.();
  }
  if (options.tty) process.stderr.write("\n");
  for (const line of summaryTable(summaries)) io.out(line);
  for (const [id, result] of results) {
    const { reasons, quarantineFiles } = result.ingested;
    if (quarantineFiles.length === 0) continue;
    const byReason = Object.entries(reasons)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(", ");
    io.out(`Quarantined (${id}): ${byReason}`);
    for (const file of quarantineFiles) io.out(`  ${shown(file)}`);
  }
  io.out(`Warehouse: ${shown(layout.warehouseDatabase)}`);
  if (options.json !== undefined) {
    const report: RunReport = {
      exitCode,
      warehouse: shown(layout.warehouseDatabase),
      products: summaries.map((s) => ({
        ...s,
        reasons: results.get(s.product)?.ingested.reasons ?? {},
        quarantineFiles: (results.get(s.product)?.ingested.quarantineFiles ?? []).map(shown),
        errors: errors.get(s.product) ?? [],
      })),
      lineage: {
        file: shown(lineageFile),
        ...(endpoint ? { url: endpoint } : {}),
        problems: lineage.problems,
      },
    };
    const json = JSON.stringify(report, null, 2);
    if (options.json === "-") output.out(json);
    else {
      writeFileAtomic(resolve(options.root, options.json), `${json}\n`);
      io.out(`Wrote ${options.json}`);
    }
  }
  return exitCode;
}
