import { runSimulation } from "@cloud-copilot/iam-simulate";
import type * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import {
  CONNECT_WORKER_ROLE_ARN,
  installMocks,
  LABELS,
  type Registration,
  resolveOutput,
  STAGING_KMS_KEY_ALIAS,
  STAGING_KMS_KEY_ARN,
  settle,
  single,
  stagingSinkArgs,
  TAGS,
} from "./fixtures.js";

const T = {
  connector: "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  acl: "kafka:index/acl:Acl",
} as const;

const ACCOUNT = "111111111111";
const BUCKET = "acme-mesh-dev-orders--orders-v1";
const ROLE_NAME = "acme-mesh-dev-orders--orders-v1-ingest";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;

let captured: Registration[];
let mod: typeof import("../../components/kafka/StagingSink.js");
/** Resource options each child was registered with, by logical name (read through a transformation). */
const options = new Map<string, pulumi.CustomResourceOptions>();
const recordOptions: pulumi.ResourceTransformation = (a) => {
  options.set(a.name, a.opts);
  return undefined;
};

beforeAll(async () => {
  captured = await installMocks();
  mod = await import("../../components/kafka/StagingSink.js");
});

const children = (prefix: string) => captured.filter((c) => c.custom && c.name.startsWith(prefix));

describe("StagingSink", () => {
  let sink: InstanceType<typeof mod.StagingSink>;
  let connector: Record<string, any>;
  let config: Record<string, string>;

  beforeAll(async () => {
    sink = new mod.StagingSink("orders-sink", stagingSinkArgs(), { transformations: [recordOptions] });
    await settle();
    connector = single(captured, T.connector, "orders-sink").inputs;
    config = connector.spec.config;
  });

  describe("KafkaConnector", () => {
    it("is a Strimzi v1 KafkaConnector named after the product, beside its Connect cluster", () => {
      expect(connector.apiVersion).toBe("kafka.strimzi.io/v1");
      expect(connector.kind).toBe("KafkaConnector");
      expect(connector.metadata).toEqual({
        name: "orders--orders-v1-staging",
        namespace: "kafka-connect",
        labels: { ...LABELS, "strimzi.io/cluster": "mesh-connect" },
      });
    });

    it("runs the Aiven S3 sink with one task per topic partition, restarted on failure", () => {
      expect(connector.spec).toMatchObject({
        class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
        tasksMax: 6,
        state: "running",
        autoRestart: { enabled: true },
      });
      expect(Object.keys(connector.spec).sort()).toEqual([
        "autoRestart",
        "class",
        "config",
        "state",
        "tasksMax",
      ]);
    });

    it("has exactly the configuration the runner's reader relies on", () => {
      expect(config).toEqual({
        topics: "orders.orders.v1",
        "key.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": "orders.orders.v1.dlq",
        "errors.deadletterqueue.topic.replication.factor": "3",
        "errors.deadletterqueue.context.headers.enable": "true",
        "errors.log.enable": "true",
        "errors.log.include.messages": "false",
        "aws.s3.bucket.name": BUCKET,
        "aws.s3.region": "eu-west-1",
        "aws.sts.role.arn": ROLE_ARN,
        "aws.sts.role.session.name": "orders--orders-v1-staging",
        "aws.sts.role.external.id": "orders--orders-v1-staging",
        "aws.sts.role.session.duration": "3600",
        "aws.sts.config.endpoint": "https://sts.eu-west-1.amazonaws.com",
        "format.output.type": "jsonl",
        "format.output.fields": "value",
        "format.output.envelope": "false",
        "file.compression.type": "gzip",
        "file.name.template":
          "v1/raw/ingest_date={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/{{topic}}-{{partition:padding=true}}-{{start_offset:padding=true}}.jsonl.gz",
        "file.name.timestamp.source": "wallclock",
        "file.name.timestamp.timezone": "UTC",
        "file.max.records": "100000",
      });
      // Every value is a string, as Kafka Connect's REST API stores them.
      for (const value of Object.values(config)) expect(typeof value).toBe("string");
    });

    it("sets nothing Strimzi owns, nothing deprecated that would bypass the template, no SSE override", () => {
      for (const key of ["name", "connector.class", "tasks.max", "aws.s3.prefix", "aws_s3_prefix"]) {
        expect(config).not.toHaveProperty([key]);
      }
      // aws:kms without a key ID would encrypt with the aws/s3 key instead of the bucket's (the domain's).
      expect(config).not.toHaveProperty(["aws.s3.sse.algorithm"]);
    });

    it("carries no credentials: no keys, no secrets, nothing a policy flags", async () => {
      for (const key of Object.keys(config)) {
        expect(key).not.toMatch(/access[._]key|secret|password|token|credential/i);
      }
      const resource = {
        urn: "urn:pulumi:test::mesh::kubernetes:kafka.strimzi.io/v1:KafkaConnector::orders-sink",
        type: T.connector,
        name: "orders-sink",
        inputs: connector,
      };
      const rules = allRules.filter(
        (r) => r.name.startsWith("kafka-connector-") || r.name.startsWith("k8s-"),
      );
      expect(rules.map((r) => r.name)).toEqual(
        expect.arrayContaining([
          "kafka-connector-dead-letter-queue",
          "kafka-connector-no-static-credentials",
        ]),
      );
      // The dead-letter topic it names exists beside it, as the product's IngestionTopic creates it.
      const deadLetter = {
        urn: "urn:pulumi:test::mesh::kafka:index/topic:Topic::orders-dlq",
        type: "kafka:index/topic:Topic",
        name: "orders-dlq",
        inputs: { name: config["errors.deadletterqueue.topic.name"] },
      };
      expect(await evaluatePolicies([resource, deadLetter], { environment: "prod" }, rules)).toEqual([]);
    });

    it("is built by the pure stagingSinkConfig, which the component passes the ingest role's ARN", () => {
      expect(mod.stagingSinkConfig(stagingSinkArgs(), ROLE_ARN)).toEqual(config);
      expect(mod.ingestRoleArn(stagingSinkArgs())).toBe(ROLE_ARN);
    });

    it("uses the region's own STS endpoint, in China on .amazonaws.com.cn", () => {
      const china = stagingSinkArgs({
        aws: { partition: "aws-cn", region: "cn-north-1", accountId: ACCOUNT },
      });
      const c = mod.stagingSinkConfig(china, mod.ingestRoleArn(china));
      expect(c["aws.sts.config.endpoint"]).toBe("https://sts.cn-north-1.amazonaws.com.cn");
      expect(c["aws.sts.role.arn"]).toBe(`arn:aws-cn:iam::${ACCOUNT}:role/${ROLE_NAME}`);
    });

    it("starts only once its role, key use and ACLs exist", () => {
      const dependsOn = options.get("orders-sink")!.dependsOn as pulumi.Resource[];
      // `__name` is the logical name the SDK keeps on every resource.
      expect(dependsOn.map((r) => (r as any).__name as string).sort()).toEqual(
        [
          "orders-sink-role",
          "orders-sink-policy",
          "orders-sink-keys",
          "orders-sink-topic-read",
          "orders-sink-topic-describe",
          "orders-sink-group-read",
          "orders-sink-dlq-write",
          "orders-sink-dlq-describe",
        ].sort(),
      );
    });

    it("exposes the connector's name and the role's ARN", async () => {
      expect(await resolveOutput(sink.connectorName)).toBe("orders--orders-v1-staging");
      expect(await resolveOutput(sink.roleArn)).toBe(ROLE_ARN);
    });
  });

  describe("ingest role", () => {
    let role: Record<string, any>;
    let policy: any;
    let keys: any;

    beforeAll(() => {
      role = single(captured, T.role, "orders-sink-role").inputs;
      policy = JSON.parse(single(captured, T.rolePolicy, "orders-sink-policy").inputs.policy);
      keys = JSON.parse(single(captured, T.rolePolicy, "orders-sink-keys").inputs.policy);
    });

    it("is named <transform role>-ingest, tagged, with one-hour sessions", () => {
      expect(role.name).toBe(ROLE_NAME);
      expect(role.tags).toEqual(TAGS);
      expect(role.maxSessionDuration).toBe(3600);
    });

    it("is trusted by the Connect workers' role only, and only with the connector's external ID", () => {
      expect(JSON.parse(role.assumeRolePolicy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: CONNECT_WORKER_ROLE_ARN },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": "orders--orders-v1-staging" } },
          },
        ],
      });
      expect(config["aws.sts.role.external.id"]).toBe("orders--orders-v1-staging");
    });

    it("may only add objects under the raw prefix: no read, list or delete", () => {
      expect(policy).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WriteRawRecordsObjects",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: `arn:aws:s3:::${BUCKET}/v1/raw/*`,
          },
        ],
      });
    });

    it("may use the domain's key only, named by its alias so the document is known at preview", () => {
      expect(keys).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EncryptRawRecords",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`,
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": STAGING_KMS_KEY_ALIAS } },
          },
        ],
      });
    });

    it("is proved least-privilege by an IAM evaluator", async () => {
      // A key's aliases reach IAM as `kms:ResourceAliases`; the domain's key carries its alias.
      const decision = async (action: string, resource: string, aliases = [STAGING_KMS_KEY_ALIAS]) => {
        const result = await runSimulation(
          {
            request: {
              principal: ROLE_ARN,
              action,
              resource: { resource, accountId: ACCOUNT },
              contextVariables: action.startsWith("kms:") ? { "kms:ResourceAliases": aliases } : {},
            },
            identityPolicies: [
              { name: "policy", policy },
              { name: "keys", policy: keys },
            ],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(action.startsWith("kms:")
              ? {
                  resourcePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                      {
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                      },
                    ],
                  },
                }
              : {}),
          },
          {},
        );
        if (result.resultType !== "single") throw new Error(JSON.stringify(result));
        return result.overallResult;
      };
      const object = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
      const raw = "v1/raw/ingest_date=2025-01-31/orders.orders.v1-0000000000-00000000000000000000.jsonl.gz";
      expect(await decision("s3:PutObject", object(raw))).toBe("Allowed");
      expect(await decision("s3:AbortMultipartUpload", object(raw))).toBe("Allowed");
      expect(await decision("kms:GenerateDataKey", STAGING_KMS_KEY_ARN)).toBe("Allowed");
      for (const [action, resource] of [
        ["s3:GetObject", object(raw)],
        ["s3:DeleteObject", object(raw)],
        ["s3:ListBucket", `arn:aws:s3:::${BUCKET}`],
        // Not the transform's batches, nor its quarantine, nor another version's raw records.
        ["s3:PutObject", object("v1/ingest_date=2025-01-31/batch-1.parquet")],
        ["s3:PutObject", object("v1/quarantine/batch-1.ndjson")],
        ["s3:PutObject", object("v2/raw/x.jsonl.gz")],
        ["s3:PutObject", `arn:aws:s3:::acme-mesh-dev-customers--customers-v2/v1/raw/x.jsonl.gz`],
      ] as const) {
        expect(`${action} ${resource}: ${await decision(action, resource)}`).toBe(
          `${action} ${resource}: ImplicitlyDenied`,
        );
      }
      // Another domain's key (its own alias, or none), even in the same account and region.
      const otherKey = "arn:aws:kms:eu-west-1:111111111111:key/another-domain";
      expect(await decision("kms:GenerateDataKey", otherKey, ["alias/acme-mesh-dev-customers"])).toBe(
        "ImplicitlyDenied",
      );
      expect(await decision("kms:Decrypt", otherKey, [])).toBe("ImplicitlyDenied");
      // Another environment's key of the same domain.
      expect(await decision("kms:Decrypt", otherKey, ["alias/acme-mesh-prod-orders"])).toBe(
        "ImplicitlyDenied",
      );
    });
  });

  describe("Kafka ACLs", () => {
    it("grant the Connect principal, LITERAL, just what a sink with a dead-letter topic uses", () => {
      const acls = captured.filter((c) => c.type === T.acl && c.name.startsWith("orders-sink-"));
      for (const a of acls) {
        expect(a.inputs).toMatchObject({
          resourcePatternTypeFilter: "Literal",
          aclPermissionType: "Allow",
          aclPrincipal: "User:mesh-connect",
          aclHost: "*",
        });
      }
      expect(
        acls
          .map((a) => `${a.inputs.aclOperation} ${a.inputs.aclResourceType}:${a.inputs.aclResourceName}`)
          .sort(),
      ).toEqual(
        [
          "Read Topic:orders.orders.v1",
          "Describe Topic:orders.orders.v1",
          // Kafka Connect names a sink connector's consumer group connect-<connector name>.
          "Read Group:connect-orders--orders-v1-staging",
          "Write Topic:orders.orders.v1.dlq",
          "Describe Topic:orders.orders.v1.dlq",
        ].sort(),
      );
    });
  });
});

describe("StagingSink validation", () => {
  const rejects = async (
    name: string,
    overrides: Parameters<typeof stagingSinkArgs>[0],
    message: string | RegExp,
  ) => {
    expect(() => new mod.StagingSink(name, stagingSinkArgs(overrides))).toThrow(message);
    await settle();
    expect(children(name)).toEqual([]);
  };
  const staging = (prefix: string) => ({ bucket: BUCKET, prefix, kmsKeyAlias: STAGING_KMS_KEY_ALIAS });

  it("rejects partitions that are not a positive whole number, before any child", async () => {
    await rejects("bad-partitions", { partitions: 0 }, "`partitions` must be a positive whole number, got 0");
    await rejects(
      "bad-fraction",
      { partitions: 2.5 },
      "`partitions` must be a positive whole number, got 2.5",
    );
  });

  it("rejects a prefix that would widen the role's grant: empty, absolute, unterminated or wildcard", async () => {
    for (const [name, prefix] of [
      ["empty-prefix", ""],
      ["absolute-prefix", "/v1/raw/"],
      ["open-prefix", "v1/raw"],
      ["wild-prefix", "v1/*/"],
    ] as const) {
      await rejects(
        name,
        { staging: staging(prefix) },
        `\`staging.prefix\` "${prefix}" must be a key prefix`,
      );
    }
  });

  it("rejects a bad bucket, region or account", async () => {
    await rejects(
      "bad-bucket",
      { staging: { ...staging("v1/raw/"), bucket: "Not_A_Bucket" } },
      '`staging.bucket` "Not_A_Bucket" is not a valid S3 bucket name',
    );
    await rejects(
      "bad-region",
      { aws: { partition: "aws", region: "europe", accountId: ACCOUNT } },
      '`aws.region` must be an AWS region such as "eu-west-1", got "europe"',
    );
    await rejects(
      "bad-account",
      { aws: { partition: "aws", region: "eu-west-1", accountId: "123" } },
      '`aws.accountId` must be a 12-digit AWS account ID, got "123"',
    );
  });

  it("rejects ingestion settings the platform schema refuses, naming the setting", async () => {
    const ingestion = stagingSinkArgs().ingestion;
    await rejects(
      "bad-worker-role",
      { ingestion: { ...ingestion, workerRoleArn: "arn:aws:iam::111111111111:user/someone" } },
      "`ingestion.workerRoleArn`: workerRoleArn must be an IAM role ARN",
    );
    await rejects(
      "wild-principal",
      { ingestion: { ...ingestion, kafkaPrincipal: "User:*" } },
      '`ingestion.kafkaPrincipal`: kafkaPrincipal must be "User:<name>" without wildcards',
    );
    await rejects(
      "bad-namespace",
      { ingestion: { ...ingestion, namespace: "Kafka_Connect" } },
      "`ingestion.namespace`: namespace must be a Kubernetes name",
    );
  });

  it("rejects the owning domain's principal as the Connect principal", async () => {
    const ingestion = { ...stagingSinkArgs().ingestion, kafkaPrincipal: "User:orders" };
    await rejects(
      "domain-principal",
      { ingestion },
      "`ingestion.kafkaPrincipal` must be the Connect workers' own principal, not the domain's \"User:orders\"",
    );
  });

  it("rejects a connector name over 63 and an ingest role name over 64 characters", async () => {
    await rejects(
      "long-connector",
      { product: { domain: "orders", product: "p".repeat(50), major: 1 }, namePrefix: "a" },
      /^KafkaConnector name "orders--p{50}-v1-staging" exceeds 63 characters$/,
    );
    await rejects(
      "long-role",
      { product: { domain: "orders", product: "p".repeat(40), major: 1 } },
      /^IAM role name "acme-mesh-dev-orders--p{40}-v1-ingest" exceeds 64 characters$/,
    );
  });
});
