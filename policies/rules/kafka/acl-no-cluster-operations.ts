import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { ACL, isAllow } from "./tokens.js";

/** Compliant: Allow ACLs on the Cluster resource go only to configured platform principals. */
const rule: MeshResourcePolicy = {
  name: "kafka-acl-no-cluster-operations",
  description: "Domain principals get no Kafka cluster-level operations.",
  group: "kafka",
  severity: "high",
  remediation:
    "Grant topic- or group-level operations instead; cluster operations are reserved for the platform.",
  configSchema: {
    properties: {
      platformPrincipals: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateResource: forTypes(ACL, (props, args, report) => {
    if (!isAllow(props) || String(props.aclResourceType).toLowerCase() !== "cluster") return;
    const { platformPrincipals = [] } = args.getConfig<{ platformPrincipals?: string[] }>();
    if (!platformPrincipals.includes(props.aclPrincipal)) {
      report(
        `aclResourceType: Cluster granted to ${props.aclPrincipal}; grant topic or group operations instead.`,
      );
    }
  }),
};

export default rule;
