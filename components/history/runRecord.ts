/**
 * One run of one product version, as the run history keeps it (issue 14, item 4). The runner
 * appends one record per product run; `mesh status`, the catalog and the history checks read them.
 * The shape is the interface between those parts: the runner's history store writes it, the rest
 * only read it.
 */

/** One contract rule or history check as a run evaluated it. */
export interface CheckResult {
  /** The rule: `rowCount`, `required:customer_id`, `volumeChange`, `nullValues:email`, … */
  readonly rule: string;
  readonly passed: boolean;
  /** What the run measured (rows, nulls, the change in percent …), when the rule measures one. */
  readonly observed?: number;
  /** What the contract asks, readably: `>= 1`, `within 30 % of the median of the last 7 runs`. */
  readonly expected?: string;
}

export type RunOutcome = "succeeded" | "failed";

export interface RunRecord {
  /** Unique per run of a product version. */
  readonly runId: string;
  /** The product version's id, `<domain>.<product>.v<major>` (ProductModel.id). */
  readonly product: string;
  /** The declared semantic version at the run. */
  readonly version: string;
  /** ISO 8601, UTC. */
  readonly startedAt: string;
  readonly endedAt: string;
  /** `failed`: the run stopped, or the new table broke the contract and the previous one was kept. */
  readonly outcome: RunOutcome;
  /** Why it failed, one line. */
  readonly error?: string;
  /** Raw records read by this run. */
  readonly rowsIn: number;
  /** Records quarantined by this run, by reason. */
  readonly quarantined: Readonly<Record<string, number>>;
  /** Rows of the product's table after the run (of the new table, when it was refused). */
  readonly rowsOut: number;
  /** Each contract rule's and history check's result. */
  readonly checks: readonly CheckResult[];
  /** Age in seconds of the newest data at load, when the product's data says (absent otherwise). */
  readonly freshnessAtLoadSeconds?: number;
}
