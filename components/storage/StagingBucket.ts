import * as pulumi from "@pulumi/pulumi";
import * as aws from "../aws.js";
import { type RemovalPolicy, removalOptions } from "../governance.js";
import { NAME_LIMITS } from "../naming.js";

export interface StagingBucketArgs {
  /** Globally unique bucket name (see `stagingBucketName`). */
  readonly bucketName: string;
  /** KMS key that encrypts every object (SSE-KMS with an S3 bucket key). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Days raw objects are kept before they expire. */
  readonly retentionDays: number;
  /**
   * Key prefixes of the raw objects that expire after `retentionDays` (each ending in `/`). Objects
   * elsewhere, such as the staged batches a table is rebuilt from, are kept; only their overwritten
   * versions expire. @default every object expires
   */
  readonly rawPrefixes?: readonly string[];
  /**
   * Staged batches that expire too, after `days`: those of an incremental product, whose table
   * already holds them (`prefix` is the key prefix of the batches, e.g. `v1/ingest_date=`).
   */
  readonly expiringBatches?: { readonly prefix: string; readonly days: number };
  /** Governance tags, applied to the bucket. */
  readonly tags: Record<string, string>;
  /** AWS partition of the account (`aws`, `aws-cn`, `aws-us-gov`). @default "aws" */
  readonly partition?: string;
  /** @default "retain" */
  readonly removalPolicy?: RemovalPolicy;
}

/** Days after which an unfinished multipart upload is aborted (it holds storage invisibly). */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 1;

export function validateStagingBucketArgs(args: StagingBucketArgs): void {
  if (
    !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(args.bucketName) ||
    args.bucketName.length > NAME_LIMITS.s3Bucket
  ) {
    throw new Error(
      `\`bucketName\` "${args.bucketName}" is not a valid S3 bucket name (3-63 lowercase letters, digits, hyphens)`,
    );
  }
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1) {
    throw new Error(`\`retentionDays\` must be a positive whole number, got ${args.retentionDays}`);
  }
  const batches = args.expiringBatches;
  if (
    batches &&
    (!/^[A-Za-z0-9!_.'()=/-]+$/.test(batches.prefix) || !Number.isInteger(batches.days) || batches.days < 1)
  ) {
    throw new Error(
      `\`expiringBatches\`: expected a key prefix and a positive whole number of days, got "${batches.prefix}", ${batches.days}`,
    );
  }
  for (const prefix of args.rawPrefixes ?? []) {
    if (!/^[A-Za-z0-9!_.'()=-]+(\/[A-Za-z0-9!_.'()=-]+)*\/$/.test(prefix)) {
      throw new Error(`\`rawPrefixes\`: "${prefix}" must be a key prefix ending in "/"`);
    }
  }
}

/**
 * The lifecycle rules: raw objects expire after the retention (under `rawPrefixes`, or all of
 * them), overwritten versions of the others too, and unfinished uploads are aborted.
 */
export function lifecycleRules(
  retentionDays: number,
  rawPrefixes?: readonly string[],
  expiringBatches?: StagingBucketArgs["expiringBatches"],
) {
  const abort = { abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS } };
  if (rawPrefixes === undefined) {
    return [
      {
        id: "expire-raw-records",
        status: "Enabled",
        filter: {},
        expiration: { days: retentionDays },
        noncurrentVersionExpiration: { noncurrentDays: retentionDays },
        ...abort,
      },
    ];
  }
  return [
    ...rawPrefixes.map((prefix) => ({
      id: `expire-raw-${prefix.replace(/\/$/, "").replace(/[^A-Za-z0-9-]+/g, "-")}`,
      status: "Enabled",
      filter: { prefix },
      expiration: { days: retentionDays },
    })),
    ...(expiringBatches
      ? [
          {
            id: "expire-folded-batches",
            status: "Enabled",
            filter: { prefix: expiringBatches.prefix },
            expiration: { days: expiringBatches.days },
          },
        ]
      : []),
    {
      id: "expire-overwritten-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: retentionDays },
      ...abort,
    },
  ];
}

/** Bucket policy statement that refuses any request not made over TLS. */
export function denyInsecureTransport(bucketArn: string) {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * Where raw records land from the ingestion topic. Security is fixed, not optional: all public
 * access blocked, ACLs disabled (BucketOwnerEnforced), SSE-KMS with a bucket key, versioning,
 * TLS-only access, and a lifecycle that expires raw data after the retention.
 */
export class StagingBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: StagingBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:storage:StagingBucket", name, {}, opts);
    validateStagingBucketArgs(args);
    // Siblings reference the bucket by `bucket.bucket` (its name, known at preview) rather than
    // `bucket.id` (unknown until created), so governance rules can pair them at preview.
    const child = { parent: this };
    const arn = `arn:${args.partition ?? "aws"}:s3:::${args.bucketName}`;

    const bucket = new aws.s3.Bucket(
      name,
      { bucket: args.bucketName, forceDestroy: args.removalPolicy === "destroy", tags: args.tags },
      { ...child, ...removalOptions(args.removalPolicy) },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucket.bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
            bucketKeyEnabled: true,
          },
        ],
      },
      child,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.bucket,
        rules: lifecycleRules(args.retentionDays, args.rawPrefixes, args.expiringBatches),
      },
      // S3 rejects lifecycle changes racing a versioning change on the same bucket.
      { ...child, dependsOn: [versioning] },
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.bucket,
        // Built from the known name, not `bucket.arn`, so the policy is known at preview and
        // policy rules can check it before anything is created.
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport(arn)] }),
      },
      // With the public access block in place first, S3 never sees a moment of an open bucket.
      { ...child, dependsOn: [publicAccess] },
    );

    this.bucketName = bucket.bucket;
    this.arn = pulumi.output(arn);
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
