/**
 * The two entry points of the pipeline core, driven the same way so that one scenario runs
 * through both: `mesh run` (files under `.mesh/`, the warehouse a DuckDB file) and `mesh transform`
 * (what the TransformJob's container runs: a staging folder standing in for the bucket, a DuckDB
 * catalog standing in for Iceberg, arguments and product file built by the runner protocol exactly
 * as the component builds them).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../cli/mesh.js";
import { runnerProductFile } from "../../components/compute/runnerProductFile.js";
import { type RunnerRead, transformArgs } from "../../components/compute/runnerProtocol.js";
import type { ProductModel } from "../../components/declaration/productModel.js";
import { glueTableName, redactedTableName } from "../../components/naming.js";
import { loadMesh } from "../../program/loadMesh.js";
import { openLocalWarehouse } from "../../runner/localRun.js";
import { localLayout, productPath } from "../../runner/locations.js";
import { capture, queryFile, workspace } from "./support.js";

export interface Outcome {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

export interface EntryPoint {
  readonly name: string;
  /** The product version's staging root in workspace `dir`. */
  staging(dir: string, model: ProductModel): string;
  /** The warehouse database file. */
  warehouse(dir: string): string;
  /** Runs the product version once over what has landed in its raw zone. */
  run(dir: string, id: string): Promise<Outcome>;
}

/** The mesh of workspace `dir` and the model of its product version `id`. */
export const modelOf = async (dir: string, id: string) => {
  const mesh = await loadMesh({}, join(dir, "domains"));
  const model = mesh.products.find((p) => p.id === id);
  if (!model) throw new Error(`no product ${id}`);
  return { mesh, model };
};

export const local: EntryPoint = {
  name: "mesh run",
  staging: (dir, model) => join(dir, ".mesh", "staging", productPath(model.ref)),
  warehouse: (dir) => join(dir, ".mesh", "warehouse", "mesh.duckdb"),
  async run(dir, id) {
    const { model } = await modelOf(dir, id);
    const io = capture();
    const code = await main(["run", `${model.ref.domain}/${model.ref.product}@${model.ref.major}`], io, dir);
    return { code, stdout: io.stdout, stderr: io.stderr };
  },
};

export const table = (model: Pick<ProductModel, "ref">, redacted = false) =>
  `${model.ref.domain}.${redacted ? redactedTableName(model.ref) : glueTableName(model.ref)}`;

export const production: EntryPoint = {
  name: "mesh transform",
  staging: (dir, model) => join(dir, "bucket", productPath(model.ref)),
  warehouse: (dir) => join(dir, "catalog", "warehouse", "mesh.duckdb"),
  async run(dir, id) {
    const { mesh, model } = await modelOf(dir, id);
    // Deploying the mesh creates every table in the catalog; creating them again changes nothing.
    const session = await openLocalWarehouse(localLayout(join(dir, "catalog")), mesh.products, undefined);
    session.close();
    return runTransformJob(dir, model, {
      ...(model.raw ? { staging: `${this.staging(dir, model)}/` } : {}),
      catalog: this.warehouse(dir),
    });
  },
};

/** Where a transform job runs: its staging root, catalog and (Iceberg REST) store and table locations. */
export interface JobTarget {
  readonly staging?: string;
  readonly catalog: string;
  readonly s3Endpoint?: string;
  /** Where the catalog creates the table (`redacted`: its PII-free projection), if it does. */
  readonly location?: (model: ProductModel, redacted: boolean) => string;
}

/**
 * `mesh transform` for `model` as its TransformJob runs it: the job's files written as its
 * ConfigMap holds them, the arguments built by the runner protocol. `sql` replaces the job's SQL.
 */
export async function runTransformJob(
  dir: string,
  model: ProductModel,
  target: JobTarget,
  sql = model.sql,
): Promise<Outcome> {
  const job = join(dir, "job", model.id);
  rmSync(job, { recursive: true, force: true });
  mkdirSync(job, { recursive: true });
  writeFileSync(join(job, "transform.sql"), sql);
  writeFileSync(join(job, "product.json"), JSON.stringify(runnerProductFile(model)));
  const reads: RunnerRead[] = model.inputs.map((i) => ({ view: i.view, table: table(i, i.redacted) }));
  const hasPii = Object.values(model.contract.schema).some((f) => f.pii);
  const args = transformArgs({
    product: `${model.ref.domain}/${model.ref.product}`,
    major: model.ref.major,
    sql: join(job, "transform.sql"),
    productFile: join(job, "product.json"),
    ...(target.staging ? { staging: target.staging } : {}),
    catalog: target.catalog,
    ...(target.s3Endpoint ? { s3Endpoint: target.s3Endpoint } : {}),
    table: table(model),
    ...(target.location ? { tableLocation: target.location(model, false) } : {}),
    ...(hasPii
      ? {
          redactedTable: table(model, true),
          ...(target.location ? { redactedTableLocation: target.location(model, true) } : {}),
        }
      : {}),
    reads,
    memory: model.declaration.transform.resources.memory,
  });
  const io = capture();
  const code = await main(args, io, dir);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

export const ENTRY_POINTS = [local, production] as const;

/**
 * The next commit of workspace `dir`'s orders domain: a compatible change, an optional `coupon`
 * field published as 1.3.0, which its SQL now selects.
 */
export function addCoupon(dir: string): void {
  const domainFile = join(dir, "domains/orders/index.ts");
  writeFileSync(
    domainFile,
    readFileSync(domainFile, "utf8")
      .replace('version: "1.2.0"', 'version: "1.3.0"')
      .replace(
        "currency: {",
        'coupon: { type: "string", description: "Coupon code applied, if any." },\n        currency: {',
      ),
  );
  const sql = join(dir, "domains/orders/orders.sql");
  writeFileSync(sql, readFileSync(sql, "utf8").replace("amount, currency", "amount, currency, coupon"));
}

/**
 * Workspace `dir`'s orders product with one more column, `name`, declared by `field` (its source
 * text in the declaration) and selected by its SQL.
 */
export function addOrdersColumn(dir: string, name: string, field: string): void {
  const index = join(dir, "domains/orders/index.ts");
  const declaration = readFileSync(index, "utf8").replace(
    `          description: "ISO 4217 code.",
        },
      },`,
    `          description: "ISO 4217 code.",
        },
        ${name}: ${field},
      },`,
  );
  writeFileSync(index, declaration);
  const sql = join(dir, "domains/orders/orders.sql");
  writeFileSync(sql, readFileSync(sql, "utf8").replace("amount, currency", `amount, currency, ${name}`));
}

/** One raw orders record, valid but for what `extra` adds. */
export const orderRecord = (id: string, extra: Record<string, unknown>) =>
  JSON.stringify({
    order_id: id,
    customer_id: "c-001",
    ordered_at: "2026-11-24T09:00:00Z",
    status: "paid",
    amount: "10.00",
    currency: "EUR",
    ...extra,
  });

/** A copy of the example mesh without its sample files: scenarios land exactly what they test. */
export function scenarioWorkspace(): string {
  const dir = workspace();
  for (const domain of ["orders", "customers"])
    rmSync(join(dir, "domains", domain, "samples"), { recursive: true, force: true });
  return dir;
}

/** Lands a raw file in a product version's raw zone, as the ingestion sink would. */
export async function land(
  entry: EntryPoint,
  dir: string,
  id: string,
  name: string,
  content: string | Buffer,
  day = "2026-11-24",
): Promise<string> {
  const { model } = await modelOf(dir, id);
  const folder = join(entry.staging(dir, model), "raw", `ingest_date=${day}`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, name);
  writeFileSync(file, content);
  return file;
}

/** Rows of a query against the entry point's warehouse. */
export const rows = (entry: EntryPoint, dir: string, sql: string) =>
  queryFile(entry.warehouse(dir), sql, { access_mode: "READ_ONLY" });
