/**
 * `mesh run [<domain>[/<product>]] [--all] [--input FILE.ndjson | --rows N --seed S] [--out DIR]`:
 * runs data products' pipelines locally on DuckDB, with the same stages and SQL as production.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { contractOf, productRef, readsRedacted } from "../../components/contract/contract.js";
import { findProduct, type Mesh } from "../../components/declaration/mesh.js";
import { kafkaTopicName } from "../../components/naming.js";
import { loadMesh } from "../../program/loadMesh.js";
import { TransformSqlError } from "../../runner/errors.js";
import { localLayout } from "../../runner/layout.js";
import { runOrder } from "../../runner/order.js";
import { type Input, PipelineError, runProduct } from "../../runner/pipeline.js";
import { progressFor, type RunSummary, summaryTable } from "../../runner/progress.js";
import { openSession } from "../../runner/session.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";

export interface RunOptions {
  readonly root: string;
  /** `<domain>` or `<domain>/<product>`; all products of the mesh with `all`. */
  readonly target?: string;
  readonly all?: boolean;
  readonly input?: string;
  readonly rows?: number;
  readonly seed?: number;
  /** @default `<root>/.mesh` */
  readonly out?: string;
  /** @default today (UTC) */
  readonly ingestDate?: string;
  /** Updating progress lines (a terminal) rather than plain ones. */
  readonly tty?: boolean;
}

/** Product ids to run, in dependency order. */
function selectProducts(mesh: Mesh, options: RunOptions): string[] {
  const order = runOrder(mesh);
  if (options.all) {
    if (options.target) throw new UsageError("give either a target or --all, not both");
    return order;
  }
  if (!options.target) throw new UsageError("name what to run: <domain>, <domain>/<product>, or --all");
  const [domainName, productName, extra] = options.target.split("/");
  const domain = mesh.domains.find((d) => d.name === domainName);
  if (!domain || extra !== undefined) {
    throw new UsageError(
      `unknown domain "${domainName}" (known: ${mesh.domains.map((d) => d.name).join(", ")})`,
    );
  }
  const products = domain.dataProducts.filter((p) => productName === undefined || p.name === productName);
  if (products.length === 0) {
    throw new UsageError(
      `domain "${domain.name}" has no product "${productName}" (it has: ${domain.dataProducts.map((p) => p.name).join(", ")})`,
    );
  }
  const ids = new Set(products.map((p) => kafkaTopicName(productRef(domain, p))));
  return order.filter((id) => ids.has(id));
}

function inputFor(
  root: string,
  options: RunOptions,
  domain: string,
  product: string,
  single: boolean,
): Input {
  if (options.input !== undefined || options.rows !== undefined) {
    if (!single)
      throw new UsageError("--input and --rows apply to one product; name it as <domain>/<product>");
    if (options.input !== undefined && options.rows !== undefined)
      throw new UsageError("give --input or --rows, not both");
    if (options.rows !== undefined) return { kind: "generate", rows: options.rows, seed: options.seed ?? 1 };
    const path = resolve(root, options.input!);
    if (!existsSync(path)) throw new UsageError(`--input ${options.input}: no such file`);
    return { kind: "file", path };
  }
  // The domain's sample events, as they would arrive on its ingestion topic.
  const sample = join(root, "domains", domain, "samples", `${product}.ndjson`);
  return existsSync(sample) ? { kind: "file", path: sample } : { kind: "none" };
}

export async function runCommand(options: RunOptions, io: Output): Promise<number> {
  if (options.rows !== undefined && (!Number.isInteger(options.rows) || options.rows < 0)) {
    throw new UsageError(`--rows must be a whole number, got ${options.rows}`);
  }
  if (options.ingestDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.ingestDate)) {
    throw new UsageError(`--ingest-date must be YYYY-MM-DD, got ${options.ingestDate}`);
  }
  const mesh = await loadMesh({}, join(options.root, "domains"));
  const ids = selectProducts(mesh, options);
  const layout = localLayout(resolve(options.root, options.out ?? ".mesh"));
  const progress = progressFor(io, options.tty === true);
  const ingestDate = options.ingestDate ?? new Date().toISOString().slice(0, 10);
  const session = await openSession(layout);
  const summaries: RunSummary[] = [];
  let exitCode: number = EXIT.ok;
  try {
    for (const id of ids) {
      const domain = mesh.domains.find((d) =>
        d.dataProducts.some((p) => kafkaTopicName(productRef(d, p)) === id),
      )!;
      const product = domain.dataProducts.find((p) => kafkaTopicName(productRef(domain, p)) === id)!;
      const result = await runProduct(session.connection, {
        ref: productRef(domain, product),
        contract: contractOf(domain, product),
        sql: product.transform.sql!,
        sqlSource: product.transform.sqlFile
          ? join("domains", domain.name, product.transform.sqlFile)
          : `domains/${domain.name}/index.ts (${product.name}: transform.sql)`,
        consumes: domain.consumes.map((ref) => ({
          ref,
          redacted: readsRedacted(findProduct(mesh, ref)!, domain.name),
        })),
        input: inputFor(options.root, options, domain.name, product.name, ids.length === 1),
        ingestDate,
        layout,
        progress,
      });
      const failed = result.failures.length > 0;
      summaries.push({ product: id, ...result, status: failed ? "failed" : "ok" });
      if (failed) {
        exitCode = EXIT.policy;
        io.err(`${id}: the output breaks its contract; the previous table is kept:`);
        for (const f of result.failures)
          io.err(`  ${f.rule}${f.column ? ` (${f.column})` : ""}: ${f.message}`);
      }
    }
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    io.err(`error: ${e.message}`);
    exitCode = e instanceof TransformSqlError ? EXIT.input : EXIT.policy;
  } finally {
    session.close();
  }
  if (options.tty) process.stderr.write("\n");
  for (const line of summaryTable(summaries)) io.out(line);
  io.out(`Warehouse: ${layout.warehouseDatabase}`);
  return exitCode;
}
