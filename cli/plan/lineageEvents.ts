/**
 * `mesh plan --lineage-out FILE`: the mesh's design-time lineage as OpenLineage job events (spec
 * 2-0-2's JobEvent: a job, its inputs and outputs, no run), one per product version a planned stack
 * deploys, named as that environment's runs will name them: the job in the environment's mesh
 * (`<namePrefix>-<environment>`), the tables in its warehouse catalog, the raw records in the
 * version's staging bucket. A catalog then knows the mesh's jobs and datasets before anything runs.
 */
import { piiFields } from "../../components/contract/contract.js";
import type { ProductModel } from "../../components/declaration/productModel.js";
import {
  type Environment,
  glueDatabaseName,
  glueTableName,
  historyTableName,
  redactedTableName,
  stagingBucketName,
  stagingPrefix,
} from "../../components/naming.js";
import { jobEvent, type OpenLineageEvent } from "../../components/openlineage/events.js";
import { meshNamespace } from "../../components/openlineage/namespace.js";
import type { PlatformSettings } from "../../components/platform.js";
import type { WarehouseCatalog } from "../../runner/catalog.js";
import { lineageJob } from "../../runner/lineage/jobs.js";

const catalogOf = (platform: PlatformSettings): WarehouseCatalog =>
  platform.warehouse.catalog.type === "glue"
    ? { kind: "glue", accountId: platform.accountId }
    : {
        kind: "rest",
        uri: platform.warehouse.catalog.uri.replace(/\/+$/, ""),
        ...(platform.warehouse.catalog.warehouse ? { warehouse: platform.warehouse.catalog.warehouse } : {}),
      };

/** The design-time event of each product version of `domain` in `environment`. */
export function designTimeEvents(
  products: readonly ProductModel[],
  domain: string,
  environment: Environment,
  platform: PlatformSettings,
  time: Date,
): OpenLineageEvent[] {
  return products
    .filter((model) => model.ref.domain === domain)
    .map((model) => {
      const table = (ref: ProductModel["ref"], redacted: boolean) => ({
        database: glueDatabaseName(environment, ref.domain),
        table: redacted ? redactedTableName(ref) : glueTableName(ref),
      });
      // The product as the environment's runner is given it (DataProduct.ts): its tables there.
      const product = {
        contract: model.contract,
        ...(model.raw ? { raw: model.raw } : {}),
        incremental: model.declaration.transform.incremental,
        sql: model.sql,
        sqlSource: model.sqlSource,
        table: table(model.ref, false),
        history: {
          database: glueDatabaseName(environment, model.ref.domain),
          table: historyTableName(model.ref),
        },
        ...(piiFields(model.contract).length > 0 ? { redactedTable: table(model.ref, true) } : {}),
        inputs: model.inputs.map((i) => ({ view: i.view, table: table(i.ref, i.redacted) })),
      };
      const job = lineageJob(
        product,
        {
          namespace: meshNamespace(platform.namePrefix, environment),
          catalog: catalogOf(platform),
          region: platform.region,
          ...(model.raw
            ? {
                staging: `s3://${stagingBucketName(platform.namePrefix, environment, model.ref)}/${stagingPrefix(model.ref)}`,
              }
            : {}),
          integration: model.declaration.transform.engine === "spark" ? "SPARK" : "DUCKDB",
        },
        {
          inputs: model.inputs.map((i) => ({ view: i.view, contract: i.id, schema: i.schema })),
          ...(model.lineage ? { columns: model.lineage } : {}),
        },
      );
      return jobEvent(job, time);
    });
}
