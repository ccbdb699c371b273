// Entry point of `pulumi up -s <domain>-<env>` (see Pulumi.yaml). Exports become stack outputs.
import { deployMeshNode } from "./node.js";

const node = await deployMeshNode();

export const domain = node.domain;
export const environment = node.environment;
export const namespace = node.namespace;
export const outputPorts = node.outputPorts;
