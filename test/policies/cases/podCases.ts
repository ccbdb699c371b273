/** Pod-spec scenario helpers shared by the Kubernetes rule cases: one mutation tried on every workload kind. */
import { inEveryWorkload } from "../fixtures.js";
import type { Scenario, ViolatingScenario } from "../harness.js";

export const unchanged = () => {};
export const first = (spec: Record<string, any>) => spec.containers[0];
export const init = (spec: Record<string, any>) => spec.initContainers[0];
export const debugContainer = (securityContext: Record<string, unknown>) => ({
  name: "debug",
  image: "busybox:1.36",
  targetContainerName: "transform",
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, ...securityContext },
});

/** Violating scenarios: the mutation applied in a Pod, a Job and a CronJob. */
export const violates = (
  name: string,
  message: RegExp,
  mutate: (spec: Record<string, any>) => void,
  podMetadata?: Record<string, any>,
): ViolatingScenario[] => inEveryWorkload(name, mutate, podMetadata).map((s) => ({ ...s, message }));
export const complies = (
  name: string,
  mutate: (spec: Record<string, any>) => void = unchanged,
  podMetadata?: Record<string, any>,
): Scenario[] => inEveryWorkload(name, mutate, podMetadata);
