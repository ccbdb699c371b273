import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { asArray, isRecord, typedValidation } from "../shared/resource.js";
import {
  CONTAINER_LISTS,
  type ContainerView,
  type PodSpecView,
  plainContainerView,
  plainPodSpecView,
} from "./podView.js";
import { SPARK_APPLICATION_TYPES, sparkPodSpecs } from "./sparkPodSpec.js";

export {
  CONTAINER_LISTS,
  type ContainerView,
  type PodSpecView,
  plainContainerView,
  plainPodSpecView,
} from "./podView.js";

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

/**
 * Every kind whose pods the pod-spec rules check: workloads with a pod template, and the Spark
 * operator's applications, whose driver and executor specs describe pods too (see sparkPodSpec.ts).
 */
export const POD_SPEC_HOLDERS = [...Object.keys(POD_TEMPLATE_PATHS), ...SPARK_APPLICATION_TYPES];

/** The pod specs of a resource: one for a workload with a pod template, driver and executor for Spark. */
export function podSpecsOf(type: string, props: Record<string, any>): PodSpecView[] {
  if (SPARK_APPLICATION_TYPES.includes(type)) return sparkPodSpecs(type, props);
  const templatePath = POD_TEMPLATE_PATHS[type];
  if (!templatePath) return [];
  let template: any = props;
  for (const key of templatePath) template = isRecord(template) ? template[key] : undefined;
  if (!isRecord(template) || !isRecord(template.spec)) return [];
  const prefix = templatePath.length > 0 ? `${templatePath.join(".")}.` : "";
  return [
    plainPodSpecView(
      template.spec,
      isRecord(template.metadata) ? template.metadata : {},
      `${prefix}spec`,
      `${prefix}metadata.annotations`,
    ),
  ];
}

export function containersOf(pod: PodSpecView, lists: readonly ContainerView["list"][] = CONTAINER_LISTS) {
  if (pod.containers) return pod.containers.filter((c) => lists.includes(c.list));
  const views: ContainerView[] = [];
  for (const list of lists) {
    asArray(pod.spec[list]).forEach((container: any, i: number) => {
      if (isRecord(container)) views.push(plainContainerView(container, list, `${pod.path}.${list}[${i}]`));
    });
  }
  return views;
}

/** A container's securityContext field, falling back to the pod-level default where Kubernetes does. */
export function effectiveSecurity(pod: PodSpecView, c: ContainerView, field: string): unknown {
  return c.container.securityContext?.[field] ?? pod.spec.securityContext?.[field];
}

/**
 * Whether the pod declares itself a Windows pod (`spec.os.name: windows`). The restricted profile
 * exempts such pods from setting Linux-only fields (allowPrivilegeEscalation, capabilities, seccomp),
 * which the API server forbids on them; a value set anyway is still judged.
 */
export function isWindowsPod(pod: PodSpecView): boolean {
  return pod.spec.os?.name === "windows";
}

export type PodCheck = (pod: PodSpecView, report: ReportViolation, args: ResourceValidationArgs) => void;

/** Runs `check` on every pod spec of any workload kind (Pod, Job, CronJob, Deployment, Spark driver and executor, …). */
export function podSpecRule(check: PodCheck): ResourceValidation {
  return typedValidation(POD_SPEC_HOLDERS, (args, report) => {
    const pods = podSpecsOf(args.type, args.props);
    if (pods.length === 0) return args.notApplicable("the resource has no pod spec");
    // A fault in what the pods share (a Spark application's image or volumes) is reported once.
    const seen = new Set<string>();
    const once: ReportViolation = (message, urn) => {
      const key = `${urn ?? ""} ${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      report(message, urn);
    };
    for (const pod of pods) check(pod, once, args);
  });
}
