import type { ResourceValidationArgs } from "@pulumi/policy";
import { LABEL_KEYS } from "../../../components/naming.js";
import { environmentOf } from "../environment.js";
import { typedRemediation, typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { isKubernetesObject, kubernetesLabels } from "./labelled.js";

const REQUIRED: readonly string[] = Object.values(LABEL_KEYS);
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

const missingLabels = (props: Record<string, any>) => {
  const labels = kubernetesLabels(props);
  return REQUIRED.filter((key) => !Object.hasOwn(labels, key));
};

/** The domain an object belongs to by naming convention: namespaceName(domain) === domain. */
function domainOf(args: ResourceValidationArgs): string | undefined {
  const namespace =
    args.type === "kubernetes:core/v1:Namespace" ? args.props.metadata?.name : args.props.metadata?.namespace;
  return typeof namespace === "string" &&
    /^[a-z][a-z0-9-]*$/.test(namespace) &&
    !SYSTEM_NAMESPACES.includes(namespace)
    ? namespace
    : undefined;
}

/** Compliant: every Kubernetes object carries the datamesh.io/domain, owner, environment and classification labels. */
const rule: MeshResourcePolicy = {
  name: "k8s-governance-labels",
  description: "Kubernetes objects carry the mesh governance labels.",
  group: "governance",
  severity: "medium",
  remediation: `Add ${REQUIRED.join(", ")} to metadata.labels. Remediation adds the environment label, and the domain label from the namespace.`,
  validateResource: typedValidation(isKubernetesObject, (args, report) => {
    if (!isKubernetesObject(args.type)) return args.notApplicable("the resource is not a Kubernetes object");
    const missing = missingLabels(args.props);
    if (missing.length > 0) report(`metadata.labels: missing ${missing.join(", ")}; add them.`);
  }),
  // Lossless: adds only labels the stack determines (environment) or naming fixes (domain = namespace).
  remediateResource: typedRemediation(isKubernetesObject, (args) => {
    if (!isKubernetesObject(args.type)) return args.notApplicable("the resource is not a Kubernetes object");
    const missing = missingLabels(args.props);
    const additions: Record<string, string> = {};
    if (missing.includes(LABEL_KEYS.environment)) additions[LABEL_KEYS.environment] = environmentOf(args);
    const domain = domainOf(args);
    if (missing.includes(LABEL_KEYS.domain) && domain) additions[LABEL_KEYS.domain] = domain;
    if (Object.keys(additions).length === 0) return undefined;
    const props = args.props;
    if (props.metadata === undefined) props.metadata = {};
    if (props.metadata.labels === undefined) props.metadata.labels = {};
    for (const [key, value] of Object.entries(additions)) props.metadata.labels[key] = value;
    return props;
  }),
};

export default rule;
