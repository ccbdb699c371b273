import { TOPIC_NAME_PATTERN } from "../../../components/naming.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { TOPIC } from "./tokens.js";

/** Compliant: the topic `name` is `<domain>.<product>.v<major>`, optionally followed by `.dlq`. */
const rule: MeshResourcePolicy = {
  name: "kafka-topic-name-convention",
  description: "Kafka topic names follow <domain>.<product>.v<major>[.dlq].",
  group: "kafka",
  severity: "medium",
  remediation: "Name the topic with kafkaTopicName()/deadLetterTopicName() from components/naming.ts.",
  validateResource: forTypes(TOPIC, (props, _args, report) => {
    const name = props.name;
    if (typeof name !== "string") return report("name: unset; set it to <domain>.<product>.v<major>.");
    if (!TOPIC_NAME_PATTERN.test(name))
      report(`name: "${name}" is not <domain>.<product>.v<major>[.dlq]; rename it.`);
  }),
};

export default rule;
