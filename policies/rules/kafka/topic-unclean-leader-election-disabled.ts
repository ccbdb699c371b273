import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { TOPIC, topicConfig } from "./tokens.js";

/** Compliant: config `unclean.leader.election.enable` is explicitly "false". */
const rule: MeshResourcePolicy = {
  name: "kafka-topic-unclean-leader-election-disabled",
  description: "Kafka topics pin unclean leader election off, so an out-of-sync replica never loses data.",
  group: "kafka",
  severity: "high",
  remediation: 'Set config["unclean.leader.election.enable"] to "false" (the broker default can be changed).',
  validateResource: forTypes(TOPIC, (props, _args, report) => {
    const value = topicConfig(props, "unclean.leader.election.enable");
    if (value !== "false")
      report(`config["unclean.leader.election.enable"]: ${value ?? "unset"}; set it to "false".`);
  }),
};

export default rule;
