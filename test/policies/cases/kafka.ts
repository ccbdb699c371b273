import { type RuleCases, resource } from "../harness.js";

const TOPIC = "kafka:index/topic:Topic";
const ACL = "kafka:index/acl:Acl";
const goodConfig = {
  "min.insync.replicas": "2",
  "unclean.leader.election.enable": "false",
  "retention.ms": "604800000",
};
const topic = (inputs: Record<string, any> = {}, config: Record<string, string> = {}) =>
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
        message: /unset/,
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
    ],
    compliant: [
      { name: "seven days", resources: () => [topic()] },
      {
        name: "forever on a compacted topic",
        resources: () => [topic({}, { "retention.ms": "-1", "cleanup.policy": "compact" })],
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
];
