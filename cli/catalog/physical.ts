/**
 * Physical names of a product version per environment its domain has a stack for: what an engineer
 * types to find the data. A product with PII also has its PII-free projection (the table consumers
 * not admitted to the PII read), listed beside the table so nobody looks for it elsewhere.
 */
import { productRef } from "../../components/contract/contract.js";
import type { DataProduct, DomainDeclaration } from "../../components/declaration/schema.js";
import {
  deadLetterTopicName,
  ENVIRONMENTS,
  glueDatabaseName,
  glueTableName,
  kafkaTopicName,
  redactedTableName,
  redactedWarehousePrefix,
  warehousePrefix,
} from "../../components/naming.js";

/** Where one domain is deployed: read from a stack file. */
export interface StackTarget {
  readonly domain: string;
  readonly environment: string;
  /** The shared warehouse bucket, from `platform.yaml` for the stack's environment. */
  readonly warehouseBucket?: string;
}

export interface PhysicalNames {
  /** An environment, or `<env>` when no stack of the domain is known. */
  readonly environment: string;
  /** Unset for a product derived only from other products (`ingestion: false`): it has no topic. */
  readonly topic?: string;
  readonly deadLetterTopic?: string;
  /** `<glue database>.<glue table>`. */
  readonly glueTable: string;
  /** `s3://<warehouse>/<domain>/<product>/v<major>/`. */
  readonly location: string;
  /** The PII-free projection, for a product with PII: `<database>.<table>_redacted` and its prefix. */
  readonly projection?: { readonly glueTable: string; readonly location: string };
}

const environmentRank = (env: string) => {
  const i = (ENVIRONMENTS as readonly string[]).indexOf(env);
  return i === -1 ? ENVIRONMENTS.length : i;
};

export function physicalNames(
  domain: Pick<DomainDeclaration, "name">,
  product: DataProduct,
  stacks: readonly StackTarget[],
  options: { readonly topic: boolean; readonly pii: boolean },
): PhysicalNames[] {
  const ref = productRef(domain, product);
  const names = (environment: string, bucket: string): PhysicalNames => {
    const database = glueDatabaseName(environment, domain.name);
    return {
      environment,
      ...(options.topic ? { topic: kafkaTopicName(ref), deadLetterTopic: deadLetterTopicName(ref) } : {}),
      glueTable: `${database}.${glueTableName(ref)}`,
      location: `s3://${bucket}/${warehousePrefix(ref)}`,
      ...(options.pii
        ? {
            projection: {
              glueTable: `${database}.${redactedTableName(ref)}`,
              location: `s3://${bucket}/${redactedWarehousePrefix(ref)}`,
            },
          }
        : {}),
    };
  };
  const own = stacks
    .filter((s) => s.domain === domain.name)
    .sort(
      (a, b) =>
        environmentRank(a.environment) - environmentRank(b.environment) ||
        a.environment.localeCompare(b.environment),
    );
  if (own.length === 0) return [names("<env>", "<warehouse>")];
  return own.map((s) => names(s.environment, s.warehouseBucket ?? "<warehouse>"));
}

/**
 * The deployment targets of stack files: domain and environment from the stack name, the warehouse
 * from the platform settings of that environment (`platform.yaml`), when it has any.
 */
export function stackTargets(
  stacks: readonly { readonly domain: string; readonly environment: string }[],
  platform: Partial<Record<string, { readonly warehouse: { readonly bucket: string } }>> = {},
): StackTarget[] {
  return stacks.map(({ domain, environment }) => {
    const bucket = platform[environment]?.warehouse.bucket;
    return { domain, environment, ...(bucket !== undefined ? { warehouseBucket: bucket } : {}) };
  });
}
