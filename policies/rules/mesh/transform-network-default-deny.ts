import { POD_SPEC_HOLDERS, podSpecsOf } from "../kubernetes/podSpec.js";
import { asArray, isRecord, typedValidation } from "../shared/resource.js";
import { runMemory, stackOf } from "../shared/runMemory.js";
import type { MeshResourcePolicy } from "../types.js";
import { DOMAIN_TYPE } from "./domainDeclaration.js";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** Default-deny policies seen in this run, by stack and namespace: their pod selectors. */
const denies = runMemory<string, Record<string, any>[]>();
/** Stacks in which a Domain was seen: domain stacks, whose workloads run tenants' code. */
const domainStacks = runMemory<string, true>();
const key = (urn: string, namespace: string) => `${stackOf(urn)}|${namespace}`;
const namespaceOf = (props: Record<string, any>) => String(props.metadata?.namespace ?? "default");

/** Both directions listed and no rule in either: the selected pods may neither send nor receive. */
function isDefaultDeny(spec: Record<string, any>): boolean {
  const types = asArray(spec.policyTypes).map(String);
  return (
    types.includes("Ingress") &&
    types.includes("Egress") &&
    asArray(spec.ingress).length === 0 &&
    asArray(spec.egress).length === 0
  );
}

/** Whether a LabelSelector selects pods with `labels` (matchLabels and matchExpressions, ANDed). */
function selects(selector: Record<string, any>, labels: Record<string, any>): boolean {
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return asArray(selector.matchExpressions).every((e: any) => {
    const has = Object.hasOwn(labels, e?.key);
    const values = asArray(e?.values).map(String);
    switch (e?.operator) {
      case "In":
        return has && values.includes(String(labels[e.key]));
      case "NotIn":
        return !has || !values.includes(String(labels[e.key]));
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        return false; // an operator Kubernetes does not know selects nothing
    }
  });
}

/*
 * The transform pods of a domain stack run SQL a domain team wrote. Registered after their
 * namespace's default-deny policy (the Domain creates it with the namespace), they start isolated:
 * only what a further policy allows (DNS, HTTPS to AWS) can reach them or be reached. Judged at
 * registration, so it holds before any pod runs. Every workload of a domain stack is judged, not
 * only those labelled as transforms: a label is no boundary.
 */

/** Compliant: in a domain stack, a default-deny NetworkPolicy registered before each workload selects its pods in its namespace. */
const rule: MeshResourcePolicy = {
  name: "mesh-transform-network-default-deny",
  description:
    "Pods of a domain's workloads (transforms) start isolated: a default-deny NetworkPolicy in their namespace selects them.",
  group: "mesh",
  severity: "high",
  remediation:
    "Create the namespace's default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules) before its workloads, as the Domain component does.",
  // The Domain and the policies are recorded, the workloads judged.
  validateResource: typedValidation([DOMAIN_TYPE, NETWORK_POLICY, ...POD_SPEC_HOLDERS], (args, report) => {
    const { type, props, urn } = args;
    if (type === DOMAIN_TYPE) {
      domainStacks.set(stackOf(urn), true);
      return;
    }
    if (type === NETWORK_POLICY) {
      const spec = isRecord(props.spec) ? props.spec : {};
      if (isDefaultDeny(spec)) {
        const k = key(urn, namespaceOf(props));
        denies.set(k, [...(denies.get(k) ?? []), isRecord(spec.podSelector) ? spec.podSelector : {}]);
      }
      return;
    }
    if (!POD_SPEC_HOLDERS.includes(type)) return args.notApplicable("not a workload or network policy");
    if (!domainStacks.has(stackOf(urn))) return args.notApplicable("not in a domain stack");
    const namespace = namespaceOf(props);
    const selectors = denies.get(key(urn, namespace)) ?? [];
    for (const pod of podSpecsOf(type, props)) {
      const labels = isRecord(pod.metadata.labels) ? pod.metadata.labels : {};
      if (!selectors.some((s) => selects(s, labels))) {
        report(
          `${pod.path}: no default-deny NetworkPolicy in namespace "${namespace}" selects these pods (labels ${JSON.stringify(labels)}); create one before the workload.`,
        );
      }
    }
  }),
};

export default rule;
