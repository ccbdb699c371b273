import { isRecord } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Container fields holding a handler the kubelet runs: the three probes and the two lifecycle hooks. */
const HANDLERS = [
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "lifecycle.postStart",
  "lifecycle.preStop",
] as const;
/** Handler actions that connect to a host (TCPSocket is deprecated in lifecycle hooks but still accepted). */
const NETWORK_ACTIONS = ["httpGet", "tcpSocket"] as const;

function handlerAt(container: Record<string, any>, field: string): unknown {
  return field.split(".").reduce<any>((value, key) => (isRecord(value) ? value[key] : undefined), container);
}

/** Compliant: no probe or lifecycle handler of any container sets httpGet.host or tcpSocket.host. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-probe-host",
  description:
    "Probes and lifecycle handlers reach only their own pod, never a host they name (PSS baseline).",
  group: "kubernetes",
  severity: "high",
  remediation:
    "Remove httpGet.host and tcpSocket.host from probes and lifecycle handlers (they default to the pod IP); use an httpHeaders Host header for virtual hosts.",
  // The kubelet runs these from the node's network namespace: a host lets a pod make the node call any
  // address (metadata service, node-local ports) on its behalf, which is why the profile forbids it.
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      for (const field of HANDLERS) {
        const handler = handlerAt(c.container, field);
        if (!isRecord(handler)) continue;
        for (const action of NETWORK_ACTIONS) {
          const host = isRecord(handler[action]) ? handler[action].host : undefined;
          if (host !== undefined && host !== null && host !== "")
            report(`${c.at(field)}.${action}.host: ${JSON.stringify(host)}; remove it.`);
        }
      }
    }
  }),
};

export default rule;
