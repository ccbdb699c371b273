import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { ACL, isAllow } from "./tokens.js";

/** Compliant: an Allow ACL names a resource, a principal and an operation other than `All`. */
const rule: MeshResourcePolicy = {
  name: "kafka-acl-no-wildcards",
  description: "Kafka Allow ACLs never use a wildcard resource or principal, or operation All.",
  group: "kafka",
  severity: "critical",
  remediation:
    "Grant the specific operation (Read, Write, Describe) to User:<domain> on a named topic or group.",
  validateResource: forTypes(ACL, (props, _args, report) => {
    if (!isAllow(props)) return;
    if (props.aclResourceName === "*")
      report('aclResourceName: "*" covers every resource; name the topic or group.');
    if (props.aclPrincipal === "*" || props.aclPrincipal === "User:*") {
      report(`aclPrincipal: "${props.aclPrincipal}" is everyone; use User:<domain>.`);
    }
    if (String(props.aclOperation).toLowerCase() === "all")
      report("aclOperation: All; grant only the operations needed.");
  }),
};

export default rule;
