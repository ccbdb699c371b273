/**
 * The product file (`--product`, `product.json` in the TransformJob's ConfigMap beside the SQL):
 * what the runner knows of the product besides its SQL — its contract, its raw records and whether
 * its transform is incremental. Written by the component from the product model, read and checked
 * by the runner; part of the runner protocol (`runnerProtocol.ts`).
 */
import { z } from "zod";
import type { Contract } from "../contract/contract.js";
import { ColumnLineageSchema, lockedLineage, type ProductLineage } from "../declaration/lineage.js";
import type { ProductModel, RawRecords } from "../declaration/productModel.js";
import {
  AccessSchema,
  FieldSchema,
  MAX_RECORD_BYTES_LIMIT,
  QualitySchema,
  UNKNOWN_FIELD_POLICIES,
} from "../declaration/schema.js";

/** The raw records of a product, as the extract stage checks them. */
export const RawRecordsSchema = z
  .object({
    schema: z.record(z.string(), FieldSchema),
    unknownFields: z.enum(UNKNOWN_FIELD_POLICIES),
    maxRecordBytes: z.int().min(1).max(MAX_RECORD_BYTES_LIMIT),
  })
  .strict();

/**
 * What the run's OpenLineage events say of the product's inputs and columns: the contract behind
 * each view the SQL reads (with the columns the product sees), and the column lineage the plan
 * derived from the SQL.
 */
export const RunnerLineageSchema = z
  .object({
    inputs: z.array(
      z
        .object({ view: z.string(), contract: z.string(), schema: z.record(z.string(), FieldSchema) })
        .strict(),
    ),
    columns: z.array(ColumnLineageSchema).optional(),
  })
  .strict();

/**
 * The product file (`--product`, `product.json` beside the SQL): the product's contract (what the
 * output is checked against), its raw records (what the extract stage checks; absent for a product
 * derived only from other products), whether its transform is incremental, and its lineage.
 */
export const RunnerProductFileSchema = z
  .object({
    contract: z
      .object({
        id: z.string().min(1),
        domain: z.string().min(1),
        product: z.string().min(1),
        version: z.string().regex(/^(0|[1-9]\d*)\.\d+\.\d+/, { error: "expected a semantic version" }),
        schema: z.record(z.string(), FieldSchema),
        quality: QualitySchema.default({}),
        access: AccessSchema.default({ pii: [] }),
      })
      // The platform writes the whole contract (description, owner, SLOs…); the runner needs these.
      .loose(),
    raw: RawRecordsSchema.optional(),
    incremental: z.boolean(),
    lineage: RunnerLineageSchema.optional(),
  })
  .strict();

/** What the runner needs of the contract; the file holds the whole contract. */
export type RunnerContract = Pick<
  Contract,
  "id" | "domain" | "product" | "version" | "schema" | "quality" | "access"
>;

/** The product file, as {@link RunnerProductFileSchema} reads it. */
export interface RunnerProductFile {
  readonly contract: RunnerContract;
  /** Absent for a product without ingestion (`ingestion: false`). */
  readonly raw?: RawRecords;
  /** `transform.incremental`: the SQL is re-applied to its own output plus the newly staged batches. */
  readonly incremental: boolean;
  /** For the run's OpenLineage events; absent in a file from an older platform. */
  readonly lineage?: {
    readonly inputs: readonly {
      readonly view: string;
      readonly contract: string;
      readonly schema: Readonly<Record<string, RawRecords["schema"][string]>>;
    }[];
    readonly columns?: ProductLineage;
  };
}

/** The product file in `data` (parsed JSON), or the zod error of its first problem. */
export function parseRunnerProductFile(
  data: unknown,
): { success: true; data: RunnerProductFile } | { success: false; error: z.ZodError } {
  return RunnerProductFileSchema.safeParse(data);
}

/** The product file of a product version, as the TransformJob writes it. */
export function runnerProductFile(
  model: Pick<ProductModel, "contract" | "raw" | "declaration"> &
    Partial<Pick<ProductModel, "inputs" | "lineage">>,
): RunnerProductFile {
  const raw: RawRecords | undefined = model.raw;
  return {
    contract: model.contract,
    ...(raw
      ? {
          raw: { schema: raw.schema, unknownFields: raw.unknownFields, maxRecordBytes: raw.maxRecordBytes },
        }
      : {}),
    incremental: model.declaration.transform.incremental,
    ...(model.inputs
      ? {
          lineage: {
            inputs: model.inputs.map((i) => ({ view: i.view, contract: i.id, schema: i.schema })),
            // Without positions in the SQL: the pod has nothing to point them into.
            ...(model.lineage ? { columns: lockedLineage(model.lineage) } : {}),
          },
        }
      : {}),
  };
}
