/**
 * Cases for the rules that require a mesh topic's companions: its dead-letter topic and its owning
 * domain's ACLs. Absence is a violation, in preview-shaped resources (inputs) and in state-file
 * shaped ones (outputs only, as `mesh policy check --state` hands stack rules).
 */
import { type PlannedResource, UNKNOWN_STRING } from "../../../policies/engine/index.js";
import { type RuleCases, resource } from "../harness.js";

const TOPIC = "kafka:index/topic:Topic";
/** A Pulumi dynamic-provider resource: any program can give one any inputs, a topic's or an ACL's. */
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const CONNECTOR = "kubernetes:kafka.strimzi.io/v1:KafkaConnector";
const ACL = "kafka:index/acl:Acl";
const NAME = "sales.orders.v1";
const DLQ = `${NAME}.dlq`;

export const topic = (name: string = NAME) =>
  resource(TOPIC, {
    name,
    partitions: 6,
    replicationFactor: 3,
    config: {
      "min.insync.replicas": "2",
      "unclean.leader.election.enable": "false",
      "retention.ms": "604800000",
    },
  });

/** A LITERAL Allow ACL, as components/kafka/acl.ts creates them. */
const acl = (
  resourceType: string,
  resourceName: string,
  operation: string,
  inputs: Record<string, any> = {},
) =>
  resource(ACL, {
    aclResourceType: resourceType,
    aclResourceName: resourceName,
    resourcePatternTypeFilter: "Literal",
    aclPrincipal: "User:sales",
    aclHost: "*",
    aclOperation: operation,
    aclPermissionType: "Allow",
    ...inputs,
  });

/** A staging sink as StagingSink builds it, with `config` merged over its error settings. */
const sink = (config: Record<string, unknown> = {}) =>
  resource(CONNECTOR, {
    metadata: { name: "sales-orders-v1-staging", namespace: "kafka-connect" },
    spec: {
      class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
      config: {
        topics: NAME,
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": DLQ,
        ...config,
      },
    },
  });

/** The owner's ACLs IngestionTopic creates, each labelled for the case that drops it. */
const OWNER_ACLS = [
  ["Write on the topic", () => acl("Topic", NAME, "Write")],
  ["Describe on the topic", () => acl("Topic", NAME, "Describe")],
  ["Read on the topic", () => acl("Topic", NAME, "Read")],
  ["Read on its consumer group", () => acl("Group", `sales.${NAME}`, "Read")],
  ["Write on the dead-letter topic", () => acl("Topic", DLQ, "Write")],
  ["Describe on the dead-letter topic", () => acl("Topic", DLQ, "Describe")],
] as const;

/** What IngestionTopic creates for sales/orders v1: the topic (first), its DLQ, the owner's ACLs. */
const ingestion = (): PlannedResource[] => [topic(), topic(DLQ), ...OWNER_ACLS.map(([, make]) => make())];

/** The same resource as `pulumi stack export` records it for stack rules: outputs, no inputs. */
const deployed = (r: PlannedResource): PlannedResource => ({
  ...r,
  inputs: {},
  outputs: { id: r.name, ...r.inputs },
});

/**
 * `ingestion()` with the owner ACL at `index` replaced by `replace` (or dropped); `replace` is given
 * the topic and its dead-letter topic, for an ACL that depends on one of them.
 */
const withAcl =
  (index: number, replace?: (topic: PlannedResource, dlq: PlannedResource) => PlannedResource) => () => {
    const resources = ingestion();
    resources.splice(2 + index, 1, ...(replace ? [replace(resources[0]!, resources[1]!)] : []));
    return resources;
  };

/** An ACL whose `aclResourceName` is unknown at preview, depending through it on `on` (if any). */
const unnamedAcl = (resourceType: string, operation: string, on?: PlannedResource): PlannedResource => ({
  ...acl(resourceType, UNKNOWN_STRING, operation),
  ...(on ? { propertyDependencies: { aclResourceName: [on.urn] } } : {}),
});

export const kafkaCompanionCases: RuleCases[] = [
  {
    rule: "kafka-topic-has-dead-letter-topic",
    violating: [
      {
        name: "a mesh topic without its .dlq topic",
        resources: () => [topic()],
        message: /^topic "sales\.orders\.v1" has no dead-letter topic "sales\.orders\.v1\.dlq"; create it\.$/,
      },
      {
        name: "a mesh topic whose only dead-letter topic belongs to another version",
        resources: () => [topic(), topic("sales.orders.v2.dlq")],
        message: /has no dead-letter topic "sales\.orders\.v1\.dlq"/,
      },
      {
        name: "a mesh topic whose .dlq is only a resource of another type with that name",
        resources: () => [topic(), resource(DYNAMIC, { name: DLQ })],
        message: /has no dead-letter topic "sales\.orders\.v1\.dlq"/,
      },
      {
        name: "a deployed mesh topic (state file) without its .dlq topic",
        resources: () => [deployed(topic())],
        message: /has no dead-letter topic "sales\.orders\.v1\.dlq"/,
      },
    ],
    compliant: [
      { name: "a mesh topic with its .dlq topic", resources: () => [topic(), topic(DLQ)] },
      {
        name: "a deployed mesh topic with its .dlq topic (state file)",
        resources: () => [deployed(topic()), deployed(topic(DLQ))],
      },
      { name: "a dead-letter topic alone (it needs no dead-letter topic)", resources: () => [topic(DLQ)] },
      {
        name: "a topic outside the naming convention (kafka-topic-name-convention flags it)",
        resources: () => [topic("legacy_orders")],
      },
    ],
  },
  {
    rule: "kafka-topic-has-owner-acls",
    violating: [
      {
        name: "a mesh topic and its .dlq without any ACL",
        resources: () => [topic(), topic(DLQ)],
        message:
          /^topic "sales\.orders\.v1" lacks the owner's ACLs: Write on Topic "sales\.orders\.v1" to User:sales; .*Describe on Topic "sales\.orders\.v1\.dlq" to User:sales; grant them LITERAL\.$/,
      },
      ...OWNER_ACLS.map(([label], i) => ({
        name: `a mesh topic missing the owner's ${label}`,
        resources: withAcl(i),
        message:
          /lacks the owner's ACLs: (Read|Write|Describe) on (Topic|Group) "[^"]+" to User:sales; grant/,
      })),
      {
        name: "the owner's Write granted to another principal",
        resources: withAcl(0, () => acl("Topic", NAME, "Write", { aclPrincipal: "User:marketing" })),
        message: /lacks the owner's ACLs: Write on Topic "sales\.orders\.v1" to User:sales;/,
      },
      {
        name: "the owner's Write as a Prefixed pattern instead of Literal",
        resources: withAcl(0, () => acl("Topic", NAME, "Write", { resourcePatternTypeFilter: "Prefixed" })),
        message: /Write on Topic "sales\.orders\.v1"/,
      },
      {
        name: "the owner's Write as a Deny",
        resources: withAcl(0, () => acl("Topic", NAME, "Write", { aclPermissionType: "Deny" })),
        message: /Write on Topic "sales\.orders\.v1"/,
      },
      {
        name: "the owner's Write with a principal unknown at preview (fail closed)",
        resources: withAcl(0, () => acl("Topic", NAME, "Write", { aclPrincipal: UNKNOWN_STRING })),
        message: /Write on Topic "sales\.orders\.v1"/,
      },
      {
        name: "the owner's Write with an operation unknown at preview (fail closed)",
        resources: withAcl(0, () => acl("Topic", NAME, UNKNOWN_STRING)),
        message: /lacks the owner's ACLs: Write on Topic "sales\.orders\.v1" to User:sales; grant/,
      },
      {
        name: "the owner's Write with a topic name unknown at preview and no dependency on the topic",
        resources: withAcl(0, () => unnamedAcl("Topic", "Write")),
        message: /lacks the owner's ACLs: Write on Topic "sales\.orders\.v1" to User:sales; grant/,
      },
      {
        name: "the owner's Write whose unknown topic name depends on another topic (its .dlq)",
        resources: withAcl(0, (_topic, dlq) => unnamedAcl("Topic", "Write", dlq)),
        message: /lacks the owner's ACLs: Write on Topic "sales\.orders\.v1" to User:sales; grant/,
      },
      {
        // A group is named `<domain>.<topic>`, never by a topic's `name`: a dependency on a topic,
        // even one named like the group, does not make the ACL the group's.
        name: "the owner's group Read whose unknown name depends on a topic named like the group",
        resources: () => {
          const lookalike = topic(`sales.${NAME}`);
          return [...withAcl(3, () => unnamedAcl("Group", "Read", lookalike))(), lookalike];
        },
        message: /lacks the owner's ACLs: Read on Group "sales\.sales\.orders\.v1" to User:sales; grant/,
      },
      {
        name: "the owner's Write as a resource of another type with an ACL's inputs (it grants nothing)",
        resources: withAcl(0, () => ({ ...acl("Topic", NAME, "Write"), type: DYNAMIC })),
        message: /lacks the owner's ACLs: Write on Topic "sales\.orders\.v1" to User:sales; grant/,
      },
      {
        name: "a deployed mesh topic (state file) missing the owner's Write on its .dlq",
        resources: () => withAcl(4)().map(deployed),
        message: /lacks the owner's ACLs: Write on Topic "sales\.orders\.v1\.dlq" to User:sales; grant/,
      },
    ],
    compliant: [
      { name: "the ACLs IngestionTopic creates", resources: ingestion },
      {
        name: "the ACLs IngestionTopic creates, deployed (state file)",
        resources: () => ingestion().map(deployed),
      },
      {
        name: "the topic name unknown in an ACL that depends on the topic (preview)",
        resources: withAcl(0, (topic) => unnamedAcl("Topic", "Write", topic)),
      },
      { name: "a dead-letter topic alone (its ACLs are its main topic's)", resources: () => [topic(DLQ)] },
    ],
  },
  {
    rule: "kafka-connector-dead-letter-topic-exists",
    violating: [
      {
        name: "a tolerant connector whose dead-letter topic is not in the stack",
        resources: () => [sink(), topic()],
        message:
          /^spec\.config\["errors\.deadletterqueue\.topic\.name"\]: "sales\.orders\.v1\.dlq" is not a kafka\.Topic in the stack/,
      },
      {
        name: "a connector sending failed records to another product's dead-letter topic",
        resources: () => [
          sink({ "errors.deadletterqueue.topic.name": "marketing.campaigns.v1.dlq" }),
          topic("marketing.campaigns.v1.dlq"),
        ],
        message:
          /"marketing\.campaigns\.v1\.dlq" is not the dead-letter topic of the connector's topics \(sales\.orders\.v1\.dlq\)/,
      },
      {
        name: "a connector naming an ordinary topic as its dead-letter topic",
        resources: () => [sink({ "errors.deadletterqueue.topic.name": NAME }), topic()],
        message: /is not the dead-letter topic of the connector's topics/,
      },
      {
        name: "a connector that reads by topics.regex (its own dead-letter topic cannot be told)",
        resources: () => [sink({ topics: undefined, "topics.regex": "sales\\..*" }), topic(DLQ)],
        message: /\(none listed\)/,
      },
      {
        // Listed with spaces, an empty entry, a name outside the convention and a dead-letter topic,
        // which has no dead-letter topic of its own: the connector's own are those of its two products.
        name: "a connector reading several topics that names none of their dead-letter topics",
        resources: () => [
          sink({
            topics: "sales.orders.v1, legacy_orders, , sales.refunds.v2 ,sales.orders.v1.dlq",
            "errors.deadletterqueue.topic.name": "marketing.campaigns.v1.dlq",
          }),
          topic("marketing.campaigns.v1.dlq"),
        ],
        message:
          /^spec\.config\["errors\.deadletterqueue\.topic\.name"\]: "marketing\.campaigns\.v1\.dlq" is not the dead-letter topic of the connector's topics \(sales\.orders\.v1\.dlq, sales\.refunds\.v2\.dlq\); use its own\.$/,
      },
      {
        name: 'errors.tolerance " ALL " (Kafka Connect trims and ignores case) and the dead-letter topic missing',
        resources: () => [sink({ "errors.tolerance": " ALL " }), topic()],
        message: /"sales\.orders\.v1\.dlq" is not a kafka\.Topic in the stack/,
      },
      {
        name: "a deployed connector (state file) whose dead-letter topic is missing",
        resources: () => [deployed(sink()), deployed(topic())],
        message: /is not a kafka\.Topic in the stack/,
      },
    ],
    compliant: [
      {
        name: "the staging sink beside its product's topics",
        resources: () => [sink(), topic(), topic(DLQ)],
      },
      {
        name: "the same, deployed (state file)",
        resources: () => [deployed(sink()), deployed(topic()), deployed(topic(DLQ))],
      },
      {
        name: "a connector that tolerates no errors (it needs no dead-letter topic)",
        resources: () => [
          sink({ "errors.tolerance": "none", "errors.deadletterqueue.topic.name": undefined }),
        ],
      },
      {
        name: "a connector that tolerates no errors, naming another product's dead-letter topic",
        resources: () => [
          sink({
            "errors.tolerance": "none",
            "errors.deadletterqueue.topic.name": "marketing.campaigns.v1.dlq",
          }),
          topic(),
        ],
      },
      {
        name: "a connector leaving errors.tolerance at its default (none), naming a dead-letter topic",
        resources: () => [
          sink({
            "errors.tolerance": undefined,
            "errors.deadletterqueue.topic.name": "marketing.campaigns.v1.dlq",
          }),
          topic(),
        ],
      },
      {
        name: "a tolerant connector naming no dead-letter topic (kafka-connector-dead-letter-queue reports it)",
        resources: () => [sink({ "errors.deadletterqueue.topic.name": undefined }), topic(), topic(DLQ)],
      },
      {
        name: "a resource of another type with a tolerant connector's config (only KafkaConnectors are judged)",
        resources: () => [
          resource(DYNAMIC, {
            spec: {
              config: {
                topics: NAME,
                "errors.tolerance": "all",
                "errors.deadletterqueue.topic.name": "marketing.campaigns.v1.dlq",
              },
            },
          }),
          topic(),
        ],
      },
    ],
  },
];
