/**
 * Cases for the "every bucket has <companion>" stack rules: absence is a violation, in resources
 * shaped as a preview gives them (inputs, property dependencies) and as a state file gives them
 * (outputs only, as `mesh policy check --state` hands stack rules).
 */
import { type PlannedResource, UNKNOWN_STRING } from "../../../policies/engine/index.js";
import { governanceTags } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";

export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
export const BUCKET_NAME = "acme-prod-sales-orders";

/** Each companion rule with its type token and deprecated `…V2` alias, if any. */
export const COMPANIONS = [
  {
    rule: "s3-bucket-has-public-access-block",
    type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  },
  {
    rule: "s3-bucket-has-ownership-controls",
    type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  },
  {
    rule: "s3-bucket-has-encryption",
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    alias: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  },
  {
    rule: "s3-bucket-has-versioning",
    type: "aws:s3/bucketVersioning:BucketVersioning",
    alias: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  },
  { rule: "s3-bucket-has-policy", type: "aws:s3/bucketPolicy:BucketPolicy" },
  {
    rule: "s3-bucket-has-lifecycle",
    type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    alias: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  },
] as const;

/** A preview bucket: its name is an input, known because StagingBucket sets it explicitly. */
export const bucket = (name = BUCKET_NAME, type: string = BUCKET) =>
  resource(type, { bucket: name, tags: governanceTags() }, { name: "orders" });

/** A companion whose `bucket` input is `target`, depending on `dependsOn` through that property. */
export const companion = (type: string, target: string, dependsOn?: PlannedResource) =>
  resource(
    type,
    { bucket: target },
    dependsOn ? { dependencies: [dependsOn.urn], propertyDependencies: { bucket: [dependsOn.urn] } } : {},
  );

/** The same resource as `pulumi stack export` records it for stack rules: outputs, no inputs. */
export const deployed = (r: PlannedResource, outputs: Record<string, any> = {}): PlannedResource => ({
  ...r,
  inputs: {},
  outputs: { id: r.inputs.bucket, ...r.inputs, ...outputs },
});

function companionCases(rule: string, type: string, alias?: string): RuleCases {
  const missing = /^bucket "orders" has no \w+; add one whose `bucket` is this bucket's name\.$/;
  return {
    rule,
    violating: [
      { name: "a bucket without one", resources: () => [bucket()], message: missing },
      {
        name: "a companion configuring another bucket",
        resources: () => [bucket(), companion(type, "some-other-bucket")],
        message: missing,
      },
      {
        // The old rule linked through any dependency: a `dependsOn` made it pass.
        name: "a companion of another bucket that only dependsOn this one",
        resources: () => {
          const b = bucket();
          return [b, { ...companion(type, "some-other-bucket"), dependencies: [b.urn] }];
        },
        message: missing,
      },
      {
        name: "a companion whose target is unknown and has no dependency on the bucket (fail closed)",
        resources: () => [bucket(), { ...companion(type, UNKNOWN_STRING), dependencies: [] }],
        message: missing,
      },
      {
        name: "a companion whose `bucket` depends on the bucket but names another one",
        resources: () => {
          const b = bucket();
          return [b, companion(type, `${BUCKET_NAME}-copy`, b)];
        },
        message: missing,
      },
      {
        // Only the dependency of `bucket` on that other bucket links them.
        name: "a companion whose unknown target depends on another bucket",
        resources: () => {
          const other = resource(BUCKET, { bucket: `${BUCKET_NAME}-copy` }, { name: "copy" });
          return [bucket(), other, companion(type, UNKNOWN_STRING, other)];
        },
        message: missing,
      },
      {
        name: "a deployed bucket (state file) without one",
        resources: () => [deployed(bucket())],
        message: missing,
      },
      {
        name: "a deployed bucket (state file) whose companion configures another bucket",
        resources: () => [deployed(bucket()), deployed(companion(type, "some-other-bucket"))],
        message: missing,
      },
    ],
    compliant: [
      {
        name: "a companion linked by property dependency (bucket name unknown at preview)",
        resources: () => {
          const b = resource(BUCKET, { bucket: UNKNOWN_STRING, tags: governanceTags() }, { name: "orders" });
          return [b, companion(type, UNKNOWN_STRING, b)];
        },
      },
      {
        name: "a companion naming the bucket (as StagingBucket does, known at preview)",
        resources: () => {
          const b = bucket();
          return [b, companion(alias ?? type, BUCKET_NAME, b)];
        },
      },
      {
        name: "a companion naming the bucket, linked by dependency to a bucket whose name is unknown at preview",
        resources: () => {
          const b = resource(BUCKET, { bucket: UNKNOWN_STRING, tags: governanceTags() }, { name: "orders" });
          return [b, companion(type, BUCKET_NAME, b)];
        },
      },
      {
        name: "a companion whose target is unknown at preview, linked by dependency to a named bucket",
        resources: () => {
          const b = bucket();
          return [b, companion(type, UNKNOWN_STRING, b)];
        },
      },
      {
        name: "a BucketV2 with its companion",
        resources: () => [bucket(BUCKET_NAME, BUCKET_V2), companion(type, BUCKET_NAME)],
      },
      {
        name: "a deployed bucket and companion (state file: outputs, no dependencies)",
        resources: () => [
          deployed(bucket(), { arn: `arn:aws:s3:::${BUCKET_NAME}` }),
          deployed(companion(type, BUCKET_NAME)),
        ],
      },
      {
        name: "a deployed bucket whose state records its name as `id` only, and a companion naming it",
        resources: () => [
          { ...bucket(), inputs: {}, outputs: { id: BUCKET_NAME } },
          deployed(companion(type, BUCKET_NAME)),
        ],
      },
      {
        name: "a stack without buckets (not applicable)",
        resources: () => [companion(type, "x")],
      },
    ],
  };
}

export const s3CompanionCases: RuleCases[] = COMPANIONS.map((c) =>
  companionCases(c.rule, c.type, "alias" in c ? c.alias : undefined),
);

const INLINE = {
  policy: '{"Version":"2012-10-17","Statement":[]}',
  serverSideEncryptionConfiguration: {
    rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
  },
  versioning: { enabled: false },
  lifecycleRules: [{ enabled: true, expiration: { days: 3650 } }],
} as const;

/** A bucket whose inputs also set `inline`; recorded in state, its outputs carry them too. */
const bucketWith = (inline: Record<string, unknown>) =>
  resource(BUCKET, { bucket: BUCKET_NAME, ...inline }, { name: "orders" });

export const inlineSettingsCases: RuleCases = {
  rule: "s3-bucket-no-inline-companion-settings",
  violating: [
    ...Object.entries(INLINE).map(([key, value]) => ({
      name: `an inline ${key} competing with its companion`,
      resources: () => [bucketWith({ [key]: value })],
      message: new RegExp(`^${key}: set inline, where it competes with the bucket's \\w+; remove it\\.$`),
    })),
    {
      name: "an inline policy unknown at preview (it is set, to something computed)",
      resources: () => [bucketWith({ policy: UNKNOWN_STRING })],
      message: /^policy: set inline/,
    },
    {
      name: "a BucketV2 with inline versioning",
      resources: () => [resource(BUCKET_V2, { bucket: BUCKET_NAME, versioning: { enabled: false } })],
      message: /^versioning: set inline/,
    },
    {
      name: "a deployed bucket (state file) whose recorded inputs set inline encryption",
      resources: () => {
        const b = bucketWith({ serverSideEncryptionConfiguration: INLINE.serverSideEncryptionConfiguration });
        return [{ ...b, outputs: { id: BUCKET_NAME, ...b.inputs } }];
      },
      message: /^serverSideEncryptionConfiguration: set inline/,
    },
  ],
  compliant: [
    { name: "a bucket with its name and tags only", resources: () => [bucket()] },
    { name: "empty inline lifecycle rules", resources: () => [bucketWith({ lifecycleRules: [] })] },
    {
      name: "inline settings left undefined or recorded as null",
      resources: () => [
        bucketWith({
          policy: undefined,
          versioning: null,
          serverSideEncryptionConfiguration: null,
          lifecycleRules: undefined,
        }),
      ],
    },
    {
      // The provider records computed defaults in outputs; only what the program set is inline.
      name: "a deployed bucket whose outputs carry the provider's computed settings",
      resources: () => {
        const b = bucket();
        return [
          { ...b, outputs: { id: BUCKET_NAME, ...b.inputs, versioning: { enabled: false }, policy: "" } },
        ];
      },
    },
  ],
};
