import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { TOPIC, topicConfig, topicConfigInt } from "./tokens.js";

/** Compliant: config `min.insync.replicas` is at least 2 and below the replication factor. */
const rule: MeshResourcePolicy = {
  name: "kafka-topic-min-insync-replicas",
  description: "Kafka topics require at least two in-sync replicas for acknowledged writes.",
  group: "kafka",
  severity: "high",
  remediation: 'Set config["min.insync.replicas"] to "2" (with replicationFactor 3).',
  validateResource: forTypes(TOPIC, (props, _args, report) => {
    const minIsr = topicConfigInt(props, "min.insync.replicas");
    const text = topicConfig(props, "min.insync.replicas");
    if (minIsr === undefined && text !== undefined) {
      report(`config["min.insync.replicas"]: "${text}" is not a whole number; set it to "2" or more.`);
    } else if (minIsr === undefined || minIsr < 2) {
      report(`config["min.insync.replicas"]: ${minIsr ?? "unset"}; set it to "2" or more.`);
    } else if (typeof props.replicationFactor === "number" && minIsr >= props.replicationFactor) {
      // With min ISR equal to the replication factor, losing one broker stops all writes.
      report(
        `config["min.insync.replicas"]: ${minIsr} is not below replicationFactor ${props.replicationFactor}; lower it.`,
      );
    }
  }),
};

export default rule;
