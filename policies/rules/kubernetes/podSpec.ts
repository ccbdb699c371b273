import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { asArray, isRecord, typedValidation } from "../shared/resource.js";

/** Where each workload kind keeps its pod template, as a path of input fields. */
const POD_TEMPLATE_PATHS: Record<string, readonly string[]> = {
  "kubernetes:core/v1:Pod": [],
  "kubernetes:core/v1:PodTemplate": ["template"],
  "kubernetes:core/v1:ReplicationController": ["spec", "template"],
  "kubernetes:apps/v1:Deployment": ["spec", "template"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template"],
  "kubernetes:batch/v1:Job": ["spec", "template"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template"],
};
export const POD_SPEC_HOLDERS = Object.keys(POD_TEMPLATE_PATHS);

/** A pod spec inside a workload, with the input path used to name fields in messages. */
export interface PodSpecView {
  readonly spec: Record<string, any>;
  /** Pod metadata (annotations, labels) of the template, or of the Pod itself. */
  readonly metadata: Record<string, any>;
  /** e.g. `spec.jobTemplate.spec.template.spec` */
  readonly path: string;
}

export function podSpecOf(type: string, props: Record<string, any>): PodSpecView | undefined {
  const templatePath = POD_TEMPLATE_PATHS[type];
  if (!templatePath) return undefined;
  let template: any = props;
  for (const key of templatePath) template = isRecord(template) ? template[key] : undefined;
  if (!isRecord(template) || !isRecord(template.spec)) return undefined;
  const prefix = templatePath.length > 0 ? `${templatePath.join(".")}.` : "";
  return {
    spec: template.spec,
    metadata: isRecord(template.metadata) ? template.metadata : {},
    path: `${prefix}spec`,
  };
}

export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

export interface ContainerView {
  readonly container: Record<string, any>;
  readonly list: (typeof CONTAINER_LISTS)[number];
  /** e.g. `spec.template.spec.containers[0]` */
  readonly path: string;
}

export function containersOf(pod: PodSpecView, lists: readonly ContainerView["list"][] = CONTAINER_LISTS) {
  const views: ContainerView[] = [];
  for (const list of lists) {
    asArray(pod.spec[list]).forEach((container: any, i: number) => {
      if (isRecord(container)) views.push({ container, list, path: `${pod.path}.${list}[${i}]` });
    });
  }
  return views;
}

/** A container's securityContext field, falling back to the pod-level default where Kubernetes does. */
export function effectiveSecurity(pod: PodSpecView, c: ContainerView, field: string): unknown {
  return c.container.securityContext?.[field] ?? pod.spec.securityContext?.[field];
}

export type PodCheck = (pod: PodSpecView, report: ReportViolation, args: ResourceValidationArgs) => void;

/** Runs `check` on the pod spec of any workload kind (Pod, Job, CronJob, Deployment, …). */
export function podSpecRule(check: PodCheck): ResourceValidation {
  return typedValidation(POD_SPEC_HOLDERS, (args, report) => {
    const pod = podSpecOf(args.type, args.props);
    if (!pod) return args.notApplicable("the resource has no pod spec");
    check(pod, report, args);
  });
}
