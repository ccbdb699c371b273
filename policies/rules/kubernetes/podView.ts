/**
 * Views of pods and containers in the shape Kubernetes gives them, with the input paths that name
 * their fields in messages. Workloads with a pod template map onto them directly; the Spark
 * operator's driver and executor specs are assembled into them (sparkPodSpec.ts).
 */

export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

/** A pod spec inside a workload, shaped like a Kubernetes PodSpec. */
export interface PodSpecView {
  readonly spec: Record<string, any>;
  /** Pod metadata (annotations, labels) of the template, or of the Pod itself. */
  readonly metadata: Record<string, any>;
  /** e.g. `spec.jobTemplate.spec.template.spec`, or `spec.template.driver` */
  readonly path: string;
  /** The input path of a pod-level field of `spec` (`securityContext`, or `volumes` with an index). */
  at(field: string, index?: number): string;
  /** The input path that sets the pod annotation `key`. */
  annotationAt(key: string): string;
  /** The pod's containers, when they are not plain lists in `spec` (Spark). */
  readonly containers?: readonly ContainerView[];
}

export interface ContainerView {
  readonly container: Record<string, any>;
  readonly list: (typeof CONTAINER_LISTS)[number];
  /** e.g. `spec.template.spec.containers[0]`, or `spec.driver` for a Spark application's main container */
  readonly path: string;
  /** The input path of a container field (`securityContext`, `resources.limits.cpu`, or `env` with an index). */
  at(field: string, index?: number): string;
}

export const indexed = (field: string, index?: number) =>
  index === undefined ? field : `${field}[${index}]`;

/** A view of a pod spec whose fields are named as in Kubernetes. */
export function plainPodSpecView(
  spec: Record<string, any>,
  metadata: Record<string, any>,
  path: string,
  annotationsPath = "metadata.annotations",
): PodSpecView {
  return {
    spec,
    metadata,
    path,
    annotationAt: (key) => `${annotationsPath}["${key}"]`,
    at: (field, index) => `${path}.${indexed(field, index)}`,
  };
}

/** A view of a container whose fields are named as in Kubernetes. */
export function plainContainerView(
  container: Record<string, any>,
  list: ContainerView["list"],
  path: string,
): ContainerView {
  return { container, list, path, at: (field, index) => `${path}.${indexed(field, index)}` };
}
