/**
 * The local environment of the pipeline core (`mesh run`): files under `--out`, the warehouse a
 * DuckDB database there. Before the products run, every product version's table is created
 * empty, as deploying the mesh creates them in the catalog; the run's input is landed in the
 * product's `raw/` zone, as the ingestion sink lands records in production. From there on it is
 * the same core as the pod's (`core.ts`).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { piiFields } from "../components/contract/contract.js";
import type { ProductModel } from "../components/declaration/productModel.js";
import { foldedBatchDays, glueTableName, redactedTableName } from "../components/naming.js";
import { CATALOG } from "./catalog.js";
import { loadTargets, type PipelineEnv, type PipelineProduct } from "./core.js";
import { firstLine, PipelineError } from "./errors.js";
import { fingerprint } from "./ledger.js";
import { createTableSql, type TableName } from "./load.js";
import type { LocalLayout } from "./locations.js";
import type { Progress } from "./progress.js";
import { generatedLinesSql } from "./recordSql.js";
import { LOCAL_HISTORY } from "./runHistory.js";
import { openSession } from "./session.js";
import { literal } from "./sql.js";
import { sqlLocator } from "./sqlPosition.js";
import { copyWhole, under, writeWhole } from "./write.js";

export type Input =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "generate"; readonly rows: number; readonly seed: number }
  | { readonly kind: "none" };

const tableOf = (ref: ProductModel["ref"], redacted: boolean): TableName => ({
  database: ref.domain,
  table: redacted ? redactedTableName(ref) : glueTableName(ref),
});

/**
 * A product version as the local pipeline runs it: its tables in the local warehouse. With the
 * mesh's `root`, SQL errors point into the domain file for SQL written inline there.
 */
export function localProduct(model: ProductModel, root?: string): PipelineProduct {
  return {
    contract: model.contract,
    ...(model.raw ? { raw: model.raw } : {}),
    incremental: model.declaration.transform.incremental,
    sql: model.sql,
    sqlSource: model.sqlSource,
    ...(root !== undefined ? { locateSql: sqlLocator(root, model) } : {}),
    table: tableOf(model.ref, false),
    history: LOCAL_HISTORY,
    ...(piiFields(model.contract).length > 0 ? { redactedTable: tableOf(model.ref, true) } : {}),
    inputs: model.inputs.map((i) => ({ view: i.view, table: tableOf(i.ref, i.redacted) })),
    ...(model.raw && model.declaration.ingestion
      ? { foldedRetentionDays: foldedBatchDays(model.declaration.ingestion.retentionDays) }
      : {}),
  };
}

/**
 * Opens the local warehouse and creates every product version's tables that do not exist yet.
 * The spill files a run killed half-way left go first (the caller holds the folder's lock).
 * Throws {@link PipelineError} when it cannot (a full disk); a warehouse it was creating then goes,
 * so that the next run creates it anew rather than trip over a torn database file.
 */
export async function openLocalWarehouse(
  layout: LocalLayout,
  products: readonly ProductModel[],
  memoryLimit: string | undefined,
  threads?: number,
) {
  const file = layout.warehouseDatabase;
  const creating = !existsSync(file);
  let session: Awaited<ReturnType<typeof openSession>> | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const spill = join(layout.scratch, "spill");
    rmSync(spill, { recursive: true, force: true });
    session = await openSession(spill, memoryLimit, [`ATTACH ${literal(file)} AS ${CATALOG}`], threads);
    for (const model of products)
      for (const target of loadTargets(localProduct(model)))
        for (const statement of createTableSql(target)) await session.connection.run(statement);
    return session;
  } catch (e) {
    session?.close();
    if (creating) for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
    throw new PipelineError(`cannot open the warehouse ${file}: ${firstLine(e)}`);
  }
}

/**
 * Lands the run's input in the product's raw zone, named by its content (the same input landed
 * twice is one raw file) in the `ingest_date=` partition of `day`, as the sink would. The file is
 * landed whole or not at all: a run killed while landing leaves no torn raw file to ingest.
 * Throws {@link PipelineError} when it cannot (a full disk).
 */
export async function landInput(
  connection: DuckDBConnection,
  model: ProductModel,
  staging: string,
  input: Input,
  day: string,
): Promise<void> {
  if (input.kind === "none" || !model.raw) return;
  const folder = under(staging, `raw/ingest_date=${day}`);
  try {
    if (input.kind === "generate") {
      await writeWhole(
        connection,
        generatedLinesSql(model.raw.schema, input.rows, input.seed),
        join(folder, `generated-${input.rows}-${input.seed}.jsonl`),
        "FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\\x1f'",
      );
      return;
    }
    const gz = input.path.endsWith(".gz");
    const id = (await fingerprint(connection, input.path)).slice(0, 16);
    // Only plain characters in the landed name: DuckDB reads a path with `*`, `?` or `[` as a glob.
    const name = basename(input.path)
      .replace(/\.gz$/, "")
      .replace(/\.[^.]*$/, "")
      .replace(/[^A-Za-z0-9._-]+/g, "_");
    copyWhole(input.path, join(folder, `${name}-${id}.jsonl${gz ? ".gz" : ""}`));
  } catch (e) {
    throw new PipelineError(`${model.id}: cannot land its input: ${firstLine(e)}`);
  }
}

/** The pipeline environment of one local product. */
export function localEnv(
  layout: LocalLayout,
  model: ProductModel,
  connection: DuckDBConnection,
  progress: Progress,
  today: string,
  memoryLimits: readonly string[] | undefined,
  threads?: number,
): PipelineEnv {
  return {
    connection,
    ...(model.raw ? { staging: layout.staging(model.ref) } : {}),
    scratch: join(layout.scratch, model.id),
    sandboxSetup: [],
    atomicLoad: true,
    ...(memoryLimits ? { memoryLimits } : {}),
    ...(threads ? { threads } : {}),
    missingInputHint: "",
    progress,
    today,
    remove: (files) => {
      for (const file of files) rmSync(file, { force: true });
    },
  };
}
