import { beforeAll, describe, expect, it } from "vitest";
import {
  installMocks,
  ofType,
  type Registration,
  resolveOutput,
  STAGING_KMS_KEY_ARN,
  settle,
  single,
  TAGS,
} from "./fixtures.js";

const S3 = {
  bucket: "aws:s3/bucket:Bucket",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

let captured: Registration[];
let mod: typeof import("../../components/storage/StagingBucket.js");

beforeAll(async () => {
  captured = await installMocks();
  mod = await import("../../components/storage/StagingBucket.js");
});

describe("StagingBucket", () => {
  let bucket: InstanceType<typeof mod.StagingBucket>;
  const only = (type: string) => single(captured, type, type === S3.bucket ? "stg" : expectedName(type));
  const expectedName = (type: string) =>
    ({
      [S3.publicAccess]: "stg-public-access",
      [S3.ownership]: "stg-ownership",
      [S3.encryption]: "stg-encryption",
      [S3.versioning]: "stg-versioning",
      [S3.lifecycle]: "stg-lifecycle",
      [S3.policy]: "stg-policy",
    })[type]!;

  beforeAll(async () => {
    bucket = new mod.StagingBucket("stg", {
      bucketName: "acme-mesh-dev-orders--orders",
      kmsKeyArn: STAGING_KMS_KEY_ARN,
      retentionDays: 14,
      tags: TAGS,
      removalPolicy: "destroy",
    });
    await settle();
  });

  it("creates the bucket with its name and governance tags", async () => {
    const b = only(S3.bucket).inputs;
    expect(b.bucket).toBe("acme-mesh-dev-orders--orders");
    expect(b.tags).toEqual(TAGS);
    expect(await resolveOutput(bucket.bucketName)).toBe("acme-mesh-dev-orders--orders");
    expect(await resolveOutput(bucket.arn)).toBe("arn:aws:s3:::acme-mesh-dev-orders--orders");
  });

  it("attaches every security resource to this bucket, once", () => {
    for (const type of Object.values(S3).filter((t) => t !== S3.bucket)) {
      expect(ofType(captured, type, "stg")).toHaveLength(1);
      // Addressed by the bucket's name, which is known at preview (its ID is not), so rules can pair them.
      expect(only(type).inputs.bucket).toBe("acme-mesh-dev-orders--orders");
    }
  });

  it("blocks all public access", () => {
    expect(only(S3.publicAccess).inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  });

  it("disables ACLs (BucketOwnerEnforced)", () => {
    expect(only(S3.ownership).inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
  });

  it("encrypts with SSE-KMS under the given key, with a bucket key", () => {
    const rules = only(S3.encryption).inputs.rules;
    expect(rules).toHaveLength(1);
    expect(rules[0].applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: STAGING_KMS_KEY_ARN,
    });
    expect(rules[0].bucketKeyEnabled).toBe(true);
  });

  it("enables versioning", () => {
    expect(only(S3.versioning).inputs.versioningConfiguration.status).toBe("Enabled");
  });

  it("expires raw records after the retention and aborts incomplete uploads", () => {
    const rules = only(S3.lifecycle).inputs.rules;
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    expect(rule.status).toBe("Enabled");
    expect(rule.expiration.days).toBe(14);
    expect(rule.noncurrentVersionExpiration.noncurrentDays).toBe(14);
    expect(rule.abortIncompleteMultipartUpload.daysAfterInitiation).toBe(mod.ABORT_INCOMPLETE_UPLOAD_DAYS);
    expect(mod.ABORT_INCOMPLETE_UPLOAD_DAYS).toBeGreaterThanOrEqual(1);
  });

  it("expires an incremental product's folded batches after their own period, and nothing else", async () => {
    new mod.StagingBucket("incremental", {
      bucketName: "acme-mesh-dev-orders-incremental",
      kmsKeyArn: STAGING_KMS_KEY_ARN,
      retentionDays: 7,
      rawPrefixes: ["v1/raw/", "v1/quarantine/"],
      expiringBatches: { prefix: "v1/ingest_date=", days: 14 },
      tags: TAGS,
    });
    await settle();
    const rules = single(captured, S3.lifecycle, "incremental-lifecycle").inputs.rules;
    expect(rules.find((r: any) => r.id === "expire-folded-batches")).toEqual({
      id: "expire-folded-batches",
      status: "Enabled",
      filter: { prefix: "v1/ingest_date=" },
      expiration: { days: 14 },
    });
    // The ledger under v1/state/ never expires.
    expect(
      rules.filter((r: any) => r.expiration && "v1/state/ledger.json".startsWith(r.filter.prefix ?? "")),
    ).toEqual([]);
    expect(() =>
      mod.validateStagingBucketArgs({
        bucketName: "ok-bucket",
        kmsKeyArn: STAGING_KMS_KEY_ARN,
        retentionDays: 7,
        expiringBatches: { prefix: "v1/ingest_date=", days: 0 },
        tags: TAGS,
      }),
    ).toThrow("`expiringBatches`: expected a key prefix and a positive whole number of days");
  });

  it("expires only the raw prefixes when given, keeping the staged batches a table is rebuilt from", async () => {
    new mod.StagingBucket("prefixed", {
      bucketName: "acme-mesh-dev-orders-prefixed",
      kmsKeyArn: STAGING_KMS_KEY_ARN,
      retentionDays: 14,
      rawPrefixes: ["v1/raw/", "v1/quarantine/"],
      tags: TAGS,
    });
    await settle();
    const rules = single(captured, S3.lifecycle, "prefixed-lifecycle").inputs.rules;
    expect(rules).toEqual([
      { id: "expire-raw-v1-raw", status: "Enabled", filter: { prefix: "v1/raw/" }, expiration: { days: 14 } },
      {
        id: "expire-raw-v1-quarantine",
        status: "Enabled",
        filter: { prefix: "v1/quarantine/" },
        expiration: { days: 14 },
      },
      {
        id: "expire-overwritten-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 14 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: mod.ABORT_INCOMPLETE_UPLOAD_DAYS },
      },
    ]);
    // Nothing expires current objects outside the raw prefixes.
    expect(rules.filter((r: any) => r.expiration && !r.filter.prefix)).toEqual([]);
    expect(() =>
      mod.validateStagingBucketArgs({
        bucketName: "ok-bucket",
        kmsKeyArn: STAGING_KMS_KEY_ARN,
        retentionDays: 7,
        rawPrefixes: ["v1/raw"],
        tags: TAGS,
      }),
    ).toThrow('`rawPrefixes`: "v1/raw" must be a key prefix ending in "/"');
  });

  it("has a bucket policy denying any request not over TLS, on the bucket and its objects", () => {
    const doc = JSON.parse(only(S3.policy).inputs.policy);
    expect(doc.Version).toBe("2012-10-17");
    const deny = doc.Statement.find(
      (s: any) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false",
    );
    expect(deny).toBeDefined();
    expect(deny.Principal).toBe("*");
    expect(deny.Action).toBe("s3:*");
    expect(deny.Resource).toEqual([
      "arn:aws:s3:::acme-mesh-dev-orders--orders",
      "arn:aws:s3:::acme-mesh-dev-orders--orders/*",
    ]);
    // Nothing is allowed by the bucket policy itself.
    expect(doc.Statement.filter((s: any) => s.Effect === "Allow")).toEqual([]);
  });

  it("uses the partition in ARNs", async () => {
    const cn = new mod.StagingBucket("cn", {
      bucketName: "acme-mesh-dev-orders-cn",
      kmsKeyArn: STAGING_KMS_KEY_ARN,
      retentionDays: 3,
      tags: TAGS,
      partition: "aws-cn",
    });
    await settle();
    expect(await resolveOutput(cn.arn)).toBe("arn:aws-cn:s3:::acme-mesh-dev-orders-cn");
    const doc = JSON.parse(single(captured, S3.policy, "cn-policy").inputs.policy);
    expect(doc.Statement[0].Resource).toEqual([
      "arn:aws-cn:s3:::acme-mesh-dev-orders-cn",
      "arn:aws-cn:s3:::acme-mesh-dev-orders-cn/*",
    ]);
  });

  it("only force-destroys a bucket whose removal policy is destroy", async () => {
    expect(only(S3.bucket).inputs.forceDestroy).toBe(true);
    new mod.StagingBucket("kept", {
      bucketName: "acme-mesh-prod-orders-orders",
      kmsKeyArn: STAGING_KMS_KEY_ARN,
      retentionDays: 7,
      tags: TAGS,
    });
    await settle();
    expect(single(captured, S3.bucket, "kept").inputs.forceDestroy).toBe(false);
  });
});

describe("denyInsecureTransport", () => {
  it("denies every S3 action without TLS", () => {
    expect(mod.denyInsecureTransport("arn:aws:s3:::b")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });
});

describe("StagingBucket validation", () => {
  const args = { kmsKeyArn: STAGING_KMS_KEY_ARN, retentionDays: 7, tags: TAGS };
  const s3Children = (prefix: string) =>
    captured.filter((c) => c.type.startsWith("aws:s3") && c.name.startsWith(prefix));

  it.each([
    ["Upper-Case"],
    ["under_score"],
    ["ab"],
    ["-leading-hyphen"],
    ["trailing-hyphen-"],
    ["has.dots.in.it"],
    ["x".repeat(64)],
  ])("rejects bucket name %j with a message naming it", async (bucketName) => {
    const name = `invalid-${bucketName.length}-${bucketName.slice(0, 5)}`;
    expect(() => new mod.StagingBucket(name, { ...args, bucketName })).toThrow(
      `\`bucketName\` "${bucketName}" is not a valid S3 bucket name (3-63 lowercase letters, digits, hyphens)`,
    );
    await settle();
    expect(s3Children(name)).toEqual([]);
  });

  it("accepts a 63-character bucket name", () => {
    expect(() => mod.validateStagingBucketArgs({ ...args, bucketName: "a".repeat(63) })).not.toThrow();
  });

  it("rejects a retention that is not a positive whole number", () => {
    expect(() =>
      mod.validateStagingBucketArgs({ ...args, bucketName: "ok-bucket", retentionDays: 0 }),
    ).toThrow("`retentionDays` must be a positive whole number, got 0");
    expect(() =>
      mod.validateStagingBucketArgs({ ...args, bucketName: "ok-bucket", retentionDays: 2.5 }),
    ).toThrow("`retentionDays` must be a positive whole number, got 2.5");
  });
});
