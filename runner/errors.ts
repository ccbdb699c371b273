/** What a run had staged before it stopped, for its summary. */
export interface StagedSoFar {
  readonly rowsIn: number;
  readonly staged: number;
  readonly quarantined: number;
}

/** The product's transform failed or its input cannot be read; the message says which and why. */
export class PipelineError extends Error {
  /** What the run had staged before it stopped (staged batches stay for the next run). */
  staged?: StagedSoFar;
  constructor(message: string) {
    super(message);
    this.name = "PipelineError";
  }
}

/** The product's SQL is not a transform (not one SELECT over its inputs): bad input, exit 2. */
export class TransformSqlError extends PipelineError {
  constructor(message: string) {
    super(message);
    this.name = "TransformSqlError";
  }
}

/** The first line of an error's message: DuckDB's later lines repeat the query or add a hint. */
export const firstLine = (e: unknown) => (e as Error).message.split("\n")[0] ?? "";
