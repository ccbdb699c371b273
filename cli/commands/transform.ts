/**
 * `mesh transform <domain>/<product> --major N --sql FILE --contract FILE --staging URI
 * --warehouse URI --table DB.TABLE [--read VIEW=URI …]`: what the TransformJob's container runs.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Contract } from "../../components/contract/contract.js";
import { formatPath } from "../../components/declaration/errors.js";
import { ContractFileSchema, transformOnce } from "../../runner/transformOnce.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";

export interface TransformCommandOptions {
  readonly product: string;
  readonly sql: string;
  readonly contract: string;
  readonly staging: string;
  readonly warehouse: string;
  readonly table: string;
  readonly reads: readonly string[];
}

function readFile(flag: string, path: string): string {
  if (!existsSync(path)) throw new UsageError(`--${flag} ${path}: no such file`);
  return readFileSync(path, "utf8");
}

export async function transformCommand(options: TransformCommandOptions, io: Output): Promise<number> {
  let data: unknown;
  try {
    data = JSON.parse(readFile("contract", options.contract));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--contract ${options.contract}: not JSON: ${(e as Error).message}`);
  }
  const parsed = ContractFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `--contract ${options.contract}: ${formatPath(issue.path) || "(root)"}: ${issue.message}`,
    );
  }
  const reads = options.reads.map((r) => {
    const [view, location] = r.split("=", 2);
    if (!view || !location || !/^[a-z_][a-z0-9_]*$/.test(view))
      throw new UsageError(`--read ${r}: expected VIEW=LOCATION`);
    return { view, location };
  });
  const start = process.hrtime.bigint();
  const result = await transformOnce({
    contract: parsed.data as unknown as Contract,
    sql: readFile("sql", options.sql),
    staging: options.staging,
    warehouse: options.warehouse,
    reads,
  });
  const seconds = (Number(process.hrtime.bigint() - start) / 1e9).toFixed(2);
  if (result.failures.length > 0) {
    io.err(`${options.product}: the output breaks its contract; ${options.table} is unchanged:`);
    for (const f of result.failures) io.err(`  ${f.rule}${f.column ? ` (${f.column})` : ""}: ${f.message}`);
    return EXIT.policy;
  }
  io.out(`${options.product}: ${result.rows} rows loaded into ${options.table} in ${seconds}s`);
  return EXIT.ok;
}
