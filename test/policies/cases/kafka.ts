import { type RuleCases, resource } from "../harness.js";
import { kafkaCompanionCases } from "./kafkaCompanions.js";

const TOPIC = "kafka:index/topic:Topic";
const ACL = "kafka:index/acl:Acl";
const goodConfig = {
  "min.insync.replicas": "2",
  "unclean.leader.election.enable": "false",
  "retention.ms": "604800000",
};
const topic = (inputs: Record<string, any> = {}, config: Record<string, unknown> = {}) =>
  resource(TOPIC, {
    name: "sales.orders.v1",
    partitions: 6,
    replicationFactor: 3,
    ...inputs,
    config: { ...goodConfig, ...config },
  });
const acl = (inputs: Record<string, any> = {}) =>
  resource(ACL, {
    aclResourceType: "Topic",
    aclResourceName: "sales.orders.v1",
    resourcePatternTypeFilter: "Literal",
    aclPrincipal: "User:marketing",
    aclHost: "*",
    aclOperation: "Read",
    aclPermissionType: "Allow",
    ...inputs,
  });

const CONNECTOR = "kubernetes:kafka.strimzi.io/v1:KafkaConnector";
/** A sink in the shape the platform's staging sinks take, with `config` merged over its settings. */
const connector = (config: Record<string, unknown> = {}, type: string = CONNECTOR) =>
  resource(type, {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaConnector",
    metadata: { name: "sales--orders-v1-staging", namespace: "kafka-connect" },
    spec: {
      class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
      tasksMax: 3,
      state: "running",
      config: {
        topics: "sales.orders.v1",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": "sales.orders.v1.dlq",
        "errors.deadletterqueue.context.headers.enable": "true",
        "aws.s3.bucket.name": "acme-mesh-prod-sales--orders-v1",
        "aws.sts.role.arn": "arn:aws:iam::111122223333:role/acme-mesh-prod-sales--orders-v1-ingest",
        "aws.sts.role.session.name": "sales--orders-v1-staging",
        "aws.sts.role.external.id": "sales--orders-v1-staging",
        ...config,
      },
    },
  });
/** A config provider reference, `${<ref>}`, as Kafka Connect workers resolve them. */
const provided = (ref: string) => `\${${ref}}`;
const withoutDlq = (config: Record<string, unknown> = {}) => {
  const c = connector(config);
  delete c.inputs.spec.config["errors.deadletterqueue.topic.name"];
  return c;
};

export const kafkaCases: RuleCases[] = [
  {
    rule: "kafka-topic-replication-factor",
    violating: [
      {
        name: "replication factor 2",
        resources: () => [topic({ replicationFactor: 2 })],
        message: /^replicationFactor: 2; set it to at least 3/,
      },
      {
        name: "below a configured minimum of 5",
        resources: () => [topic({ replicationFactor: 3 })],
        config: { minReplicationFactor: 5 },
        message: /at least 5/,
      },
      {
        name: "replication factor unset (left to the broker default)",
        resources: () => [resource(TOPIC, { name: "sales.orders.v1", partitions: 6, config: goodConfig })],
        message: /^replicationFactor: unset; set it to at least 3\.$/,
      },
    ],
    compliant: [{ name: "replication factor 3", resources: () => [topic()] }],
  },
  {
    rule: "kafka-topic-min-insync-replicas",
    violating: [
      {
        name: "min.insync.replicas 1",
        resources: () => [topic({}, { "min.insync.replicas": "1" })],
        message: /^config\["min.insync.replicas"\]: 1;/,
      },
      {
        name: "min.insync.replicas unset",
        resources: () => [resource(TOPIC, { name: "sales.orders.v1", partitions: 1, replicationFactor: 3 })],
        message: /^config\["min.insync.replicas"\]: unset;/,
      },
      {
        name: "min.insync.replicas not a number (said so, not called unset)",
        resources: () => [topic({}, { "min.insync.replicas": "two" })],
        message: /^config\["min.insync.replicas"\]: "two" is not a whole number;/,
      },
      {
        name: "min.insync.replicas equal to the replication factor",
        resources: () => [topic({}, { "min.insync.replicas": "3" })],
        message: /not below replicationFactor 3/,
      },
    ],
    compliant: [{ name: "2 of 3", resources: () => [topic()] }],
  },
  {
    rule: "kafka-topic-unclean-leader-election-disabled",
    violating: [
      {
        name: "enabled",
        resources: () => [topic({}, { "unclean.leader.election.enable": "true" })],
        message: /^config\["unclean.leader.election.enable"\]: true/,
      },
      {
        name: "recorded as null (a state file's absent value)",
        resources: () => [topic({}, { "unclean.leader.election.enable": null })],
        message: /^config\["unclean.leader.election.enable"\]: unset;/,
      },
      {
        name: "left to the broker default",
        resources: () => [resource(TOPIC, { name: "sales.orders.v1", replicationFactor: 3, config: {} })],
        message: /unset/,
      },
    ],
    compliant: [{ name: "explicitly false", resources: () => [topic()] }],
  },
  {
    rule: "kafka-topic-retention-bounded",
    violating: [
      {
        name: "retention unset",
        resources: () => [resource(TOPIC, { name: "sales.orders.v1", replicationFactor: 3, config: {} })],
        message: /^config\["retention.ms"\]: unset/,
      },
      {
        name: "infinite retention on a delete topic",
        resources: () => [topic({}, { "retention.ms": "-1" })],
        message: /-1 keeps data forever/,
      },
      {
        name: "a year, above the default maximum",
        resources: () => [topic({}, { "retention.ms": String(365 * 86_400_000) })],
        message: /outside \[/,
      },
      {
        name: "a minute, below the minimum",
        resources: () => [topic({}, { "retention.ms": "60000" })],
        message: /60000 is outside/,
      },
      {
        name: "a value that is not a whole number (604_800_000, as TypeScript writes it)",
        resources: () => [topic({}, { "retention.ms": "604_800_000" })],
        message:
          /^config\["retention\.ms"\]: "604_800_000" is not a whole number of milliseconds; set one\.$/,
      },
    ],
    compliant: [
      { name: "seven days", resources: () => [topic()] },
      {
        name: "forever on a compacted topic",
        resources: () => [topic({}, { "retention.ms": "-1", "cleanup.policy": "compact" })],
      },
      {
        name: "forever on a topic both compacted and deleted (Kafka trims the listed policies)",
        resources: () => [topic({}, { "retention.ms": "-1", "cleanup.policy": "delete, compact" })],
      },
      {
        name: "seven days with surrounding spaces (Kafka trims the value)",
        resources: () => [topic({}, { "retention.ms": " 604800000 " })],
      },
      { name: "exactly the minimum, one hour", resources: () => [topic({}, { "retention.ms": "3600000" })] },
      {
        name: "exactly the maximum, 90 days",
        resources: () => [topic({}, { "retention.ms": String(90 * 86_400_000) })],
      },
      {
        name: "a year under a raised maximum",
        resources: () => [topic({}, { "retention.ms": String(365 * 86_400_000) })],
        config: { maxRetentionMs: 400 * 86_400_000 },
      },
    ],
  },
  {
    rule: "kafka-topic-name-convention",
    violating: [
      {
        name: "a free-form name",
        resources: () => [topic({ name: "orders" })],
        message: /^name: "orders" is not <domain>\.<product>\.v<major>/,
      },
      {
        name: "a version without v",
        resources: () => [topic({ name: "sales.orders.1" })],
        message: /is not/,
      },
      {
        name: "no name",
        resources: () => [resource(TOPIC, { replicationFactor: 3 })],
        message: /^name: unset/,
      },
    ],
    compliant: [
      { name: "a product topic", resources: () => [topic()] },
      { name: "a dead-letter topic", resources: () => [topic({ name: "sales.orders.v2.dlq" })] },
    ],
  },
  {
    rule: "kafka-acl-no-wildcards",
    violating: [
      {
        name: "resource *",
        resources: () => [acl({ aclResourceName: "*" })],
        message: /^aclResourceName: "\*"/,
      },
      {
        name: "principal User:*",
        resources: () => [acl({ aclPrincipal: "User:*" })],
        message: /^aclPrincipal: "User:\*"/,
      },
      {
        name: 'principal "*"',
        resources: () => [acl({ aclPrincipal: "*" })],
        message: /^aclPrincipal: "\*" is everyone/,
      },
      {
        name: "operation All",
        resources: () => [acl({ aclOperation: "All" })],
        message: /^aclOperation: All/,
      },
    ],
    compliant: [
      { name: "a named Read", resources: () => [acl()] },
      {
        name: "a Deny on *",
        resources: () => [acl({ aclResourceName: "*", aclPermissionType: "Deny", aclOperation: "All" })],
      },
    ],
  },
  {
    rule: "kafka-acl-prefix-on-domain-namespace",
    violating: [
      {
        name: 'prefix "sales" without the dot',
        resources: () => [acl({ resourcePatternTypeFilter: "Prefixed", aclResourceName: "sales" })],
        message: /^aclResourceName: prefix "sales"/,
      },
      {
        name: 'prefix "s"',
        resources: () => [acl({ resourcePatternTypeFilter: "Prefixed", aclResourceName: "s" })],
        message: /not a domain namespace/,
      },
    ],
    compliant: [
      {
        name: 'prefix "sales."',
        resources: () => [acl({ resourcePatternTypeFilter: "Prefixed", aclResourceName: "sales." })],
      },
      {
        name: 'prefix "sales.orders."',
        resources: () => [acl({ resourcePatternTypeFilter: "Prefixed", aclResourceName: "sales.orders." })],
      },
      { name: "a literal name", resources: () => [acl({ aclResourceName: "sales" })] },
    ],
  },
  {
    rule: "kafka-acl-no-cluster-operations",
    violating: [
      {
        name: "Cluster Alter for a domain",
        resources: () => [
          acl({ aclResourceType: "Cluster", aclResourceName: "kafka-cluster", aclOperation: "Alter" }),
        ],
        message: /^aclResourceType: Cluster granted to User:marketing/,
      },
    ],
    compliant: [
      { name: "a topic grant", resources: () => [acl()] },
      {
        name: "Cluster for a configured platform principal",
        resources: () => [
          acl({
            aclResourceType: "Cluster",
            aclResourceName: "kafka-cluster",
            aclPrincipal: "User:platform",
            aclOperation: "Alter",
          }),
        ],
        config: { platformPrincipals: ["User:platform"] },
      },
    ],
  },
  {
    rule: "kafka-connector-dead-letter-queue",
    violating: [
      {
        name: "1. errors.tolerance all without a dead-letter topic",
        resources: () => [withoutDlq()],
        message:
          /^spec\.config\["errors\.deadletterqueue\.topic\.name"\]: unset while errors\.tolerance is "all"/,
      },
      {
        name: '2. tolerance " ALL " (Kafka Connect trims and ignores case) with an empty topic name',
        resources: () => [
          connector({ "errors.tolerance": " ALL ", "errors.deadletterqueue.topic.name": "" }),
        ],
        message: /silently dropped/,
      },
      {
        name: "3. an older v1alpha1 KafkaConnector (a stack not yet moved to v1)",
        resources: () => {
          const c = withoutDlq();
          return [{ ...c, type: "kubernetes:kafka.strimzi.io/v1alpha1:KafkaConnector" }];
        },
        message: /unset while errors\.tolerance is "all"/,
      },
      {
        name: "4. a dead-letter topic name recorded as null (a state file's absent value)",
        resources: () => [connector({ "errors.deadletterqueue.topic.name": null })],
        message: /unset while errors\.tolerance is "all"/,
      },
    ],
    compliant: [
      { name: "errors tolerated and routed to the .dlq topic", resources: () => [connector()] },
      {
        name: "a connector with no spec (nothing configured)",
        resources: () => [resource(CONNECTOR, { metadata: { name: "sales--orders-v1-staging" } })],
      },
      {
        name: "a connector whose spec has no config",
        resources: () => [
          resource(CONNECTOR, {
            spec: { class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector" },
          }),
        ],
      },
      {
        name: "a connector whose config is recorded as null (state file)",
        resources: () => [
          resource(CONNECTOR, {
            spec: { class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector", config: null },
          }),
        ],
      },
      {
        name: "errors not tolerated (the connector stops on the first bad record)",
        resources: () => [withoutDlq({ "errors.tolerance": "none" })],
      },
      {
        name: "errors.tolerance left at its default",
        resources: () => [withoutDlq({ "errors.tolerance": undefined })],
      },
    ],
  },
  {
    rule: "kafka-connector-no-static-credentials",
    violating: [
      {
        name: "1. an AWS access key pair",
        resources: () => [
          connector({
            "aws.access.key.id": "AKIAIOSFODNN7EXAMPLE",
            "aws.secret.access.key": "wJalrXUtnFEMI",
          }),
        ],
        message: /^spec\.config\["aws\.(access\.key\.id|secret\.access\.key)"\]: a static cloud credential/,
      },
      {
        name: "2. the deprecated aws_access_key_id, even read through a config provider",
        resources: () => [connector({ aws_access_key_id: provided("secrets:kafka-connect/aws:id") })],
        message: /^spec\.config\["aws_access_key_id"\]: a static cloud credential/,
      },
      {
        name: "3. a literal truststore password",
        resources: () => [connector({ "ssl.truststore.password": "changeit" })],
        message: /^spec\.config\["ssl\.truststore\.password"\]: a literal secret/,
      },
      {
        name: "4. a literal password in a JAAS config",
        resources: () => [
          connector({
            "consumer.override.sasl.jaas.config":
              'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
          }),
        ],
        message: /a literal password in the JAAS config/,
      },
    ],
    compliant: [
      { name: "a role assumed through the workers' identity", resources: () => [connector()] },
      {
        name: "secrets read through config providers",
        resources: () => [
          connector({
            "database.password": provided("secrets:kafka-connect/db:password"),
            "ssl.keystore.password": provided(
              "file:/opt/kafka/external-configuration/tls/password.properties:pw",
            ),
            "consumer.override.sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="${provided("secrets:kafka-connect/scram:password")}";`,
          }),
        ],
      },
      { name: "an empty secret setting", resources: () => [connector({ "client.secret": "" })] },
      {
        name: "secret settings left undefined, null or blank",
        resources: () => [
          connector({ "client.secret": undefined, "ssl.key.password": null, "database.password": "   " }),
        ],
      },
      {
        name: "a config provider reference with surrounding spaces (Kafka trims the value)",
        resources: () => [
          connector({ "database.password": ` ${provided("secrets:kafka-connect/db:password")} ` }),
        ],
      },
    ],
  },
  ...kafkaCompanionCases,
];
