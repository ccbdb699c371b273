import type { PolicyResource } from "@pulumi/policy";
import {
  consumerGroupName,
  deadLetterTopicName,
  kafkaPrincipal,
  kafkaTopicName,
  type ProductRef,
} from "../../../components/naming.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshStackPolicy } from "../types.js";
import { knownString, knownTopicNames, mainTopicProduct, topicsOf } from "./meshTopics.js";
import { ACL } from "./tokens.js";

/** One LITERAL Allow ACL, as components/kafka/acl.ts grants them. */
interface RequiredAcl {
  readonly resourceType: "Topic" | "Group";
  readonly resourceName: string;
  readonly principal: string;
  readonly operation: "Read" | "Write" | "Describe";
}

/**
 * The ACLs IngestionTopic grants the owning domain for every product topic: Write and Describe on
 * the topic and on its dead-letter topic, Read on the topic with its own consumer group. Consumer
 * and connector ACLs vary with declarations and platform config; other rules bound those.
 */
export function ownerAcls(product: ProductRef): RequiredAcl[] {
  const topic = kafkaTopicName(product);
  const dlq = deadLetterTopicName(product);
  const owner = kafkaPrincipal(product.domain);
  return [
    { resourceType: "Topic", resourceName: topic, principal: owner, operation: "Write" },
    { resourceType: "Topic", resourceName: topic, principal: owner, operation: "Describe" },
    { resourceType: "Topic", resourceName: topic, principal: owner, operation: "Read" },
    {
      resourceType: "Group",
      resourceName: consumerGroupName(product.domain, product),
      principal: owner,
      operation: "Read",
    },
    { resourceType: "Topic", resourceName: dlq, principal: owner, operation: "Write" },
    { resourceType: "Topic", resourceName: dlq, principal: owner, operation: "Describe" },
  ];
}

const same = (read: () => unknown, expected: string) =>
  knownString(read)?.toLowerCase() === expected.toLowerCase();

/**
 * Whether `acl` grants `required`. Every field must be known: an ACL whose principal or operation is
 * unknown at preview does not count. The resource name may instead come from a topic's `name`
 * (unknown at preview): then the ACL's `aclResourceName` must depend on the topic of that name.
 */
function grants(acl: PolicyResource, required: RequiredAcl, topics: ReadonlyMap<string, PolicyResource>) {
  const p = acl.props;
  if (!same(() => p.aclPermissionType, "Allow") || !same(() => p.resourcePatternTypeFilter, "Literal"))
    return false;
  if (
    !same(() => p.aclResourceType, required.resourceType) ||
    !same(() => p.aclOperation, required.operation)
  )
    return false;
  if (knownString(() => p.aclPrincipal) !== required.principal) return false;
  const name = knownString(() => p.aclResourceName);
  if (name !== undefined) return name === required.resourceName;
  const topic = required.resourceType === "Topic" ? topics.get(required.resourceName) : undefined;
  return (
    topic !== undefined && (acl.propertyDependencies.aclResourceName ?? []).some((d) => d.urn === topic.urn)
  );
}

/**
 * The stack's ACLs by the resource name they name, so each required ACL is tested only against
 * those that can grant it: testing every topic's against every ACL grew with the square of the
 * stack. An ACL whose name is unknown at preview may still name a topic through its dependency,
 * so it is a candidate for every required ACL.
 */
class AclIndex {
  private readonly byName = new Map<string, PolicyResource[]>();
  private readonly unnamed: PolicyResource[] = [];

  constructor(acls: readonly PolicyResource[]) {
    for (const acl of acls) {
      const name = knownString(() => acl.props.aclResourceName);
      if (name === undefined) this.unnamed.push(acl);
      else this.byName.set(name, [...(this.byName.get(name) ?? []), acl]);
    }
  }

  candidates(required: RequiredAcl): readonly PolicyResource[] {
    const named = this.byName.get(required.resourceName) ?? [];
    return this.unnamed.length === 0 ? named : [...named, ...this.unnamed];
  }
}

const describe = (a: RequiredAcl) =>
  `${a.operation} on ${a.resourceType} "${a.resourceName}" to ${a.principal}`;

/** Compliant: every mesh topic has the owning domain's LITERAL Allow ACLs that IngestionTopic grants. */
const rule: MeshStackPolicy = {
  name: "kafka-topic-has-owner-acls",
  description:
    "Every mesh Kafka topic has its owning domain's ACLs (write the topic and its dead-letter topic, read with its group).",
  group: "kafka",
  severity: "medium",
  remediation:
    "Create the product's topics with IngestionTopic, which grants User:<domain> LITERAL Allow Write and Describe on the topic and its `.dlq`, and Read on the topic and on the group `<domain>.<topic>`.",
  validateStack: (args, report) => {
    const topics = topicsOf(args);
    if (topics.length === 0) return args.notApplicable("the stack has no Kafka topics");
    const names = knownTopicNames(topics);
    const acls = new AclIndex(args.resources.filter((r) => (ACL as readonly string[]).includes(r.type)));
    const unknowns = new UnknownDeferral();
    for (const topic of topics) {
      unknowns.run(() => {
        const product = mainTopicProduct(topic);
        if (!product) return;
        const missing = ownerAcls(product).filter(
          (req) => !acls.candidates(req).some((acl) => grants(acl, req, names)),
        );
        if (missing.length > 0) {
          report(
            `topic "${topic.props.name}" lacks the owner's ACLs: ${missing.map(describe).join("; ")}; grant them LITERAL.`,
            topic.urn,
          );
        }
      });
    }
    unknowns.rethrow();
  },
};

export default rule;
