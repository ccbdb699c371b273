import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { connectorConfig, connectorSetting, KAFKA_CONNECTOR } from "./tokens.js";

/** Compliant: a KafkaConnector that sets `errors.tolerance` to `all` also names `errors.deadletterqueue.topic.name`. */
const rule: MeshResourcePolicy = {
  name: "kafka-connector-dead-letter-queue",
  description:
    "Kafka connectors that tolerate bad records send them to a dead-letter topic instead of dropping them.",
  group: "kafka",
  severity: "high",
  remediation:
    'Set spec.config["errors.deadletterqueue.topic.name"] to the product\'s `.dlq` topic (and "errors.deadletterqueue.context.headers.enable": "true" to keep the reason), or leave errors.tolerance at "none".',
  // A config value unknown at preview makes the rule advisory-skip (the engine reports it), never pass.
  validateResource: forTypes(KAFKA_CONNECTOR, (props, _args, report) => {
    const config = connectorConfig(props);
    if (connectorSetting(config, "errors.tolerance")?.toLowerCase() !== "all") return;
    if (!connectorSetting(config, "errors.deadletterqueue.topic.name")) {
      report(
        'spec.config["errors.deadletterqueue.topic.name"]: unset while errors.tolerance is "all", so records that fail are silently dropped; name the dead-letter topic.',
      );
    }
  }),
};

export default rule;
