export const TOPIC = ["kafka:index/topic:Topic"] as const;
export const ACL = ["kafka:index/acl:Acl"] as const;

/** A topic config value (the provider takes strings; tolerate numbers and booleans). */
export const topicConfig = (props: Record<string, any>, key: string): string | undefined => {
  const value = props.config?.[key];
  return value === undefined || value === null ? undefined : String(value);
};

/** An integer config value, or undefined when absent or not an integer. */
export const topicConfigInt = (props: Record<string, any>, key: string): number | undefined => {
  const text = topicConfig(props, key);
  return text !== undefined && /^-?[0-9]+$/.test(text.trim()) ? Number(text) : undefined;
};

/** Only Allow ACLs grant access; a Deny ACL on a wildcard is a guardrail, not a hole. */
export const isAllow = (props: Record<string, any>) =>
  String(props.aclPermissionType).toLowerCase() === "allow";

/**
 * Strimzi's KafkaConnector custom resource, by API version: `v1` (what the platform creates; the
 * only one Strimzi 1.0 and later serve), and the older `v1beta2` and `v1alpha1` a stack may still have.
 */
export const KAFKA_CONNECTOR = [
  "kubernetes:kafka.strimzi.io/v1alpha1:KafkaConnector",
  "kubernetes:kafka.strimzi.io/v1beta2:KafkaConnector",
  "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
] as const;

/** A KafkaConnector's `spec.config`, the connector's configuration (absent → empty). */
export const connectorConfig = (props: Record<string, any>): Record<string, unknown> => {
  const config = props.spec?.config;
  return typeof config === "object" && config !== null && !Array.isArray(config) ? config : {};
};

/** A connector config value as Kafka Connect reads it (values may be strings, numbers or booleans). */
export const connectorSetting = (config: Record<string, unknown>, key: string): string | undefined => {
  const value = config[key];
  return value === undefined || value === null ? undefined : String(value).trim();
};
