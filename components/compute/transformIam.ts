/** A transform's IAM role and its policies, built from names known at preview (see components/dataKey.ts). */
import { aliasedKeyStatement } from "../dataKey.js";
import { iamRoleName, transformServiceAccountName } from "../naming.js";
import {
  GLUE_READ_TABLE,
  GLUE_UPDATE_TABLE,
  glueTableStatement,
  irsaTrustPolicy,
  KMS_ENCRYPT_DECRYPT,
  policyDocument,
  prefixStatements,
  S3_PUT_OBJECTS,
  S3_READ_OBJECTS,
  S3_WRITE_OBJECTS,
} from "../perms.js";
import type { TransformJobArgs } from "./transformJobArgs.js";

/**
 * The role's own settings: its name, the IRSA trust of the product's service account in its
 * namespace, one-hour sessions.
 */
export function transformRoleSettings(args: TransformJobArgs) {
  return {
    name: iamRoleName(args.namePrefix, args.environment, args.product),
    description: `Transform of ${args.product.domain}/${args.product.product} v${args.product.major}`,
    assumeRolePolicy: JSON.stringify(
      irsaTrustPolicy(
        args.identity.oidcProviderArn,
        args.identity.oidcIssuer,
        args.namespaceName,
        transformServiceAccountName(args.product),
      ),
    ),
    maxSessionDuration: 3600,
  };
}

/**
 * The least-privilege policy of a transform: read its staging prefix (the sink's raw files and the
 * staged batches), stage batches, quarantine records and keep its ledger there (never overwrite a
 * raw file), write
 * its table, and read each declared input's table (the PII-free projection where it is not
 * admitted). It is built from known names only, so governance rules can check it at preview, and it
 * names other stacks' tables but no resource of theirs that must exist: stacks deploy in any order.
 */
export function transformPolicy(args: TransformJobArgs) {
  const { partition, region, accountId } = args.aws;
  const { redacted } = args.warehouse;
  const { staging } = args;
  // Glue's permissions only where Glue is the catalog: a REST catalog authorizes by itself.
  const glue = (args.catalog?.type ?? "glue") === "glue";
  const glueTable = (...statement: Parameters<typeof glueTableStatement>) =>
    glue ? [glueTableStatement(...statement)] : [];
  const stagingArn = staging && `arn:${partition}:s3:::${staging.bucket}/${staging.prefix}`;
  return policyDocument(
    // A product without ingestion has no staging: nothing of it to read or write.
    ...(staging
      ? [
          ...prefixStatements(
            "ReadStaging",
            { partition, bucket: staging.bucket, prefix: staging.prefix },
            S3_READ_OBJECTS,
          ),
          {
            Sid: "StageBatches",
            Effect: "Allow" as const,
            Action: S3_PUT_OBJECTS,
            // Staged batches, the quarantine, and the ledger of what was staged and folded.
            Resource: [`${stagingArn}ingest_date=*`, `${stagingArn}quarantine/*`, `${stagingArn}state/*`],
          },
        ]
      : []),
    ...prefixStatements(
      "WriteWarehouse",
      { partition, bucket: args.warehouse.bucket, prefix: args.warehouse.prefix },
      S3_WRITE_OBJECTS,
    ),
    ...glueTable(
      "UpdateOwnTable",
      { partition, region, accountId, database: args.warehouse.database, table: args.warehouse.table },
      GLUE_UPDATE_TABLE,
    ),
    ...(redacted
      ? [
          ...prefixStatements(
            "WriteRedacted",
            { partition, bucket: args.warehouse.bucket, prefix: redacted.prefix },
            S3_WRITE_OBJECTS,
          ),
          ...glueTable(
            "UpdateOwnRedactedTable",
            { partition, region, accountId, database: args.warehouse.database, table: redacted.table },
            GLUE_UPDATE_TABLE,
          ),
        ]
      : []),
    // Its run history: one record appended per run, an Iceberg commit like the table's.
    ...prefixStatements(
      "WriteHistory",
      { partition, bucket: args.warehouse.bucket, prefix: args.warehouse.history.prefix },
      S3_WRITE_OBJECTS,
    ),
    ...glueTable(
      "UpdateOwnHistoryTable",
      {
        partition,
        region,
        accountId,
        database: args.warehouse.database,
        table: args.warehouse.history.table,
      },
      GLUE_UPDATE_TABLE,
    ),
    ...(args.reads ?? []).flatMap((read, i) => {
      const [database, table] = read.table.split(".") as [string, string];
      return [
        ...glueTable(
          `ReadInput${i}Table`,
          { partition, region, accountId, database, table },
          GLUE_READ_TABLE,
        ),
        ...prefixStatements(
          `ReadInput${i}`,
          { partition, bucket: args.warehouse.bucket, prefix: read.prefix },
          S3_READ_OBJECTS,
        ),
      ];
    }),
  );
}

/**
 * Use of the keys that encrypt staging and warehouse data: the domain's data key by its alias (its
 * ARN exists only after the key does; none without staging), the warehouse key by its configured
 * ARN. Both are known at preview, so governance rules check this document before anything is created.
 */
export function dataKeyPolicy(args: TransformJobArgs) {
  return policyDocument(
    ...(args.staging
      ? [
          aliasedKeyStatement(
            "UseStagingKey",
            { ...args.aws, alias: args.staging.kmsKeyAlias },
            KMS_ENCRYPT_DECRYPT,
          ),
        ]
      : []),
    {
      Sid: "UseWarehouseKey",
      Effect: "Allow",
      Action: KMS_ENCRYPT_DECRYPT,
      Resource: args.warehouse.kmsKeyArn,
    },
  );
}
