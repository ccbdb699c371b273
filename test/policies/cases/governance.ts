import { governanceLabels, governanceTags } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";

const BUCKET = "aws:s3/bucket:Bucket";
const withoutKey = (tags: Record<string, string>, key: string) =>
  Object.fromEntries(Object.entries(tags).filter(([k]) => k !== key));

export const governanceCases: RuleCases[] = [
  {
    rule: "aws-governance-tags",
    violating: [
      {
        name: "a bucket missing mesh:owner",
        resources: () => [resource(BUCKET, { tags: withoutKey(governanceTags(), "mesh:owner") })],
        message: /^tags: missing mesh:owner;/,
      },
      {
        name: "a taggable role with no tags at all",
        resources: () => [resource("aws:iam/role:Role", { assumeRolePolicy: "{}" })],
        message: /^tags: missing mesh:domain, mesh:owner, mesh:environment, mesh:classification/,
      },
      {
        name: "an untyped AWS resource that was given tags",
        resources: () => [resource("aws:future/thing:Thing", { tags: { "mesh:domain": "sales" } })],
        message: /missing mesh:owner/,
      },
    ],
    compliant: [
      { name: "all four tags", resources: () => [resource(BUCKET, { tags: governanceTags() })] },
      {
        name: "tags completed by the provider's defaultTags (stored as JSON)",
        resources: () => {
          const provider = resource(
            "pulumi:providers:aws",
            { defaultTags: JSON.stringify({ tags: governanceTags() }) },
            { name: "aws" },
          );
          return [
            resource(BUCKET, { tags: { "mesh:owner": "team-sales" } }, { provider: `${provider.urn}::p-1` }),
            provider,
          ];
        },
      },
      {
        name: "an AWS resource without tags support",
        resources: () => [resource("aws:s3/bucketPolicy:BucketPolicy", { policy: "{}" })],
      },
      {
        name: "another provider's resource that takes tags",
        resources: () => [resource("datadog:index/monitor:Monitor", { tags: ["team:sales"] })],
      },
    ],
  },
  {
    rule: "k8s-governance-labels",
    violating: [
      {
        name: "a ConfigMap without labels",
        resources: () => [
          resource("kubernetes:core/v1:ConfigMap", { metadata: { name: "c", namespace: "sales" } }),
        ],
        message: /^metadata\.labels: missing datamesh\.io\/domain, datamesh\.io\/owner/,
      },
      {
        name: "a Namespace missing the classification label",
        resources: () => [
          resource("kubernetes:core/v1:Namespace", {
            metadata: { name: "sales", labels: withoutKey(governanceLabels(), "datamesh.io/classification") },
          }),
        ],
        message: /missing datamesh\.io\/classification/,
      },
      {
        name: "a ConfigMap declared without metadata",
        resources: () => [resource("kubernetes:core/v1:ConfigMap", { data: {} })],
        message:
          /^metadata\.labels: missing datamesh\.io\/domain, datamesh\.io\/owner, datamesh\.io\/environment, datamesh\.io\/classification; add them\.$/,
      },
      {
        name: "a custom resource whose kind contains a digit (Karpenter's EC2NodeClass)",
        resources: () => [
          resource("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", { metadata: { name: "default" } }),
        ],
        message: /^metadata\.labels: missing datamesh\.io\/domain/,
      },
      {
        name: "a kind with List inside its name (Gateway API's XListenerSet)",
        resources: () => [
          resource("kubernetes:gateway.networking.x-k8s.io/v1alpha1:XListenerSet", {
            metadata: { name: "orders", namespace: "sales" },
          }),
        ],
        message: /^metadata\.labels: missing datamesh\.io\/domain/,
      },
    ],
    compliant: [
      {
        name: "all four labels",
        resources: () => [
          resource("kubernetes:apps/v1:Deployment", { metadata: { labels: governanceLabels() } }),
        ],
      },
      {
        name: "a Helm chart component (not an API object)",
        resources: () => [resource("kubernetes:helm.sh/v4:Chart", { chart: "x" })],
      },
      {
        name: "a component of another package whose name ends in kubernetes",
        resources: () => [resource("acme-kubernetes:apps/v1:Deployment", { replicas: 1 })],
      },
    ],
  },
  {
    rule: "stateful-resources-protected",
    violating: [
      {
        name: "an unprotected bucket in prod",
        resources: () => [resource(BUCKET, {})],
        message: /^opts\.protect: false/,
      },
      {
        name: "an unprotected topic in prod",
        resources: () => [resource("kafka:index/topic:Topic", { name: "sales.orders.v1" })],
        message: /protect: true/,
      },
      {
        name: "an unprotected Glue table",
        resources: () => [resource("aws:glue/catalogTable:CatalogTable", {})],
        message: /protect/,
      },
    ],
    compliant: [
      { name: "a protected KMS key", resources: () => [resource("aws:kms/key:Key", {}, { protect: true })] },
      { name: "an unprotected bucket in dev", resources: () => [resource(BUCKET, {})], environment: "dev" },
      { name: "an unprotected stateless role", resources: () => [resource("aws:iam/role:Role", {})] },
    ],
  },
  {
    rule: "governance-tag-values-valid",
    violating: [
      {
        name: "a dev-tagged bucket in prod",
        resources: () => [resource(BUCKET, { tags: governanceTags("dev") })],
        message: /^tags\["mesh:environment"\]: "dev" but the stack is prod/,
      },
      {
        name: "an unknown classification label",
        resources: () => [
          resource("kubernetes:core/v1:Service", {
            metadata: { labels: { ...governanceLabels(), "datamesh.io/classification": "secret" } },
          }),
        ],
        message:
          /^metadata\.labels\["datamesh\.io\/classification"\]: "secret"; use one of public, internal, confidential, restricted\.$/,
      },
      {
        name: "a patch relabelling a Deployment as dev in prod",
        resources: () => [
          resource("kubernetes:apps/v1:DeploymentPatch", {
            metadata: { name: "orders-v1", namespace: "sales", labels: { "datamesh.io/environment": "dev" } },
          }),
        ],
        message: /^metadata\.labels\["datamesh\.io\/environment"\]: "dev" but the stack is prod/,
      },
    ],
    compliant: [
      { name: "valid tags", resources: () => [resource(BUCKET, { tags: governanceTags() })] },
      {
        name: "dev tags in dev",
        resources: () => [resource(BUCKET, { tags: governanceTags("dev") })],
        environment: "dev",
      },
      { name: "no governance tags at all (another rule's concern)", resources: () => [resource(BUCKET, {})] },
    ],
  },
];
