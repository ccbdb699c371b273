import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { ACL, isAllow } from "./tokens.js";

/** `<domain>.` or `<domain>.<product>.`: a whole namespace of the topic naming convention. */
const DOMAIN_NAMESPACE = /^[a-z][a-z0-9-]*\.([a-z][a-z0-9-]*\.)?$/;

/** Compliant: Prefixed Allow ACLs use a domain namespace ending in `.` (e.g. `sales.`) as prefix. */
const rule: MeshResourcePolicy = {
  name: "kafka-acl-prefix-on-domain-namespace",
  description: "Prefixed Kafka ACLs cover exactly one domain (or product) namespace.",
  group: "kafka",
  severity: "high",
  remediation:
    'Use a Literal pattern, or a prefix such as "sales." (with the dot, so "sales" does not match "salesforce").',
  validateResource: forTypes(ACL, (props, _args, report) => {
    if (!isAllow(props) || String(props.resourcePatternTypeFilter).toLowerCase() !== "prefixed") return;
    if (!DOMAIN_NAMESPACE.test(String(props.aclResourceName))) {
      report(
        `aclResourceName: prefix "${props.aclResourceName}" is not a domain namespace like "sales."; fix the prefix.`,
      );
    }
  }),
};

export default rule;
