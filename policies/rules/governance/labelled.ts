import type { ResourceValidationArgs } from "@pulumi/policy";
import { asRecord, isRecord } from "../shared/resource.js";
import { AWS_TAGGABLE_TYPES } from "./awsTaggableTypes.generated.js";

/** AWS resources that accept tags: every type whose args have `tags`, or any AWS resource given some. */
export const isTaggableAws = (type: string, props: Record<string, any>) =>
  isAwsType(type) && (AWS_TAGGABLE_TYPES.has(type) || "tags" in props);

/** AWS resource types: the only ones {@link isTaggableAws} can hold, whatever their inputs. */
export const isAwsType = (type: string): boolean => type.startsWith("aws:");

/** Tag maps that apply to an AWS resource, most specific first: its own, then provider defaultTags. */
export function awsTagSources(args: ResourceValidationArgs): Record<string, any>[] {
  const own = isRecord(args.props.tags) ? [args.props.tags] : [];
  const defaults = asRecord(asRecord(args.provider?.props.defaultTags)?.tags);
  return defaults ? [...own, defaults] : own;
}

/** Component and patch types that carry no metadata of their own. */
const NON_OBJECT_GROUPS = ["yaml", "helm.sh", "kustomize"];

/**
 * Kubernetes API objects (not components, patches or lists), which carry metadata.labels. Any kind
 * counts: custom resources' kinds may hold digits (Karpenter's EC2NodeClass).
 */
export function isKubernetesObject(type: string): boolean {
  const m = /^kubernetes:([^/:]+)\/[^:]+:([^/:]+)$/.exec(type);
  return !!m && !NON_OBJECT_GROUPS.includes(m[1]!) && !/(Patch|List)$/.test(m[2]!);
}

/** Kubernetes objects and patches of them: a patch writes its metadata.labels onto the object. */
export const writesKubernetesLabels = (type: string) =>
  isKubernetesObject(type) || (type.endsWith("Patch") && isKubernetesObject(type.slice(0, -"Patch".length)));

export function kubernetesLabels(props: Record<string, any>): Record<string, any> {
  return isRecord(props.metadata?.labels) ? props.metadata.labels : {};
}

/** The first source that has `key`, read only then (other values may be unknown at preview). */
export function firstValueOf(sources: Record<string, any>[], key: string): unknown {
  const source = sources.find((s) => Object.hasOwn(s, key));
  return source?.[key];
}
