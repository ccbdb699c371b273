/**
 * Runs a product's transform SQL — untrusted: a domain team wrote it — in a DuckDB instance of its
 * own that can reach nothing but the product's inputs, for every runner (`mesh run`,
 * `mesh transform`):
 *
 * 1. the SQL is checked with DuckDB's parser: exactly one SELECT over `staging` and the views of
 *    the product's declared inputs (`components/declaration/transformSql.ts`);
 * 2. a fresh in-memory instance gets the platform's setup (extensions, the S3 secret), the view
 *    `staging` over the product's own staged batches and one view per declared input — never a
 *    catalog, never another product's staging;
 * 3. DuckDB's own sandbox is then closed and locked: `allowed_directories` (the product's staging
 *    and this session's scratch folder), `allowed_paths` (the input files), external access off,
 *    `lock_configuration`; the SQL can no longer change any of it;
 * 4. the SQL runs through DuckDB's `query()` table function — which itself accepts one SELECT
 *    only, so the text is never spliced into a statement — and the platform writes its result to
 *    a Parquet file in the scratch folder, which the caller loads after checking the contract.
 *    When DuckDB cannot bind it, the SQL is prepared alone in the same locked instance (bound,
 *    never executed) so that the error names its own line and column, not the wrapper's.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { formatSqlProblems, transformSqlProblems } from "../components/declaration/transformSql.js";
import { firstLine, PipelineError, TransformSqlError } from "./errors.js";
import { type Progress, tracked } from "./progress.js";
import { duckdbSettings } from "./session.js";
import { ident, literal } from "./sql.js";
import { duckdbMessage, duckdbPosition, type SqlPosition } from "./sqlPosition.js";

export interface SandboxedTransform {
  /** The product, for messages (`orders.orders.v1`). */
  readonly product: string;
  readonly sql: string;
  /** Where the SQL comes from, for messages (a file, or `--sql FILE`). */
  readonly sqlSource: string;
  /** Where a position in the SQL is, for messages; @default `<sqlSource>:<line>:<column>` */
  readonly locate?: (position: SqlPosition) => string;
  /** Platform statements run before the sandbox closes: loading extensions, the S3 secret. */
  readonly setup?: readonly string[];
  /** The query `staging` stands for: the product's own staged batches (none for a derived product). */
  readonly staging?: string;
  /** View names of every declared input: all the SQL may name besides `staging` and its CTEs. */
  readonly declared: readonly string[];
  /** The declared inputs that have data: view name → the query it stands for. */
  readonly inputs: readonly { readonly view: string; readonly query: string }[];
  /** Folders or `s3://` prefixes (ending in `/`) the inputs live under. */
  readonly allowedDirectories: readonly string[];
  /** Single files the inputs are. */
  readonly allowedPaths: readonly string[];
  /** This session's own folder: spill files, and the result. */
  readonly scratch: string;
  readonly progress?: Progress;
  /**
   * DuckDB's memory limits, past which it spills to the scratch folder: the first, then (only if
   * the transform runs out of memory) the next.
   */
  readonly memoryLimits?: readonly string[];
  /** DuckDB's threads (the pod's CPU). */
  readonly threads?: number;
}

const list = (items: readonly string[]) => `[${items.map(literal).join(", ")}]`;
const asDirectory = (d: string) => d.replace(/\/?$/, "/");

/** Checks `sql` as a transform over `inputs`; throws {@link PipelineError} naming every problem. */
export async function assertTransformSql(
  sql: string,
  inputs: readonly string[],
  source: string,
  staging = true,
) {
  const problems = await transformSqlProblems(sql, inputs, { staging });
  if (problems.length > 0) throw new TransformSqlError(`refused:\n${formatSqlProblems(source, problems)}`);
}

/** Runs the transform sandboxed; resolves to the Parquet file holding its result. */
export async function runSandboxed(t: SandboxedTransform): Promise<string> {
  await assertTransformSql(t.sql, t.declared, t.sqlSource, t.staging !== undefined);
  const limits = t.memoryLimits && t.memoryLimits.length > 0 ? t.memoryLimits : [undefined];
  for (const [i, limit] of limits.entries()) {
    try {
      return await runOnce(t, limit);
    } catch (e) {
      // DuckDB's window operator picks its strategy from the memory limit, and some inputs that
      // fail at one limit run at another (duckdb/duckdb#7808): the next limit gets a try.
      const outOfMemory = e instanceof PipelineError && /Out of Memory Error/.test(e.message);
      if (!outOfMemory || i === limits.length - 1) throw e;
      t.progress?.stage(t.product, `out of memory at ${limit}; again at ${limits[i + 1]}`);
    }
  }
  throw new PipelineError("the transform did not run"); // unreachable: the loop returns or throws
}

/** DuckDB's errors about the SQL's text itself, found before it reads a row. */
const SQL_TEXT_ERROR = /^(Parser|Binder|Catalog) Error/;

/**
 * The failure of the transform as its author needs it: DuckDB's message at the line and column of
 * the SQL. Run inside `query('…')`, DuckDB places its excerpt in the platform's wrapper, so a
 * binding error is reproduced by preparing the SQL alone (binding only, nothing runs) in the same
 * locked instance, whose excerpt is the author's SQL. Errors found while running (a cast that fails
 * on a value, out of memory) carry no usable position and are reported with the SQL's source only.
 */
async function transformFailure(connection: DuckDBConnection, t: SandboxedTransform, e: unknown) {
  let message = (e as Error).message;
  if (SQL_TEXT_ERROR.test(message)) {
    try {
      (await connection.prepare(t.sql)).destroySync();
    } catch (bound) {
      message = (bound as Error).message;
    }
  }
  const position = duckdbPosition(message, t.sql);
  const where = position
    ? (t.locate?.(position) ?? `${t.sqlSource}:${position.line}:${position.column}`)
    : t.sqlSource;
  return new PipelineError(`the transform failed:\n${where}: ${duckdbMessage(message)}`);
}

/** What a sandbox may reach, and what the platform sets up in it before it is locked. */
export interface SandboxOptions {
  /** The session's own folder: spill files; nothing else in it is the SQL's to read. */
  readonly scratch: string;
  readonly memoryLimit?: string | undefined;
  readonly threads?: number | undefined;
  /** Folders or `s3://` prefixes the views read under (the scratch folder is added). */
  readonly allowedDirectories: readonly string[];
  /** Single files the views read. */
  readonly allowedPaths: readonly string[];
  /** What runs in it, for messages: `the transform`. */
  readonly what: string;
  /** The platform's statements before the lock: its setup and views. */
  readonly prepare: (connection: DuckDBConnection) => Promise<void>;
}

/**
 * A fresh in-memory DuckDB instance, prepared by the platform, then closed and locked (step 3
 * above): `use` runs tenant SQL in it, which can change none of it. Closed when `use` is done.
 */
export async function withSandbox<T>(
  o: SandboxOptions,
  use: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:", {
    ...duckdbSettings(join(o.scratch, "spill"), o.memoryLimit, o.threads),
    // No extension is installed or loaded behind the platform's back.
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const connection = await instance.connect();
  try {
    try {
      await o.prepare(connection);
      await connection.run(
        `SET allowed_directories = ${list([...o.allowedDirectories, o.scratch].map(asDirectory))}`,
      );
      if (o.allowedPaths.length > 0) await connection.run(`SET allowed_paths = ${list(o.allowedPaths)}`);
      await connection.run("SET enable_external_access = false");
      await connection.run("SET lock_configuration = true");
    } catch (e) {
      throw new PipelineError(`cannot prepare ${o.what}'s inputs: ${firstLine(e)}`);
    }
    return await use(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** One try in a fresh instance, at memory limit `limit`. */
async function runOnce(t: SandboxedTransform, limit: string | undefined): Promise<string> {
  // The session's own folder: what a run killed half-way left there (spill files, a partial
  // result) goes first.
  rmSync(t.scratch, { recursive: true, force: true });
  mkdirSync(t.scratch, { recursive: true });
  const result = join(t.scratch, "result.parquet");
  const prepare = async (connection: DuckDBConnection) => {
    for (const statement of t.setup ?? []) await connection.run(statement);
    await connection.run("SET enable_progress_bar = true");
    await connection.run("SET enable_progress_bar_print = false");
    if (t.staging !== undefined) await connection.run(`CREATE TEMP VIEW staging AS ${t.staging}`);
    for (const input of t.inputs) {
      await connection.run(`CREATE TEMP VIEW ${ident(input.view)} AS ${input.query}`);
    }
  };
  const options = {
    scratch: t.scratch,
    memoryLimit: limit,
    threads: t.threads,
    allowedDirectories: t.allowedDirectories,
    allowedPaths: t.allowedPaths,
    what: "the transform",
    prepare,
  };
  return withSandbox(options, async (connection) => {
    const run = () =>
      connection.run(`COPY (SELECT * FROM query(${literal(t.sql)})) TO ${literal(result)} (FORMAT parquet)`);
    try {
      if (t.progress) await tracked(connection, t.progress, t.product, "transforming", run);
      else await run();
    } catch (e) {
      throw await transformFailure(connection, t, e);
    }
    return result;
  });
}
