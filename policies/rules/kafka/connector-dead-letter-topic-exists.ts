import { deadLetterTopicName, parseTopicName } from "../../../components/naming.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshStackPolicy } from "../types.js";
import { knownTopicNames, topicsOf } from "./meshTopics.js";
import { connectorConfig, connectorSetting, KAFKA_CONNECTOR } from "./tokens.js";

/**
 * The connector's source topics, from its comma-separated `topics` setting. An empty entry (`a,,b`)
 * is kept: it names no mesh topic, so it adds no dead-letter topic of its own.
 */
const sourceTopics = (config: Record<string, unknown>) =>
  (connectorSetting(config, "topics") ?? "").split(",").map((t) => t.trim());

// kafka-connector-dead-letter-queue makes a tolerant connector name a dead-letter topic; this rule
// makes that topic exist and belong to what the connector reads. A name alone lets failed records
// go to a topic nobody created (broker auto-creation with default, unbounded settings) or to
// another product's dead-letter topic, where that product's readers would see them.
/** Compliant: a connector with `errors.tolerance` "all" names as dead-letter topic the `.dlq` Topic, in the stack, of one of its `topics`. */
const rule: MeshStackPolicy = {
  name: "kafka-connector-dead-letter-topic-exists",
  description:
    "A Kafka connector that tolerates bad records sends them to its own product's dead-letter topic, created in the stack.",
  group: "kafka",
  severity: "high",
  remediation:
    'List the product topic in spec.config.topics and set "errors.deadletterqueue.topic.name" to its deadLetterTopicName() (`<topic>.dlq`), created by the product\'s IngestionTopic.',
  validateStack: (args, report) => {
    const connectors = args.resources.filter((r) => (KAFKA_CONNECTOR as readonly string[]).includes(r.type));
    if (connectors.length === 0) return args.notApplicable("the stack has no Kafka connectors");
    const topics = knownTopicNames(topicsOf(args));
    const unknowns = new UnknownDeferral();
    for (const connector of connectors) {
      unknowns.run(() => {
        const config = connectorConfig(connector.props);
        if (connectorSetting(config, "errors.tolerance")?.toLowerCase() !== "all") return;
        const dlq = connectorSetting(config, "errors.deadletterqueue.topic.name");
        if (!dlq) return; // kafka-connector-dead-letter-queue reports the missing name
        const at = 'spec.config["errors.deadletterqueue.topic.name"]';
        const own = sourceTopics(config).flatMap((t) => {
          const product = parseTopicName(t);
          return product && !product.deadLetter ? [deadLetterTopicName(product)] : [];
        });
        if (!own.includes(dlq)) {
          report(
            `${at}: "${dlq}" is not the dead-letter topic of the connector's topics (${own.join(", ") || "none listed"}); use its own.`,
            connector.urn,
          );
        } else if (!topics.has(dlq)) {
          report(
            `${at}: "${dlq}" is not a kafka.Topic in the stack; create it with the product's IngestionTopic.`,
            connector.urn,
          );
        }
      });
    }
    unknowns.rethrow();
  },
};

export default rule;
