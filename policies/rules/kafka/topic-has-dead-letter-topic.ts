import { deadLetterTopicName } from "../../../components/naming.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshStackPolicy } from "../types.js";
import { knownTopicNames, mainTopicProduct, topicsOf } from "./meshTopics.js";

/** Compliant: every mesh topic `<domain>.<product>.v<major>` has a Topic named `<domain>.<product>.v<major>.dlq` in the stack. */
const rule: MeshStackPolicy = {
  name: "kafka-topic-has-dead-letter-topic",
  description: "Every mesh Kafka topic has its dead-letter topic, so records that fail are kept, not lost.",
  group: "kafka",
  severity: "high",
  remediation:
    "Create the product's topics with IngestionTopic, or add a kafka.Topic named deadLetterTopicName(product) (`<domain>.<product>.v<major>.dlq`).",
  validateStack: (args, report) => {
    const topics = topicsOf(args);
    if (topics.length === 0) return args.notApplicable("the stack has no Kafka topics");
    const names = knownTopicNames(topics);
    const unknowns = new UnknownDeferral();
    for (const topic of topics) {
      unknowns.run(() => {
        const product = mainTopicProduct(topic);
        if (!product) return;
        const dlq = deadLetterTopicName(product);
        if (!names.has(dlq)) {
          report(`topic "${topic.props.name}" has no dead-letter topic "${dlq}"; create it.`, topic.urn);
        }
      });
    }
    unknowns.rethrow();
  },
};

export default rule;
