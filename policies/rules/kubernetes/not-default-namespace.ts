import { typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { POD_SPEC_HOLDERS } from "./podSpec.js";

/** Namespaced kinds the mesh creates, besides workloads. */
const OTHER_NAMESPACED = [
  "kubernetes:core/v1:ConfigMap",
  "kubernetes:core/v1:Secret",
  "kubernetes:core/v1:Service",
  "kubernetes:core/v1:ServiceAccount",
  "kubernetes:core/v1:PersistentVolumeClaim",
  "kubernetes:rbac.authorization.k8s.io/v1:Role",
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
];

const NAMESPACED = [...POD_SPEC_HOLDERS, ...OTHER_NAMESPACED];

/** Compliant: the object's namespace (its own, else its provider's) is set and is not `default`. */
const rule: MeshResourcePolicy = {
  name: "k8s-not-default-namespace",
  description: "Kubernetes objects live in their domain's namespace, never in default.",
  group: "kubernetes",
  severity: "medium",
  remediation: "Set metadata.namespace to the domain's namespace (namespaceName(domain)).",
  validateResource: typedValidation(NAMESPACED, (args, report) => {
    if (!NAMESPACED.includes(args.type)) {
      return args.notApplicable("the resource is not a namespaced kind the mesh uses");
    }
    // Without metadata.namespace the provider's `namespace` setting applies, then "default".
    const namespace = args.props.metadata?.namespace ?? args.provider?.props.namespace;
    if (namespace === undefined || namespace === "" || namespace === "default") {
      report(
        `metadata.namespace: ${namespace ? `"${namespace}"` : "unset"} puts it in "default"; set the domain namespace.`,
      );
    }
  }),
};

export default rule;
