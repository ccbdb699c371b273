/**
 * The production environment of the pipeline core (`mesh transform` and `mesh stage`, what the
 * TransformJob's container runs): staging is the product's staging bucket (`s3://…`, read with
 * DuckDB's httpfs, credentials from IRSA) or a folder, the warehouse is the catalog `--catalog`
 * names (Glue Iceberg, or a DuckDB file), scratch is the pod's /tmp. Everything else is the
 * same core as `mesh run`'s (`core.ts`).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attachStatements, s3Statements, type WarehouseCatalog } from "./catalog.js";
import {
  type IngestResult,
  type PipelineProduct,
  type PipelineResult,
  runPipeline,
  stageOnly,
} from "./core.js";
import { firstLine, PipelineError } from "./errors.js";
import type { Progress } from "./progress.js";
import { openSession } from "./session.js";
import { isRemote } from "./write.js";

export interface ProductionTarget {
  /** The product's staging root: `s3://bucket/v<major>/` or a folder; none for a derived product. */
  readonly staging?: string;
  /** Where the tables are; `mesh stage` needs none. */
  readonly catalog?: WarehouseCatalog;
  /** AWS region of the bucket and the catalog (the pod's `AWS_REGION`). */
  readonly region?: string;
  /** DuckDB's memory limits (`memoryLimits()`), from the pod's declared memory. */
  readonly memory?: { readonly session: string; readonly transform: readonly string[] };
  /** DuckDB's threads, from the pod's declared CPU. */
  readonly threads?: number;
  readonly progress: Progress;
}

/** The pod's /tmp (an emptyDir): spill files and the run's scratch. */
const SCRATCH_DIRECTORY = join(tmpdir(), "mesh-transform");

async function openProduction(target: ProductionTarget) {
  const remote = target.staging !== undefined && isRemote(target.staging);
  const attach = target.catalog ? attachStatements(target.catalog, target.region) : [];
  // Glue's ATTACH already loads S3 access; a DuckDB catalog with remote staging needs it alone.
  const statements =
    remote && target.catalog?.kind !== "glue" ? [...s3Statements(target.region), ...attach] : attach;
  try {
    return await openSession(
      join(SCRATCH_DIRECTORY, "spill"),
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
  scratch: join(SCRATCH_DIRECTORY, "run"),
  sandboxSetup: target.staging && isRemote(target.staging) ? s3Statements(target.region) : [],
  atomicLoad: target.catalog?.kind === "duckdb",
  ...(target.memory ? { memoryLimits: target.memory.transform } : {}),
  ...(target.threads ? { threads: target.threads } : {}),
  missingInputHint:
    ", or the transform's role may not read it (is it declared in consumes, and has its producer deployed?)",
  progress: target.progress,
  today: new Date().toISOString().slice(0, 10),
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
