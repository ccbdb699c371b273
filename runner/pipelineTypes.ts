/** What the pipeline core (`core.ts`) runs, where it runs, and what it reports. */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Contract } from "../components/contract/contract.js";
import type { RawRecords } from "../components/declaration/productModel.js";
import type { CheckResult } from "../components/history/runRecord.js";
import type { RuleFailure } from "./enforce.js";
import type { OwnTables, TableName } from "./load.js";
import type { Progress } from "./progress.js";
import type { SqlPosition } from "./sqlPosition.js";

export interface PipelineProduct {
  readonly contract: Contract;
  /** Its raw records; undefined for a product derived only from other products. */
  readonly raw?: RawRecords;
  readonly incremental: boolean;
  readonly sql: string;
  /** Where the SQL comes from, for messages. */
  readonly sqlSource: string;
  /** Where a position in the SQL is, for messages (SQL inline in a domain file); @default `<sqlSource>:<line>:<column>` */
  readonly locateSql?: (position: SqlPosition) => string;
  readonly table: TableName;
  /** Where its runs are recorded (`runHistory.ts`): `_mesh.runs` locally, a table beside its table in production. */
  readonly history: TableName;
  /** The PII-free projection's table, for a product with PII fields. */
  readonly redactedTable?: TableName;
  /** The declared inputs: the view the SQL reads, and the table (or projection) behind it. */
  readonly inputs: readonly { readonly view: string; readonly table: TableName }[];
  /**
   * An incremental product's folded batches older than this many days are removed: the table
   * holds them. In production the staging bucket's lifecycle rule does it (`FOLDED_BATCH_DAYS`).
   */
  readonly foldedRetentionDays?: number;
}

/** Where the pipeline runs. */
export interface PipelineEnv {
  /** The runner's session: the catalog attached as `warehouse`, S3 access when files live there. */
  readonly connection: DuckDBConnection;
  /** The product's staging root (a folder, or `s3://…/`); undefined when it has no raw records. */
  readonly staging?: string;
  /** A local folder of this product's own: emptied first. */
  readonly scratch: string;
  /** Statements the sandbox needs to read `staging` (S3 access). */
  readonly sandboxSetup: readonly string[];
  /** Replace the table and its projection in one transaction (a DuckDB catalog can; Iceberg commits per table). */
  readonly atomicLoad: boolean;
  /** Where SQL cannot create or evolve the product's own tables (an Iceberg REST catalog). */
  readonly ownTables?: OwnTables;
  /** DuckDB's memory limits for the transform's sandbox, tried in order (`memoryLimits()`). */
  readonly memoryLimits?: readonly string[];
  /** DuckDB's threads for the transform's sandbox (the pod's CPU). */
  readonly threads?: number;
  /** What to tell a user whose input table does not exist. */
  readonly missingInputHint: string;
  readonly progress: Progress;
  /** YYYY-MM-DD: the partition a raw file outside `ingest_date=` lands in. */
  readonly today: string;
  /** Removes staged files (a folder); undefined where a lifecycle rule expires them (a bucket). */
  readonly remove?: (files: readonly string[]) => void;
}

export interface IngestResult {
  /** Raw files staged by this run. */
  readonly files: number;
  /** Raw files whose batch was already staged (delivered again): skipped. */
  readonly duplicates: number;
  readonly rowsIn: number;
  readonly staged: number;
  readonly quarantined: number;
  /** Quarantined records by reason. */
  readonly reasons: Readonly<Record<string, number>>;
  /** The quarantine files this run wrote. */
  readonly quarantineFiles: readonly string[];
  /** Raw files that could not be read at all: left for the next run. */
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
}

export interface PipelineResult {
  readonly ingested: IngestResult;
  readonly rowsOut: number;
  /** The output's size in bytes, as the Parquet the load writes (0 when the run stopped before). */
  readonly bytesOut: number;
  /** Output contract rules the new table broke; the previous table was kept. */
  readonly failures: readonly RuleFailure[];
  readonly loaded: boolean;
  /** Each contract rule's and quality check's result, as the run's record holds them. */
  readonly checks: readonly CheckResult[];
  /** Checks of severity `warning` that failed, and a record the history could not take: one line each. */
  readonly warnings: readonly string[];
  readonly seconds: number;
  /** Of `seconds`, the time the transform, the contract checks and the load took. */
  readonly transformSeconds: number;
}
