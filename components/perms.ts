/**
 * IAM action lists, named by intent, and the statement builders that scope them. Every grant the
 * platform makes is built here, so least privilege can be read (and reviewed) in one file.
 */

export const S3_READ_OBJECTS = ["s3:GetObject"] as const;
export const S3_WRITE_OBJECTS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
] as const;
/**
 * Adding objects and nothing else: no read, list or delete. S3 authorises a multipart upload's
 * create, upload-part and complete calls as `s3:PutObject`; aborting one is its own action.
 */
export const S3_PUT_OBJECTS = ["s3:PutObject", "s3:AbortMultipartUpload"] as const;
export const S3_LIST = ["s3:ListBucket"] as const;
/** Glue's Iceberg REST endpoint also authorises `glue:GetCatalog` (its `config` and `loadTable` calls). */
export const GLUE_READ_TABLE = ["glue:GetCatalog", "glue:GetDatabase", "glue:GetTable"] as const;
export const GLUE_UPDATE_TABLE = [...GLUE_READ_TABLE, "glue:UpdateTable"] as const;
export const KMS_DECRYPT = ["kms:Decrypt"] as const;
/** Lake Formation permissions on a table a transform reads. */
export const LF_READ_TABLE = ["SELECT", "DESCRIBE"] as const;
/**
 * Lake Formation permissions on a table a transform writes: replacing its rows is a DELETE and an
 * INSERT in one Iceberg commit, which updates the table's metadata location (ALTER).
 */
export const LF_WRITE_TABLE = ["SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER"] as const;
/**
 * Writing under SSE-KMS needs `kms:GenerateDataKey`; a multipart upload also needs `kms:Decrypt`
 * (S3 decrypts the data key to encrypt each further part).
 */
export const KMS_ENCRYPT_DECRYPT = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Statement[];
}

export const policyDocument = (...statements: Statement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

export interface PrefixLocation {
  readonly partition: string;
  readonly bucket: string;
  /** Key prefix ending in `/`. */
  readonly prefix: string;
}

/** Object actions on the keys under a prefix, and nothing else (not even listing it). */
export function prefixObjectsStatement(
  sid: string,
  loc: PrefixLocation,
  objectActions: readonly string[],
): Statement {
  return {
    Sid: `${sid}Objects`,
    Effect: "Allow",
    Action: objectActions,
    Resource: `arn:${loc.partition}:s3:::${loc.bucket}/${loc.prefix}*`,
  };
}

/** Object actions on the keys under a prefix, plus listing that prefix (and nothing else). */
export function prefixStatements(
  sid: string,
  loc: PrefixLocation,
  objectActions: readonly string[],
): Statement[] {
  const bucketArn = `arn:${loc.partition}:s3:::${loc.bucket}`;
  return [
    prefixObjectsStatement(sid, loc, objectActions),
    {
      Sid: `${sid}List`,
      Effect: "Allow",
      Action: S3_LIST,
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": [loc.prefix, `${loc.prefix}*`] } },
    },
  ];
}

export interface GlueTableLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly database: string;
  readonly table: string;
}

/** Glue actions on one table (Glue authorises against the catalog, database and table ARNs). */
export function glueTableStatement(
  sid: string,
  loc: GlueTableLocation,
  actions: readonly string[],
): Statement {
  const base = `arn:${loc.partition}:glue:${loc.region}:${loc.accountId}`;
  return {
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: [
      `${base}:catalog`,
      `${base}:database/${loc.database}`,
      `${base}:table/${loc.database}/${loc.table}`,
    ],
  };
}

/** Trust policy letting exactly one Kubernetes service account assume a role through IRSA. */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  oidcIssuer: string,
  namespace: string,
  serviceAccount: string,
) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/**
 * Trust policy letting exactly one IAM role assume a role (`sts:AssumeRole`), and only when it
 * presents `externalId`: a workload that assumes roles for many tenants (a Kafka Connect cluster
 * running every product's connector) names the one it acts for, so a connector given another
 * product's role ARN by mistake is refused. The ID is not a secret: whoever may configure the
 * workload could present any tenant's. The trusted role's own policy must allow `sts:AssumeRole`
 * on this role too (required across accounts; the platform grants it on its ingest roles).
 */
export function roleTrustPolicy(trustedRoleArn: string, externalId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: trustedRoleArn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
      },
    ],
  };
}
