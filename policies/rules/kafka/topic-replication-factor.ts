import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { TOPIC } from "./tokens.js";

/** Compliant: a topic's replicationFactor is at least 3 (configurable). */
const rule: MeshResourcePolicy = {
  name: "kafka-topic-replication-factor",
  description: "Kafka topics are replicated to at least three brokers.",
  group: "kafka",
  severity: "high",
  remediation: "Set replicationFactor to 3 or more.",
  configSchema: { properties: { minReplicationFactor: { type: "integer", minimum: 1, default: 3 } } },
  validateResource: forTypes(TOPIC, (props, args, report) => {
    const { minReplicationFactor = 3 } = args.getConfig<{ minReplicationFactor?: number }>();
    const rf = props.replicationFactor;
    if (typeof rf !== "number" || rf < minReplicationFactor) {
      report(`replicationFactor: ${rf ?? "unset"}; set it to at least ${minReplicationFactor}.`);
    }
  }),
};

export default rule;
