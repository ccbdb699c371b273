/**
 * The protocol between the platform and the runner image: the command lines the TransformJob's
 * containers run (`mesh transform`, `mesh stage`) and the product file they read
 * (`runnerProductFile.ts`). The commands and their flags are described once, as data
 * ({@link RUNNER_COMMANDS}); the component builds the arguments from it ({@link transformArgs},
 * {@link stageArgs}), the runner's CLI parses them back with it ({@link parseRunnerCommand}) and
 * `mesh --help` prints its usage ({@link runnerHelp}).
 *
 * `--major N` is the major version the platform deployed the job for: the runner refuses to run
 * when it is not the major of the product file's `contract.version` ({@link checkMajor}), so a pod
 * of one major never runs with the files of another.
 *
 * This module is plain data and functions (no Pulumi, no Node built-ins, not the product file's
 * schema, which needs zod: import that from runnerProductFile.ts), so every CLI command loads it cheaply.
 */
import { CPU_QUANTITY_PATTERN, MEMORY_QUANTITY_PATTERN } from "../declaration/units.js";

// ---- the files ----------------------------------------------------------------------------------

/** Where the job's ConfigMap (its SQL and product file) is mounted, read-only, in every runner pod. */
export const RUNNER_MOUNT_PATH = "/etc/mesh/transform";
/** The product's SQL in the ConfigMap. */
export const SQL_FILE = "transform.sql";
/** The product file in the ConfigMap ({@link RunnerProductFile}). */
export const PRODUCT_FILE = "product.json";
/** A file of the ConfigMap as the runner sees it. */
export const mountedFile = (file: string) => `${RUNNER_MOUNT_PATH}/${file}`;

// ---- the requests -------------------------------------------------------------------------------

/** One consumed product a transform reads: the view its SQL names, over `database.table`. */
export interface RunnerRead {
  readonly view: string;
  readonly table: string;
}

/** `mesh transform`: stage the raw records, run the SQL, load the table if the contract holds. */
export interface TransformRequest {
  /** `<domain>/<product>`. */
  readonly product: string;
  /** The major deployed; must be the major of the product file's contract version. */
  readonly major: number;
  /** Path of the product's SQL. */
  readonly sql: string;
  /** Path of the product file ({@link RunnerProductFile}). */
  readonly productFile: string;
  /** `s3://bucket/prefix/` or a folder; absent for a product without ingestion. */
  readonly staging?: string;
  /** `glue:<account id>`, an Iceberg REST catalog's URL, or a DuckDB file. */
  readonly catalog: string;
  /** The REST catalog's warehouse name, where it needs one. */
  readonly catalogWarehouse?: string;
  /** An S3-compatible endpoint (`http(s)://host:port`); none: AWS S3 in the pod's region. */
  readonly s3Endpoint?: string;
  /** `database.table` of the product's table. */
  readonly table: string;
  /** `s3://bucket/prefix/` of its files, where a first run creates it (an Iceberg REST catalog). */
  readonly tableLocation?: string;
  /** `database.table` of its PII-free projection (products with PII fields). */
  readonly redactedTable?: string;
  /** `s3://bucket/prefix/` of the projection's files (an Iceberg REST catalog). */
  readonly redactedTableLocation?: string;
  readonly reads: readonly RunnerRead[];
  /** The pod's declared memory limit (a Kubernetes quantity), for the runner to size itself. */
  readonly memory?: string;
  /** The pod's declared CPU (a Kubernetes quantity): how many threads DuckDB may use. */
  readonly cpu?: string;
  /** An OpenLineage API (Marquez's base URL) the run's events are posted to. */
  readonly lineageUrl?: string;
  /** An NDJSON file the run's OpenLineage events are appended to. */
  readonly lineageFile?: string;
  /** The mesh the product's job is in (the OpenLineage job namespace). */
  readonly lineageNamespace?: string;
}

/** `mesh stage`: the extract stage alone (the Spark driver's init container). */
export interface StageRequest {
  readonly product: string;
  readonly major: number;
  readonly productFile: string;
  readonly staging: string;
  readonly s3Endpoint?: string;
  readonly memory?: string;
  readonly cpu?: string;
}

export interface RunnerRequests {
  readonly transform: TransformRequest;
  readonly stage: StageRequest;
}
export type RunnerCommand = keyof RunnerRequests;

// ---- the command lines, as data -----------------------------------------------------------------

/** How a flag's value is written and read back. */
interface ValueKind<T> {
  /** What is wrong with `text`, or undefined. */
  readonly problem: (text: string) => string | undefined;
  readonly parse: (text: string) => T;
  readonly format: (value: T) => string;
}

const text: ValueKind<string> = {
  problem: (t) => (t === "" ? "must not be empty" : undefined),
  parse: (t) => t,
  format: (v) => v,
};
const wholeNumber: ValueKind<number> = {
  problem: (t) => (/^(0|[1-9][0-9]*)$/.test(t) ? undefined : "must be a whole number"),
  parse: Number,
  format: String,
};
const memoryQuantity: ValueKind<string> = {
  problem: (t) =>
    MEMORY_QUANTITY_PATTERN.test(t) ? undefined : 'must be a memory quantity such as "512Mi" or "2Gi"',
  parse: (t) => t,
  format: (v) => v,
};
const cpuQuantity: ValueKind<string> = {
  problem: (t) => (CPU_QUANTITY_PATTERN.test(t) ? undefined : 'must be a CPU quantity such as "500m" or "2"'),
  parse: (t) => t,
  format: (v) => v,
};
const read: ValueKind<RunnerRead> = {
  problem: (t) => {
    const at = t.indexOf("=");
    return at > 0 && at < t.length - 1 ? undefined : "expected VIEW=DATABASE.TABLE";
  },
  parse: (t) => ({ view: t.slice(0, t.indexOf("=")), table: t.slice(t.indexOf("=") + 1) }),
  format: (r) => `${r.view}=${r.table}`,
};
const KINDS = { text, wholeNumber, memoryQuantity, cpuQuantity, read } as const;
type KindName = keyof typeof KINDS;

/** One flag of a runner command: `--<name> <placeholder>`, setting `key` of the request. */
export interface RunnerFlag<R> {
  readonly name: string;
  readonly key: keyof R & string;
  readonly kind: KindName;
  readonly placeholder: string;
  readonly required: boolean;
  /** Given once per value; the request holds a list. */
  readonly repeatable: boolean;
  readonly help: string;
}

export interface RunnerCommandSpec<R> {
  readonly name: string;
  /** What the command does, for `mesh --help`. */
  readonly summary: string;
  /** The one positional argument: `<domain>/<product>`, setting `product`. */
  readonly positional: { readonly placeholder: string; readonly help: string };
  readonly flags: readonly RunnerFlag<R>[];
}

const flag = <R>(
  name: string,
  key: keyof R & string,
  kind: KindName,
  placeholder: string,
  help: string,
  options: { required?: boolean; repeatable?: boolean } = {},
): RunnerFlag<R> => ({
  name,
  key,
  kind,
  placeholder,
  required: options.required ?? false,
  repeatable: options.repeatable ?? false,
  help,
});

const PRODUCT_POSITIONAL = { placeholder: "<domain>/<product>", help: "the product, as in its contract" };
const MAJOR_HELP = "must be the major of the product file's contract";
const PRODUCT_FILE_HELP = "the contract, raw records, mode (product.json)";
const MEMORY_HELP = "the pod's memory limit (Kubernetes quantity)";
const CPU_HELP = "the pod's CPU (Kubernetes quantity)";
const LOCATION_HELP = "s3://… where a REST catalog's table is created";
const S3_ENDPOINT_HELP = "an S3-compatible store; none: AWS S3";

/** Every runner command and its flags, in the order the platform writes them. */
export const RUNNER_COMMANDS: { readonly [C in RunnerCommand]: RunnerCommandSpec<RunnerRequests[C]> } = {
  transform: {
    name: "transform",
    summary:
      "The production transform the TransformJob runs: stage the raw records, then the staged Parquet " +
      "(s3:// or a folder) into the product's table (Iceberg in Glue, or a DuckDB file), replaced " +
      "only if its contract holds.",
    positional: PRODUCT_POSITIONAL,
    flags: [
      flag("major", "major", "wholeNumber", "N", MAJOR_HELP, { required: true }),
      flag("product", "productFile", "text", "FILE", PRODUCT_FILE_HELP, { required: true }),
      flag("sql", "sql", "text", "FILE", "the product's SQL (transform.sql)", { required: true }),
      flag("staging", "staging", "text", "URI", "s3://… prefix or folder; none without ingestion"),
      flag(
        "catalog",
        "catalog",
        "text",
        "glue:ACCOUNT|URL|FILE",
        "Glue, an Iceberg REST URL or FILE.duckdb",
        {
          required: true,
        },
      ),
      flag("catalog-warehouse", "catalogWarehouse", "text", "NAME", "the REST catalog's warehouse"),
      flag("s3-endpoint", "s3Endpoint", "text", "URL", S3_ENDPOINT_HELP),
      flag("table", "table", "text", "DB.TABLE", "the product's table", { required: true }),
      flag("location", "tableLocation", "text", "URI", LOCATION_HELP),
      flag("redacted-table", "redactedTable", "text", "DB.TABLE", "its PII-free projection"),
      flag("redacted-location", "redactedTableLocation", "text", "URI", LOCATION_HELP),
      flag("read", "reads", "read", "VIEW=DB.TABLE", "a consumed product the SQL reads as VIEW", {
        repeatable: true,
      }),
      flag("memory", "memory", "memoryQuantity", "QUANTITY", MEMORY_HELP),
      flag("cpu", "cpu", "cpuQuantity", "QUANTITY", CPU_HELP),
      flag("lineage-url", "lineageUrl", "text", "URL", "post OpenLineage events to this API (Marquez)"),
      flag("lineage-file", "lineageFile", "text", "FILE", "append OpenLineage events to this NDJSON file"),
      flag("lineage-namespace", "lineageNamespace", "text", "NAME", "the mesh: the events' job namespace"),
    ],
  },
  stage: {
    name: "stage",
    summary:
      "Only the extract stage of mesh transform: check the raw files the ingestion sink landed and " +
      "stage them (what a Spark product's driver runs first, in the runner image).",
    positional: PRODUCT_POSITIONAL,
    flags: [
      flag("major", "major", "wholeNumber", "N", MAJOR_HELP, { required: true }),
      flag("product", "productFile", "text", "FILE", PRODUCT_FILE_HELP, { required: true }),
      flag("staging", "staging", "text", "URI", "s3://… prefix or folder", { required: true }),
      flag("s3-endpoint", "s3Endpoint", "text", "URL", S3_ENDPOINT_HELP),
      flag("memory", "memory", "memoryQuantity", "QUANTITY", MEMORY_HELP),
      flag("cpu", "cpu", "cpuQuantity", "QUANTITY", CPU_HELP),
    ],
  },
};

const PRODUCT_PATTERN = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;

/** The arguments of a runner command, built from its description. */
function argsOf<C extends RunnerCommand>(command: C, request: RunnerRequests[C]): string[] {
  const spec = RUNNER_COMMANDS[command] as RunnerCommandSpec<RunnerRequests[C]>;
  const values = request as unknown as Record<string, unknown>;
  const args = [command, request.product];
  for (const f of spec.flags) {
    const kind = KINDS[f.kind] as ValueKind<unknown>;
    const value = values[f.key];
    if (value === undefined) {
      if (f.required) throw new Error(`mesh ${command}: the request has no ${f.key} (--${f.name})`);
      continue;
    }
    for (const v of f.repeatable ? (value as readonly unknown[]) : [value]) {
      args.push(`--${f.name}`, kind.format(v));
    }
  }
  return args;
}

/** The container arguments of `mesh transform`. */
export const transformArgs = (request: TransformRequest): string[] => argsOf("transform", request);
/** The container arguments of `mesh stage`. */
export const stageArgs = (request: StageRequest): string[] => argsOf("stage", request);

// ---- reading them back --------------------------------------------------------------------------

/** A runner command line that does not follow the protocol; the message starts with its usage. */
export class RunnerUsageError extends Error {
  constructor(
    readonly command: RunnerCommand,
    readonly problem: string,
  ) {
    super(`usage: ${runnerSynopsis(command)} (${problem})`);
    this.name = "RunnerUsageError";
  }
}

/**
 * The request of a runner command from its arguments (after the command name): the inverse of
 * {@link transformArgs} / {@link stageArgs}. Throws {@link RunnerUsageError}.
 */
export function parseRunnerCommand<C extends RunnerCommand>(
  command: C,
  argv: readonly string[],
): RunnerRequests[C] {
  const spec = RUNNER_COMMANDS[command] as RunnerCommandSpec<RunnerRequests[C]>;
  const fail = (problem: string): never => {
    throw new RunnerUsageError(command, problem);
  };
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  const given = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const f = byName.get(name);
    if (!f) return fail(`unknown option --${name}`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--"))
        return fail(`--${name} needs a value (${f.placeholder})`);
      value = next;
      i++;
    }
    const values = given.get(name) ?? [];
    if (values.length > 0 && !f.repeatable) return fail(`--${name} given twice`);
    given.set(name, [...values, value]);
  }
  const missing = spec.flags.filter((f) => f.required && !given.has(f.name));
  if (missing.length > 0) fail(`missing ${missing.map((f) => `--${f.name}`).join(", ")}`);
  if (positionals.length !== 1) {
    fail(
      positionals.length === 0
        ? `missing ${spec.positional.placeholder}`
        : `expected one ${spec.positional.placeholder}, got ${positionals.join(" ")}`,
    );
  }
  const product = positionals[0]!;
  if (!PRODUCT_PATTERN.test(product)) fail(`${product}: expected ${spec.positional.placeholder}`);
  const request: Record<string, unknown> = { product };
  for (const f of spec.flags) {
    const kind = KINDS[f.kind] as ValueKind<unknown>;
    const values = given.get(f.name) ?? [];
    for (const v of values) {
      const problem = kind.problem(v);
      if (problem) fail(`--${f.name} ${v}: ${problem}`);
    }
    if (f.repeatable) request[f.key] = values.map((v) => kind.parse(v));
    else if (values.length === 1) request[f.key] = kind.parse(values[0]!);
  }
  return request as unknown as RunnerRequests[C];
}

/**
 * Why the request may not run with this product file: its `--major` is not the major of the
 * contract's `version`; undefined when they agree. The runner calls it before doing anything.
 */
export function checkMajor(request: Pick<TransformRequest, "major" | "product">, version: string) {
  const major = Number(version.split(".")[0]);
  if (Number.isInteger(major) && major === request.major) return undefined;
  return `--major ${request.major}: the product file is ${request.product} version ${version} (major ${version.split(".")[0]})`;
}

// ---- usage --------------------------------------------------------------------------------------

/** `--flag VALUE`, bracketed when optional: one flag in a synopsis or a help entry. */
export const flagUsage = (f: RunnerFlag<unknown>) => {
  const usage = `--${f.name} ${f.placeholder}${f.repeatable ? " …" : ""}`;
  return f.required ? usage : `[${usage}]`;
};

/** `mesh <command> <domain>/<product> --flag VALUE … [--optional VALUE]`, on one line. */
export function runnerSynopsis(command: RunnerCommand): string {
  const spec = RUNNER_COMMANDS[command] as RunnerCommandSpec<unknown>;
  return [`mesh ${command}`, spec.positional.placeholder, ...spec.flags.map(flagUsage)].join(" ");
}
