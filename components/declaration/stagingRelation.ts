/**
 * The `staging` relation a transform reads, in DuckDB's dialect: built by this one function for
 * the runner (its staged batches and, for an incremental product, its current table) and for the
 * plan-time binder (`sqlBinding.ts`: no batch, no table, the same columns and types), so the two
 * cannot disagree on what the SQL sees.
 */
import { duckdbIdent, emptyStagingSql, literal, STAGING_PARTITION, stagingColumns } from "../contract/sql.js";
import type { Field } from "./schema.js";
import { duckdbType } from "./types.js";

export interface StagingParts {
  /** Staged batch files (Parquet, under `ingest_date=` folders); none gives the empty relation. */
  readonly batches?: readonly string[];
  /** An incremental product's current table, as a query: the SQL folds the new batches into it. */
  readonly previous?: string;
}

/**
 * The query `staging` stands for, over the raw record schema `raw`. The batches are read by name
 * (`union_by_name`: batches staged under an older raw schema still read), the partition column
 * typed as {@link stagingColumns} says rather than as DuckDB would guess it. An incremental
 * product's table is always combined with the batches, or with the empty relation when none is
 * new, so its SQL sees the same columns on every run.
 */
export function stagingSql(raw: Readonly<Record<string, Field>>, parts: StagingParts = {}): string {
  const partition = duckdbType(stagingColumns(raw)[STAGING_PARTITION]!);
  const batches =
    parts.batches && parts.batches.length > 0
      ? `SELECT * FROM read_parquet([${parts.batches.map(literal).join(", ")}], hive_partitioning = true, hive_types = {${literal(STAGING_PARTITION)}: ${partition}}, union_by_name = true)`
      : emptyStagingSql({ schema: raw }, { ident: duckdbIdent, type: duckdbType });
  return parts.previous === undefined
    ? batches
    : `SELECT * FROM ((${parts.previous}) UNION ALL BY NAME (${batches}))`;
}
