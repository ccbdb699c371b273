import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { type RemovalPolicy, removalOptions } from "../governance.js";
import {
  consumerGroupName,
  deadLetterTopicName,
  kafkaPrincipal,
  kafkaTopicName,
  NAME_LIMITS,
  type ProductRef,
} from "../naming.js";
import { type LiteralAcl, literalAcl } from "./acl.js";

export interface IngestionTopicArgs {
  /** The product version this topic carries; names the topic `<domain>.<product>.v<major>`. */
  readonly product: ProductRef;
  /** Partitions of the main topic. */
  readonly partitions: number;
  /** Days a record stays on the topic (and its dead-letter topic). */
  readonly retentionDays: number;
  /** Domains that declared they consume this product: each may READ the topic with its own group. */
  readonly consumers: readonly string[];
  /** @default "retain" */
  readonly removalPolicy?: RemovalPolicy;
}

/** Durability settings that are not negotiable: three replicas, two in sync, no unclean elections. */
export const TOPIC_DURABILITY = {
  replicationFactor: 3,
  minInsyncReplicas: 2,
} as const;

const DAY_MS = 86_400_000;

/** Validates args before any child is created; throws naming the argument. */
export function validateIngestionTopicArgs(args: IngestionTopicArgs): void {
  if (!Number.isInteger(args.partitions) || args.partitions < 1) {
    throw new Error(`\`partitions\` must be a positive whole number, got ${args.partitions}`);
  }
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1) {
    throw new Error(`\`retentionDays\` must be a positive whole number, got ${args.retentionDays}`);
  }
  if (deadLetterTopicName(args.product).length > NAME_LIMITS.kafkaTopic) {
    throw new Error(
      `topic name for ${kafkaTopicName(args.product)} exceeds ${NAME_LIMITS.kafkaTopic} characters`,
    );
  }
  const self = args.consumers.find((c) => c === args.product.domain);
  if (self) throw new Error(`\`consumers\` must not include the owning domain "${self}"`);
}

/**
 * A product's ingestion topic, its dead-letter topic, and the ACLs that let exactly the owning
 * domain write (and land the topic into staging) and exactly the declared consumers read. Every
 * ACL is LITERAL on one named topic or group: never `*`, never `All`.
 */
export class IngestionTopic extends pulumi.ComponentResource {
  readonly topicName: pulumi.Output<string>;
  readonly deadLetterTopicName: pulumi.Output<string>;
  /** Consumer group each consuming domain (given at construction) must use. */
  readonly consumerGroups: pulumi.Output<Record<string, string>>;
  private readonly name: string;
  private readonly product: ProductRef;
  private readonly topic: kafka.Topic;

  constructor(name: string, args: IngestionTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:kafka:IngestionTopic", name, {}, opts);
    validateIngestionTopicArgs(args);

    const topicConfig = {
      "cleanup.policy": "delete",
      "retention.ms": String(args.retentionDays * DAY_MS),
      "min.insync.replicas": String(TOPIC_DURABILITY.minInsyncReplicas),
      "unclean.leader.election.enable": "false",
    };
    const stateful = { parent: this, ...removalOptions(args.removalPolicy) };
    const topic = new kafka.Topic(
      name,
      {
        name: kafkaTopicName(args.product),
        partitions: args.partitions,
        replicationFactor: TOPIC_DURABILITY.replicationFactor,
        config: topicConfig,
      },
      stateful,
    );
    const deadLetter = new kafka.Topic(
      `${name}-dlq`,
      {
        name: deadLetterTopicName(args.product),
        partitions: 1,
        replicationFactor: TOPIC_DURABILITY.replicationFactor,
        config: topicConfig,
      },
      stateful,
    );

    this.name = name;
    this.product = args.product;
    this.topic = topic;
    const owner = kafkaPrincipal(args.product.domain);
    for (const [label, t] of [
      ["topic", topic],
      ["dlq", deadLetter],
    ] as const) {
      this.acl(`${label}-owner-write`, "Topic", t.name, owner, "Write");
      this.acl(`${label}-owner-describe`, "Topic", t.name, owner, "Describe");
    }
    // The owning domain also reads its own topic to land records in the staging bucket.
    const groups: Record<string, string> = {};
    for (const reader of [args.product.domain, ...args.consumers]) {
      groups[reader] = this.grantRead(reader).group;
    }

    this.topicName = topic.name;
    this.deadLetterTopicName = deadLetter.name;
    this.consumerGroups = pulumi.output(groups);
    this.registerOutputs({
      topicName: this.topicName,
      deadLetterTopicName: this.deadLetterTopicName,
      consumerGroups: this.consumerGroups,
    });
  }

  /**
   * Lets a domain read the topic with its own consumer group, `<domain>.<topic>`: READ on exactly
   * that topic and that group, LITERAL. Returns the ACLs and the group the domain must use.
   */
  grantRead(domain: string): { readonly group: string; readonly acls: readonly kafka.Acl[] } {
    const group = consumerGroupName(domain, this.product);
    const principal = kafkaPrincipal(domain);
    return {
      group,
      acls: [
        this.acl(`read-${domain}`, "Topic", this.topic.name, principal, "Read"),
        this.acl(`group-${domain}`, "Group", group, principal, "Read"),
      ],
    };
  }

  private acl(
    suffix: string,
    resourceType: LiteralAcl["resourceType"],
    resourceName: pulumi.Input<string>,
    principal: string,
    operation: LiteralAcl["operation"],
  ): kafka.Acl {
    return literalAcl(`${this.name}-${suffix}`, { resourceType, resourceName, principal, operation }, this);
  }
}
