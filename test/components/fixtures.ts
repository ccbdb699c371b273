/**
 * Shared fixtures for component tests. This module imports nothing that creates resources, so a
 * test file can install Pulumi mocks (see {@link installMocks}) before importing a component.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RunnerProductFile } from "../../components/compute/runnerProductFile.js";
import type { TransformJobArgs } from "../../components/compute/TransformJob.js";
import type { DataProduct } from "../../components/declaration/schema.js";
import type { StagingSinkArgs } from "../../components/kafka/StagingSink.js";
import type { ProductRef } from "../../components/naming.js";
import { type PlatformSettings, PlatformSettingsSchema } from "../../components/platform.js";
import { waitForRPCs } from "../../sdk/runtime.js";

export const DIGEST = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
export const OIDC_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A0E7D3B9F2A4C6E8D0B1F3A5C7E9D";
export const OIDC_PROVIDER_ARN = `arn:aws:iam::111111111111:oidc-provider/${OIDC_ISSUER}`;
export const WAREHOUSE_KMS_KEY_ARN =
  "arn:aws:kms:eu-west-1:111111111111:key/0b5d1c6e-8f2a-4b7e-9d3c-5a6f7e8d9c01";
export const STAGING_KMS_KEY_ARN =
  "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";
/** The orders domain's data key alias in dev, which permissions name instead of the key's ARN. */
export const STAGING_KMS_KEY_ALIAS = "alias/acme-mesh-dev-orders";

/** The IAM role of the platform's Kafka Connect workers (IRSA). */
export const CONNECT_WORKER_ROLE_ARN = "arn:aws:iam::111111111111:role/acme-mesh-dev-kafka-connect";

/** A valid block of platform settings, as `platform.yaml` holds one per environment. */
export const platformInput = {
  namePrefix: "acme-mesh",
  accountId: "111111111111",
  region: "eu-west-1",
  warehouse: { bucket: "acme-mesh-dev-warehouse", kmsKeyArn: WAREHOUSE_KMS_KEY_ARN },
  kafka: {
    bootstrapServers: ["b-1.mesh-dev.kafka.eu-west-1.amazonaws.com:9096"],
    saslMechanism: "scram-sha512",
  },
  kubernetes: { context: "mesh-dev", oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuer: OIDC_ISSUER },
  runner: { image: "ghcr.io/acme/mesh-runner", tag: "0.1.0", digest: DIGEST },
  ingestion: {
    connectCluster: "mesh-connect",
    namespace: "kafka-connect",
    workerRoleArn: CONNECT_WORKER_ROLE_ARN,
    kafkaPrincipal: "User:mesh-connect",
  },
} as const;

/** Validated platform settings (defaults applied). */
export const platformSettings: PlatformSettings = PlatformSettingsSchema.parse(platformInput);

export const PINNED_IMAGE = `ghcr.io/acme/mesh-runner:0.1.0@${DIGEST}`;

export const TAGS: Record<string, string> = {
  "mesh:domain": "orders",
  "mesh:owner": "checkout",
  "mesh:environment": "dev",
  "mesh:classification": "internal",
};

export const LABELS: Record<string, string> = {
  "datamesh.io/domain": "orders",
  "datamesh.io/owner": "checkout",
  "datamesh.io/environment": "dev",
  "datamesh.io/classification": "internal",
};

/** The orders product's runner product file (components/compute/runnerProtocol.ts). */
export function ordersProductFile(
  ref: ProductRef = { domain: "orders", product: "orders", major: 1 },
): RunnerProductFile {
  const schema = {
    order_id: { type: "string", required: true, pii: false, unique: true, description: "Order id." },
    amount: {
      type: "decimal(12,2)",
      required: true,
      pii: false,
      unique: false,
      min: 0,
      description: "Total.",
    },
  } as const;
  return {
    contract: {
      id: `${ref.domain}.${ref.product}.v${ref.major}`,
      domain: ref.domain,
      product: ref.product,
      version: `${ref.major}.0.0`,
      schema,
      quality: { rowCount: { min: 1 } },
      access: { pii: [] },
    },
    raw: { schema, unknownFields: "reject", maxRecordBytes: 1_000_000 },
    incremental: false,
  };
}

/** Valid arguments of the orders product's transform; override what a test varies. */
export function transformJobArgs(overrides: Partial<TransformJobArgs> = {}): TransformJobArgs {
  const product = overrides.product ?? { domain: "orders", product: "orders", major: 1 };
  return {
    product,
    namespace: "orders",
    namespaceName: "orders",
    schedule: "*/15 * * * *",
    sql: "SELECT order_id, amount FROM staging",
    productFile: ordersProductFile(product),
    resources: { cpu: "500m", memory: "1Gi" },
    image: PINNED_IMAGE,
    aws: { partition: "aws", region: "eu-west-1", accountId: "111111111111" },
    staging: { bucket: "acme-mesh-dev-orders--orders", prefix: "v1/", kmsKeyAlias: STAGING_KMS_KEY_ALIAS },
    warehouse: {
      bucket: "acme-mesh-dev-warehouse",
      prefix: "orders/orders/v1/",
      kmsKeyArn: WAREHOUSE_KMS_KEY_ARN,
      database: "orders_dev",
      table: "orders_v1",
      history: { prefix: "orders/orders/v1-runs/", table: "orders_v1_runs" },
    },
    identity: { oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuer: OIDC_ISSUER },
    namePrefix: "acme-mesh",
    environment: "dev",
    tags: TAGS,
    labels: LABELS,
    ...overrides,
  };
}

/** Valid arguments of the orders product's staging sink; override what a test varies. */
export function stagingSinkArgs(overrides: Partial<StagingSinkArgs> = {}): StagingSinkArgs {
  return {
    product: { domain: "orders", product: "orders", major: 1 },
    partitions: 6,
    staging: {
      bucket: "acme-mesh-dev-orders--orders-v1",
      prefix: "v1/raw/",
      kmsKeyAlias: STAGING_KMS_KEY_ALIAS,
    },
    ingestion: platformSettings.ingestion,
    aws: { partition: "aws", region: "eu-west-1", accountId: "111111111111" },
    namePrefix: "acme-mesh",
    environment: "dev",
    tags: TAGS,
    labels: LABELS,
    ...overrides,
  };
}

/** A validated product contract (defaults filled in), for the warehouse table. */
export const ordersProduct: Pick<DataProduct, "schema" | "description" | "version" | "classification"> = {
  description: "One row per order, at its latest status.",
  version: "1.2.0",
  classification: "internal",
  schema: {
    order_id: { type: "string", required: true, pii: false, unique: false, description: "Order identifier." },
    customer_email: {
      type: "string",
      required: false,
      pii: true,
      unique: false,
      description: "Email of the buyer.",
    },
    ordered_at: {
      type: "timestamp",
      required: true,
      pii: false,
      unique: false,
      description: "When the order was placed (UTC).",
    },
    amount: {
      type: "decimal(12,2)",
      required: true,
      pii: false,
      unique: false,
      description: "Order total, tax included.",
    },
    line_count: {
      type: "bigint",
      required: true,
      pii: false,
      unique: false,
      description: "Lines in the order.",
    },
    is_gift: {
      type: "boolean",
      required: false,
      pii: false,
      unique: false,
      description: "Wrapped as a gift.",
    },
  },
};

/** One resource registration seen by the mock monitor. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean | undefined;
}

/**
 * Installs Pulumi mocks (not a preview, so outputs resolve) that record every registration. The
 * mock state adds an `arn` for IAM roles, as AWS would. Call once per test file, before importing
 * any component.
 */
export async function installMocks(): Promise<Registration[]> {
  const captured: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        captured.push({ type: a.type, name: a.name, inputs: a.inputs, custom: a.custom });
        const state =
          a.type === "aws:iam/role:Role"
            ? { ...a.inputs, arn: `arn:aws:iam::111111111111:role/${a.inputs.name}` }
            : a.inputs;
        return { id: `${a.name}-id`, state };
      },
      call: (a) => a.inputs,
    },
    "proj",
    "stack",
    false,
  );
  return captured;
}

/** Waits until every pending registration has reached the mocks. */
export async function settle(): Promise<void> {
  await waitForRPCs();
}

/** The value of an output. */
export const resolveOutput = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply((v) => r(v)));

/** Registrations of one type, optionally only those whose name starts with `prefix`. */
export function ofType(captured: readonly Registration[], type: string, prefix?: string): Registration[] {
  return captured.filter((c) => c.type === type && (prefix === undefined || c.name.startsWith(prefix)));
}

/** The one registration of a type and exact name. */
export function single(captured: readonly Registration[], type: string, name: string): Registration {
  const found = captured.filter((c) => c.type === type && c.name === name);
  if (found.length !== 1) {
    const seen = captured.map((c) => `${c.type} ${c.name}`).join("\n  ");
    throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered:\n  ${seen}`);
  }
  return found[0]!;
}
