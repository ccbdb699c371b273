/**
 * The OpenLineage job of a product version as the pipeline core runs it: its tables named in the
 * catalog the run attaches, its staging, its column lineage (from the plan). One builder for `mesh
 * run` and `mesh transform`: only where the tables are differs.
 */
import type { Contract } from "../../components/contract/contract.js";
import { type ProductLineage, STAGING_INPUT } from "../../components/declaration/lineage.js";
import type { LineageJob } from "../../components/openlineage/events.js";
import type { WarehouseCatalog } from "../catalog.js";
import { loadTargets, type PipelineProduct } from "../core.js";
import { stagingDataset, tableDataset } from "./naming.js";

export interface LineageSite {
  /** The mesh: the job namespace. */
  readonly namespace: string;
  readonly catalog: WarehouseCatalog;
  /** The AWS region, for Glue table names. */
  readonly region?: string;
  /** The product's staging, when it ingests raw records. */
  readonly staging?: string;
  /** `DUCKDB` or `SPARK`. */
  readonly integration: string;
}

export interface LineageOfProduct {
  /** The contract behind each input view (`<domain>__<product>`), and the columns the product sees. */
  readonly inputs: readonly {
    readonly view: string;
    readonly contract: string;
    readonly schema?: Contract["schema"];
  }[];
  /** Where each output column comes from, when known. */
  readonly columns?: ProductLineage;
}

export function lineageJob(
  product: PipelineProduct,
  site: LineageSite,
  lineage: LineageOfProduct,
): LineageJob {
  const dataset = (table: PipelineProduct["table"]) => tableDataset(site.catalog, table, site.region);
  const [, projection] = loadTargets(product);
  const inputOf = new Map(lineage.inputs.map((i) => [i.view, i]));
  return {
    namespace: site.namespace,
    contract: product.contract,
    sql: product.sql,
    integration: site.integration,
    output: dataset(product.table),
    ...(projection ? { redacted: { dataset: dataset(projection.table), schema: projection.columns } } : {}),
    inputs: [
      ...(product.raw && site.staging
        ? [{ input: STAGING_INPUT, dataset: stagingDataset(site.staging), schema: product.raw.schema }]
        : []),
      ...product.inputs.map((i) => {
        const known = inputOf.get(i.view);
        return {
          input: known?.contract ?? i.view,
          dataset: dataset(i.table),
          ...(known?.schema ? { schema: known.schema } : {}),
        };
      }),
    ],
    ...(lineage.columns ? { lineage: lineage.columns } : {}),
  };
}
