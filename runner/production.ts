/**
 * The production environment of the pipeline core (`mesh transform` and `mesh stage`, what the
 * TransformJob's container runs): staging is the product's staging bucket (`s3://…`, read with
 * DuckDB's httpfs, credentials from IRSA; or an S3-compatible store) or a folder, the warehouse is
 * the catalog `--catalog` names (Glue, any Iceberg REST catalog, or a DuckDB file), scratch is the
 * pod's /tmp. Everything else is the same core as `mesh run`'s (`core.ts`).
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attachStatements, type ObjectStore, s3Statements, type WarehouseCatalog } from "./catalog.js";
import {
  type IngestResult,
  type PipelineProduct,
  type PipelineResult,
  runPipeline,
  stageOnly,
} from "./core.js";
import { firstLine, PipelineError } from "./errors.js";
import { addIcebergColumns, createIcebergTable } from "./icebergRest.js";
import type { OwnTables } from "./load.js";
import type { Progress } from "./progress.js";
import { alive } from "./runLock.js";
import { openSession } from "./session.js";
import { isRemote } from "./write.js";

export interface ProductionTarget {
  /** The product's staging root: `s3://bucket/v<major>/` or a folder; none for a derived product. */
  readonly staging?: string;
  /** Where the tables are; `mesh stage` needs none. */
  readonly catalog?: WarehouseCatalog;
  /** Where the files are: AWS S3 in the pod's region (`AWS_REGION`), or an S3-compatible endpoint. */
  readonly store: ObjectStore;
  /** DuckDB's memory limits (`memoryLimits()`), from the pod's declared memory. */
  readonly memory?: { readonly session: string; readonly transform: readonly string[] };
  /** DuckDB's threads, from the pod's declared CPU. */
  readonly threads?: number;
  readonly progress: Progress;
}

/**
 * The run's scratch (spill files, the candidate) in the pod's /tmp (an emptyDir): a folder of this
 * process's own, so two runs on one machine never share one. A killed run's folder goes when the
 * next run starts (its process is gone); a restarted container's is its own (pid 1 again).
 */
let scratch: string | undefined;
function scratchDirectory(): string {
  // Once per process: the session and the run share the folder, and the sweep need not repeat.
  if (scratch) return scratch;
  const root = join(tmpdir(), "mesh-transform");
  mkdirSync(root, { recursive: true });
  for (const entry of readdirSync(root)) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) {
      rmSync(join(root, entry), { recursive: true, force: true });
    }
  }
  scratch = join(root, String(process.pid));
  return scratch;
}

async function openProduction(target: ProductionTarget) {
  const remote = target.staging !== undefined && isRemote(target.staging);
  const attach = target.catalog ? attachStatements(target.catalog, target.store) : [];
  // An Iceberg catalog's ATTACH already loads S3 access; a DuckDB catalog with remote staging needs it alone.
  const iceberg = target.catalog !== undefined && target.catalog.kind !== "duckdb";
  const statements = remote && !iceberg ? [...s3Statements(target.store), ...attach] : attach;
  try {
    return await openSession(
      join(scratchDirectory(), "spill"),
      target.memory?.session,
      statements,
      target.threads,
    );
  } catch (e) {
    const what = target.catalog ? "the warehouse catalog" : "S3 access for the staging bucket";
    throw new PipelineError(`cannot open ${what}: ${firstLine(e)}`);
  }
}

/** The session, or a {@link PipelineError} naming the product. */
async function opened(target: ProductionTarget, id: string) {
  try {
    return await openProduction(target);
  } catch (e) {
    throw new PipelineError(`${id}: ${(e as Error).message}`);
  }
}

const envOf = (
  target: ProductionTarget,
  connection: Awaited<ReturnType<typeof openProduction>>["connection"],
) => ({
  connection,
  ...(target.staging ? { staging: target.staging } : {}),
  scratch: join(scratchDirectory(), "run"),
  sandboxSetup: target.staging && isRemote(target.staging) ? s3Statements(target.store) : [],
  atomicLoad: target.catalog?.kind === "duckdb",
  ...(target.catalog?.kind === "rest" ? { ownTables: restOwnTables(target.catalog) } : {}),
  ...(target.memory ? { memoryLimits: target.memory.transform } : {}),
  ...(target.threads ? { threads: target.threads } : {}),
  missingInputHint:
    ", or the transform's role may not read it (is it declared in consumes, and has its producer deployed?)",
  progress: target.progress,
  today: new Date().toISOString().slice(0, 10),
});

/**
 * An Iceberg REST catalog has no deploy-time table: the product's first run creates its own tables
 * (the catalog's authorization decides who may), and new columns go through the catalog's API.
 */
const restOwnTables = (catalog: Extract<WarehouseCatalog, { kind: "rest" }>): OwnTables => ({
  async create(target) {
    const { location } = target.table;
    if (!location) {
      throw new PipelineError(
        `${target.table.database}.${target.table.table}: no such table in the catalog, and no location to create it at (--location)`,
      );
    }
    await createIcebergTable(catalog, target.table, target.columns, location);
  },
  addColumns: (table, columns) => addIcebergColumns(catalog, table, columns),
});

/** Extract, transform, enforce and load, in the pod. */
export async function transformInProduction(
  target: ProductionTarget,
  product: PipelineProduct,
): Promise<PipelineResult> {
  if (!target.catalog) throw new PipelineError(`${product.contract.id}: no warehouse catalog given`);
  const session = await opened(target, product.contract.id);
  try {
    return await runPipeline(envOf(target, session.connection), product);
  } finally {
    session.close();
  }
}

/** The extract stage alone (`mesh stage`): a Spark product's driver runs it first. */
export async function stageInProduction(
  target: ProductionTarget,
  product: Pick<PipelineProduct, "contract" | "raw">,
): Promise<IngestResult> {
  const session = await opened({ ...target, catalog: undefined }, product.contract.id);
  try {
    return await stageOnly(envOf(target, session.connection), product);
  } finally {
    session.close();
  }
}
