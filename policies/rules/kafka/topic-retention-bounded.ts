import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { TOPIC, topicConfig, topicConfigInt } from "./tokens.js";

const HOUR_MS = 3_600_000;
const DEFAULT_MIN_MS = HOUR_MS;
const DEFAULT_MAX_MS = 90 * 24 * HOUR_MS;

/** Compliant: `retention.ms` is set within bounds; `-1` (forever) only on compacted topics. */
const rule: MeshResourcePolicy = {
  name: "kafka-topic-retention-bounded",
  description: "Kafka topics set an explicit, bounded retention.",
  group: "kafka",
  severity: "medium",
  remediation: 'Set config["retention.ms"] within the bounds, or "-1" only with cleanup.policy "compact".',
  configSchema: {
    properties: {
      minRetentionMs: { type: "integer", minimum: 0, default: DEFAULT_MIN_MS },
      maxRetentionMs: { type: "integer", minimum: 1, default: DEFAULT_MAX_MS },
    },
  },
  validateResource: forTypes(TOPIC, (props, args, report) => {
    const { minRetentionMs = DEFAULT_MIN_MS, maxRetentionMs = DEFAULT_MAX_MS } = args.getConfig<{
      minRetentionMs?: number;
      maxRetentionMs?: number;
    }>();
    const retention = topicConfigInt(props, "retention.ms");
    if (retention === undefined) {
      const text = topicConfig(props, "retention.ms");
      return report(
        text === undefined
          ? 'config["retention.ms"]: unset; set it explicitly.'
          : `config["retention.ms"]: "${text}" is not a whole number of milliseconds; set one.`,
      );
    }
    if (retention === -1) {
      const compacted = (topicConfig(props, "cleanup.policy") ?? "").split(",").map((p) => p.trim());
      if (!compacted.includes("compact"))
        report('config["retention.ms"]: -1 keeps data forever; allowed only with cleanup.policy "compact".');
      return;
    }
    if (retention < minRetentionMs || retention > maxRetentionMs) {
      report(
        `config["retention.ms"]: ${retention} is outside [${minRetentionMs}, ${maxRetentionMs}]; choose a value within.`,
      );
    }
  }),
};

export default rule;
