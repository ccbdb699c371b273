/**
 * The run history's table: one row per {@link RunRecord}. One definition for the runner that creates
 * and appends to it (runner/runHistory.ts) and for the stack that creates it in Glue beside the
 * product's table (DataProduct.ts).
 */
import type { Field } from "../declaration/schema.js";
import type { RunRecord } from "./runRecord.js";

const column = (type: Field["type"], description: string): Field => ({
  type,
  description,
  required: false,
  pii: false,
  unique: false,
});

/** The history table's columns, in their order: one per field of {@link RunRecord}. */
export const HISTORY_COLUMNS: Readonly<Record<string, Field>> = {
  run_id: column("string", "Unique per run of a product version."),
  product: column("string", "The product version, <domain>.<product>.v<major>."),
  version: column("string", "The declared semantic version at the run."),
  started_at: column("timestamp", "When the run started (UTC)."),
  ended_at: column("timestamp", "When the run ended (UTC)."),
  outcome: column("string", "succeeded or failed."),
  error: column("string", "Why the run failed, one line."),
  rows_in: column("bigint", "Raw records read by the run."),
  quarantined: column("string", "Records quarantined by reason (JSON object)."),
  rows_out: column("bigint", "Rows of the table the run produced."),
  checks: column("string", "Each contract rule's and history check's result (JSON array)."),
  freshness_at_load_seconds: column("double", "Age in seconds of the newest data at load."),
};
