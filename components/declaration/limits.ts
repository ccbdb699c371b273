/** Checks that every physical name a declaration implies fits the limit of the system it lands in. */
import {
  connectConsumerGroupName,
  consumerGroupName,
  cronJobName,
  deadLetterTopicName,
  ENVIRONMENTS,
  glueDatabaseName,
  glueTableName,
  iamRoleName,
  ingestRoleName,
  NAME_LIMITS,
  type ProductRef,
  stagingBucketName,
  stagingConnectorName,
  transformServiceAccountName,
} from "../naming.js";
import type { DeclarationProblem } from "./errors.js";
import { type DomainDeclaration, majorOf } from "./schema.js";

export interface NamingContext {
  /** Prefix of bucket and role names, e.g. the organisation. @default "mesh" */
  readonly namePrefix?: string;
  /** Environments to check; names are checked for each. @default every environment */
  readonly environments?: readonly string[];
}

export const DEFAULT_NAME_PREFIX = "mesh";

interface NamedResource {
  readonly kind: string;
  readonly limit: number;
  readonly name: string;
}

function namesOf(
  ref: ProductRef,
  prefix: string,
  env: string,
  consumers: readonly string[],
): NamedResource[] {
  return [
    { kind: "S3 bucket", limit: NAME_LIMITS.s3Bucket, name: stagingBucketName(prefix, env, ref) },
    { kind: "Kafka topic", limit: NAME_LIMITS.kafkaTopic, name: deadLetterTopicName(ref) },
    ...consumers.map((c) => ({
      kind: "Kafka consumer group",
      limit: NAME_LIMITS.kafkaTopic,
      name: consumerGroupName(c, ref),
    })),
    { kind: "Glue database", limit: NAME_LIMITS.glue, name: glueDatabaseName(env, ref.domain) },
    { kind: "Glue table", limit: NAME_LIMITS.glue, name: glueTableName(ref) },
    { kind: "Kubernetes CronJob", limit: NAME_LIMITS.kubernetesCronJob, name: cronJobName(ref) },
    {
      kind: "Kubernetes ServiceAccount",
      limit: NAME_LIMITS.kubernetes,
      name: transformServiceAccountName(ref),
    },
    { kind: "IAM role", limit: NAME_LIMITS.iamRole, name: iamRoleName(prefix, env, ref) },
    // The staging sink's role is the transform's name plus `-ingest`, so it is the first to overflow.
    { kind: "IAM role", limit: NAME_LIMITS.iamRole, name: ingestRoleName(prefix, env, ref) },
    { kind: "Kafka connector", limit: NAME_LIMITS.kubernetes, name: stagingConnectorName(ref) },
    {
      kind: "Kafka consumer group",
      limit: NAME_LIMITS.kafkaTopic,
      name: connectConsumerGroupName(stagingConnectorName(ref)),
    },
  ];
}

/**
 * Problems for every name over its limit, reported on the product's `name` so the team knows what
 * to shorten. `consumersOf` lists the domains consuming each product (their group names count too).
 */
export function nameLimitProblems(
  domain: DomainDeclaration,
  context: NamingContext = {},
  consumersOf: (product: string) => readonly string[] = () => [],
): DeclarationProblem[] {
  const prefix = context.namePrefix ?? DEFAULT_NAME_PREFIX;
  const environments = context.environments ?? ENVIRONMENTS;
  const problems: DeclarationProblem[] = [];
  domain.dataProducts.forEach((product, i) => {
    const ref = { domain: domain.name, product: product.name, major: majorOf(product) };
    const reported = new Set<string>();
    for (const env of environments) {
      for (const { kind, limit, name } of namesOf(ref, prefix, env, consumersOf(product.name))) {
        if (name.length <= limit || reported.has(kind)) continue;
        reported.add(kind);
        problems.push({
          path: `dataProducts[${i}].name`,
          message: `${kind} name "${name}" is ${name.length} characters, over the limit of ${limit}; shorten the domain or product name`,
        });
      }
    }
  });
  return problems;
}
