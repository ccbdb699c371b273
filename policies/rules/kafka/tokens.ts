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
