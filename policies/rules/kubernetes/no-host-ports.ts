import { asArray } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Compliant: no container port binds a host port. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-host-ports",
  description: "Containers never bind host ports (PSS baseline).",
  group: "kubernetes",
  severity: "high",
  remediation: "Remove ports[].hostPort and expose the port through a Service.",
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      asArray(c.container.ports).forEach((port: any, i: number) => {
        if (port?.hostPort !== undefined && port.hostPort !== 0)
          report(`${c.at("ports", i)}.hostPort: ${port.hostPort}; remove it.`);
      });
    }
  }),
};

export default rule;
