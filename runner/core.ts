/**
 * The one pipeline core every runner uses — `mesh run` on a laptop and `mesh transform` in the
 * product's pod alike. It decides extract, stage, transform, enforce and load; the caller only
 * says where files live (a folder, or the staging bucket) and which catalog is attached as
 * `warehouse` (a DuckDB file, or Glue/REST Iceberg):
 *
 * 1. **extract + stage**: every raw file under `raw/` not staged yet is judged line by line
 *    against the raw schema (`extract.ts`): valid records to one staged Parquet batch named by the
 *    raw file's content hash (the same batch delivered twice is staged once), the rest to the
 *    quarantine. A file that cannot be read is reported and left for the next run; the others go on.
 * 2. **transform**: the product's SQL runs in its sandbox (`sandbox.ts`) over `staging` and a copy
 *    of each declared input's table at the declared major (its PII-free projection when the
 *    product is not admitted) — nothing else. An incremental product's `staging` is its current
 *    table plus the batches staged since; any other product's is its whole staged history.
 * 3. **enforce**: the result is checked against the output contract: its field rules, then its
 *    table-level checks (`qualityChecks.ts`), some against the product's run history.
 * 4. **load**: only if it holds, the table and its projection are replaced (schema evolved first).
 * 5. **record**: every run — loaded, refused or failed — appends one record to the product's run
 *    history (`runHistory.ts`).
 *
 * Nothing is half-written: staged files, the quarantine and the ledger are written whole, the load
 * is one transaction, the candidate never enters the warehouse, and scratch is cleaned first.
 */

import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { nonPiiFields, piiFields } from "../components/contract/contract.js";
import { enforceContract } from "./enforce.js";
import { firstLine, PipelineError, TransformSqlError } from "./errors.js";
import { expireFolded, stagingRelation } from "./history.js";
import { ingest, NO_INGEST } from "./ingest.js";
import { readLedger, writeLedger } from "./ledger.js";
import { copyTable, type LoadTarget, replaceTables, shownTable, tableColumns } from "./load.js";
import type { PipelineEnv, PipelineProduct, PipelineResult } from "./pipelineTypes.js";
import { tracked } from "./progress.js";
import { qualityChecks } from "./qualityChecks.js";
import { appendRunRecord, type RunRecord, readRunHistory } from "./runHistory.js";
import { runSandboxed } from "./sandbox.js";
import { literal } from "./sql.js";

export { stageOnly } from "./ingest.js";
export type { IngestResult, PipelineEnv, PipelineProduct, PipelineResult } from "./pipelineTypes.js";

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Copies each declared input's table (at its declared major; the projection where the product is
 * not admitted to its PII) out of the catalog into scratch: the sandbox reads files, never a catalog.
 */
async function copyInputs(env: PipelineEnv, product: PipelineProduct) {
  mkdirSync(join(env.scratch, "inputs"), { recursive: true });
  const inputs: { view: string; query: string; file: string }[] = [];
  for (const input of product.inputs) {
    if (!(await tableColumns(env.connection, input.table))) {
      throw new PipelineError(
        `its input ${input.view} (${shownTable(input.table)}) has no table in the warehouse catalog${env.missingInputHint}`,
      );
    }
    const file = join(env.scratch, "inputs", `${input.view}.parquet`);
    await copyTable(env.connection, input.table, file);
    inputs.push({ view: input.view, query: `SELECT * FROM read_parquet(${literal(file)})`, file });
  }
  return inputs;
}

type Outcome = Omit<RunRecord, "runId" | "product" | "version" | "startedAt" | "endedAt">;

/**
 * Appends the run to the product's history. A history that cannot take it does not undo the run
 * (the table is loaded, or the failure stands): the returned line says so, and the volume check
 * then has one run less to go by.
 */
async function record(env: PipelineEnv, product: PipelineProduct, startedAt: string, outcome: Outcome) {
  try {
    await appendRunRecord(
      env.connection,
      product.history,
      {
        runId: randomUUID(),
        product: product.contract.id,
        version: product.contract.version,
        startedAt,
        endedAt: new Date().toISOString(),
        ...outcome,
      },
      env.ownTables,
    );
    return [];
  } catch (e) {
    return [`the run could not be recorded in its history ${shownTable(product.history)}: ${firstLine(e)}`];
  }
}

/** Runs the product's pipeline once. Throws {@link PipelineError} when it cannot run at all. */
export async function runPipeline(env: PipelineEnv, product: PipelineProduct): Promise<PipelineResult> {
  const start = process.hrtime.bigint();
  const startedAt = new Date().toISOString();
  const id = product.contract.id;
  // What a run killed half-way left here (spill files, partial results) goes first.
  rmSync(env.scratch, { recursive: true, force: true });
  mkdirSync(env.scratch, { recursive: true });
  let ingested = NO_INGEST;
  try {
    for (const target of loadTargets(product)) {
      if (await tableColumns(env.connection, target.table)) continue;
      if (env.ownTables) await env.ownTables.create(target);
      else {
        throw new PipelineError(
          `${shownTable(target.table)}: no such table in the warehouse catalog (the platform creates it with the product: deploy the stack first)`,
        );
      }
    }
    const raw = product.raw;
    const staging = raw ? env.staging : undefined;
    if (raw && !staging) throw new PipelineError("it ingests raw records but no staging location was given");
    const ledger = staging ? await readLedger(env.connection, staging) : undefined;
    if (raw && staging && ledger) {
      const extractStart = process.hrtime.bigint();
      ingested = await ingest(env, product, raw, staging, ledger);
      env.progress.stage(id, "extracted and staged", ingested.rowsIn, since(extractStart));
    }
    const transformStart = process.hrtime.bigint();
    const inputs = await copyInputs(env, product);
    const relation =
      raw && staging && ledger ? await stagingRelation(env, product, raw, staging, ledger) : undefined;
    const result = await runSandboxed({
      product: id,
      sql: product.sql,
      sqlSource: product.sqlSource,
      ...(product.locateSql ? { locate: product.locateSql } : {}),
      setup: env.sandboxSetup,
      ...(relation ? { staging: relation.query } : {}),
      declared: product.inputs.map((i) => i.view),
      inputs,
      allowedDirectories: staging ? [staging] : [],
      allowedPaths: [...inputs.map((i) => i.file), ...(relation?.paths ?? [])],
      scratch: join(env.scratch, "sandbox"),
      progress: env.progress,
      ...(env.memoryLimits ? { memoryLimits: env.memoryLimits } : {}),
      ...(env.threads ? { threads: env.threads } : {}),
    });
    // The candidate stays a file in scratch: a run killed now leaves nothing in the warehouse.
    await env.connection.run(
      `CREATE OR REPLACE TEMP VIEW candidate AS SELECT * FROM read_parquet(${literal(result)})`,
    );
    // What the load writes, as Parquet: the output's size in bytes (the lineage's output statistics).
    const bytesOut = statSync(result).size;
    const enforced = await enforceContract(env.connection, "candidate", product.contract);
    const rowsOut = enforced.rows;
    // The table-level checks read columns by name: only a table with the contract's columns gets them.
    const shaped = !enforced.failures.some((f) => f.rule === "column" || f.rule === "type");
    const history = product.contract.quality.volumeChange
      ? await readRunHistory(env.connection, { product: id, table: product.history })
      : [];
    const quality = shaped
      ? await qualityChecks(env.connection, "candidate", product.contract, rowsOut, history, new Date(), {
          file: result,
          scratch: join(env.scratch, "checks"),
          ...(env.threads ? { threads: env.threads } : {}),
        })
      : { checks: [], failures: [], warnings: [] };
    const failures = [...enforced.failures, ...quality.failures];
    const checks = [...enforced.checks, ...quality.checks];
    env.progress.stage(id, "transformed", rowsOut, since(transformStart));
    if (failures.length === 0) {
      await tracked(
        env.connection,
        env.progress,
        id,
        "loading",
        () => replaceTables(env.connection, "candidate", loadTargets(product), env.atomicLoad, env.ownTables),
        rowsOut,
      );
      if (product.incremental && staging && ledger && relation) {
        ledger.folded = [...new Set([...relation.kept, ...relation.folding])];
        ledger.foldedRows = rowsOut;
        await writeLedger(env.connection, staging, ledger);
        await expireFolded(env, product, staging, ledger);
      }
    }
    await env.connection.run("DROP VIEW IF EXISTS candidate");
    env.progress.stage(
      id,
      failures.length === 0 ? "loaded" : "contract violated, previous table kept",
      rowsOut,
    );
    const unrecorded = await record(env, product, startedAt, {
      outcome: failures.length === 0 ? "succeeded" : "failed",
      ...(failures.length > 0
        ? {
            error: `the output breaks its contract (${[...new Set(failures.map((f) => f.rule))].join(", ")}); the previous table is kept`,
          }
        : {}),
      rowsIn: ingested.rowsIn,
      quarantined: ingested.reasons,
      rowsOut,
      checks,
      ...(quality.freshnessAtLoadSeconds !== undefined
        ? { freshnessAtLoadSeconds: quality.freshnessAtLoadSeconds }
        : {}),
    });
    return {
      ingested,
      rowsOut,
      bytesOut,
      failures,
      loaded: failures.length === 0,
      checks,
      warnings: [...quality.warnings, ...unrecorded],
      seconds: since(start),
      transformSeconds: since(transformStart),
    };
  } catch (e) {
    // A run that could not finish is a run too: the history says it failed, and why.
    const unrecorded = await record(env, product, startedAt, {
      outcome: "failed",
      // The platform's own messages say where on their later lines (the SQL's file and line).
      error: e instanceof PipelineError ? e.message.replace(/\s*\n\s*/g, " ") : firstLine(e),
      rowsIn: ingested.rowsIn,
      quarantined: ingested.reasons,
      rowsOut: 0,
      checks: [],
    });
    for (const line of unrecorded) env.progress.stage(id, line);
    const error =
      e instanceof TransformSqlError
        ? new TransformSqlError(`${id}: ${e.message}`)
        : new PipelineError(`${id}: ${e instanceof PipelineError ? e.message : firstLine(e)}`);
    // The batches it staged stay staged: the summary says so, and the next run goes on from them.
    error.staged = { rowsIn: ingested.rowsIn, staged: ingested.staged, quarantined: ingested.quarantined };
    throw error;
  } finally {
    rmSync(env.scratch, { recursive: true, force: true });
  }
}

/** The tables a load replaces: the product's, and its PII-free projection with the non-PII columns. */
export function loadTargets(product: PipelineProduct): LoadTarget[] {
  const { contract } = product;
  const targets: LoadTarget[] = [{ table: product.table, columns: contract.schema }];
  if (product.redactedTable && piiFields(contract).length > 0) {
    const keep = new Set(nonPiiFields(contract));
    targets.push({
      table: product.redactedTable,
      columns: Object.fromEntries(Object.entries(contract.schema).filter(([name]) => keep.has(name))),
    });
  }
  return targets;
}
