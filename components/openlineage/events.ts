/**
 * OpenLineage events of a product version's job: the run events a run emits (START, then COMPLETE
 * or FAIL) and the design-time job event `mesh plan` emits, so a catalog knows the mesh's jobs and
 * datasets before anything runs. The job is the product version (`<domain>.<product>.v<major>`) in
 * the mesh's namespace; its inputs are the tables it reads (and its raw records' staging), its
 * outputs the product's table and, for a product with PII, its PII-free projection.
 */

import type { Contract } from "../contract/contract.js";
import { odcsFileName } from "../contract/odcs/exportOdcs.js";
import type { ProductLineage } from "../declaration/lineage.js";
import { publishedError } from "../publishedError.js";
import {
  type Assertion,
  columnLineageFacet,
  type DatasetName,
  dataContractFacet,
  dataQualityAssertionsFacet,
  datasetOwnershipFacet,
  errorMessageFacet,
  jobOwnershipFacet,
  jobTypeFacet,
  outputStatisticsFacet,
  schemaFacet,
  sqlFacet,
} from "./facets.js";
import { EVENT_SCHEMA_URL, PRODUCER } from "./producer.js";

export type { Assertion, DatasetName } from "./facets.js";

/** What the events say of a product version's job, whichever engine and catalog run it. */
export interface LineageJob {
  /** The mesh: the job namespace every product version's job is in. */
  readonly namespace: string;
  readonly contract: Pick<Contract, "id" | "domain" | "product" | "version" | "schema"> & {
    /** The owning domain's team (a product file from an older platform may lack it). */
    readonly owner?: Contract["owner"];
  };
  readonly sql: string;
  /** The engine: `DUCKDB` or `SPARK`. */
  readonly integration: string;
  readonly output: DatasetName;
  /** The PII-free projection, with the columns it keeps. */
  readonly redacted?: { readonly dataset: DatasetName; readonly schema: Contract["schema"] };
  /** What the SQL reads: a contract id, or `staging` (the raw records), and its dataset. */
  readonly inputs: readonly {
    readonly input: string;
    readonly dataset: DatasetName;
    readonly schema?: Contract["schema"];
  }[];
  /** Where each output column comes from, when the plan derived it. */
  readonly lineage?: ProductLineage;
}

export type OpenLineageEvent = Record<string, unknown> & { readonly eventTime: string };

const jobOf = (job: LineageJob) => ({
  namespace: job.namespace,
  name: job.contract.id,
  facets: {
    jobType: jobTypeFacet(job.integration),
    sql: sqlFacet(job.sql, job.integration === "SPARK" ? "spark" : "duckdb"),
    ...(job.contract.owner ? { ownership: jobOwnershipFacet(job.contract.owner) } : {}),
  },
});

const inputsOf = (job: LineageJob) =>
  job.inputs.map((i) => ({
    ...i.dataset,
    ...(i.schema ? { facets: { schema: schemaFacet(i.schema) } } : {}),
  }));

/** The outputs, with what a run adds to the product's table (assertions, statistics). */
function outputsOf(
  job: LineageJob,
  run?: { readonly assertions?: readonly Assertion[]; readonly rows?: number; readonly bytes?: number },
) {
  const byInput = new Map(job.inputs.map((i) => [i.input, i.dataset]));
  const table = {
    ...job.output,
    facets: {
      schema: schemaFacet(job.contract.schema),
      ...(job.contract.owner ? { ownership: datasetOwnershipFacet(job.contract.owner) } : {}),
      dataContract: dataContractFacet(job.contract, odcsFileName(job.contract)),
      ...(job.lineage ? { columnLineage: columnLineageFacet(job.lineage, (i) => byInput.get(i)) } : {}),
      ...(run?.assertions ? { dataQualityAssertions: dataQualityAssertionsFacet(run.assertions) } : {}),
    },
    ...(run?.rows !== undefined
      ? { outputFacets: { outputStatistics: outputStatisticsFacet(run.rows, run.bytes) } }
      : {}),
  };
  if (!job.redacted) return [table];
  const projection = {
    ...job.redacted.dataset,
    facets: {
      schema: schemaFacet(job.redacted.schema),
      ...(job.contract.owner ? { ownership: datasetOwnershipFacet(job.contract.owner) } : {}),
      // The projection is published under the product's contract too: its columns are the non-PII ones.
      dataContract: dataContractFacet(job.contract, odcsFileName(job.contract)),
    },
    ...(run?.rows !== undefined
      ? { outputFacets: { outputStatistics: outputStatisticsFacet(run.rows) } }
      : {}),
  };
  return [table, projection];
}

const base = (kind: "RunEvent" | "JobEvent", time: Date) => ({
  eventTime: time.toISOString(),
  producer: PRODUCER,
  schemaURL: `${EVENT_SCHEMA_URL}#/$defs/${kind}`,
});

/** What a run's end reports. */
export type RunOutcome =
  | {
      readonly state: "COMPLETE";
      readonly rows: number;
      /** Bytes written to the product's table (not its projection, whose columns are fewer). */
      readonly bytes?: number;
      readonly assertions: readonly Assertion[];
    }
  | { readonly state: "FAIL"; readonly message: string; readonly assertions?: readonly Assertion[] };

/** The START event of a run. */
export const startEvent = (job: LineageJob, runId: string, time: Date): OpenLineageEvent => ({
  ...base("RunEvent", time),
  eventType: "START",
  run: { runId },
  job: jobOf(job),
  inputs: inputsOf(job),
  outputs: outputsOf(job),
});

/**
 * The COMPLETE or FAIL event ending a run: every contract rule as an assertion on the product's
 * table; on COMPLETE the rows written, on FAIL the error (a broken contract loads nothing).
 */
export const endEvent = (
  job: LineageJob,
  runId: string,
  time: Date,
  outcome: RunOutcome,
): OpenLineageEvent => ({
  ...base("RunEvent", time),
  eventType: outcome.state,
  run: {
    runId,
    ...(outcome.state === "FAIL"
      ? { facets: { errorMessage: errorMessageFacet(publishedError(outcome.message)) } }
      : {}),
  },
  job: jobOf(job),
  inputs: inputsOf(job),
  outputs: outputsOf(
    job,
    outcome.state === "COMPLETE"
      ? {
          assertions: outcome.assertions,
          rows: outcome.rows,
          ...(outcome.bytes !== undefined ? { bytes: outcome.bytes } : {}),
        }
      : outcome.assertions
        ? { assertions: outcome.assertions }
        : undefined,
  ),
});

/** The design-time event of a product version's job: no run, its inputs and outputs as declared. */
export const jobEvent = (job: LineageJob, time: Date): OpenLineageEvent => ({
  ...base("JobEvent", time),
  job: jobOf(job),
  inputs: inputsOf(job),
  outputs: outputsOf(job),
});
