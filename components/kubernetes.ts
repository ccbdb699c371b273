/**
 * The Kubernetes API groups the platform creates objects of, each loaded from its own module of
 * @pulumi/kubernetes, as components/aws.ts loads AWS services: the package's entry loads every API
 * group and version (measured: `require("@pulumi/kubernetes")` 170–210 ms, these 7–17 ms, after
 * @pulumi/pulumi). Written `k8s.batch.v1.CronJob` as with the entry. Types of the whole package
 * (`k8s.types.input…`) come from it unchanged: they cost nothing at run time.
 */
import { createRequire } from "node:module";
import type * as ApiExtensions from "@pulumi/kubernetes/apiextensions/index.js";
import type * as BatchV1 from "@pulumi/kubernetes/batch/v1/index.js";
import type * as CoreV1 from "@pulumi/kubernetes/core/v1/index.js";
import type * as NetworkingV1 from "@pulumi/kubernetes/networking/v1/index.js";
import type * as KubernetesProvider from "@pulumi/kubernetes/provider.js";
import type * as RbacV1 from "@pulumi/kubernetes/rbac/v1/index.js";

const require = createRequire(import.meta.url);

export const apiextensions: typeof ApiExtensions = require("@pulumi/kubernetes/apiextensions/index.js");
export const batch: { readonly v1: typeof BatchV1 } = { v1: require("@pulumi/kubernetes/batch/v1/index.js") };
export const core: { readonly v1: typeof CoreV1 } = { v1: require("@pulumi/kubernetes/core/v1/index.js") };
export const networking: { readonly v1: typeof NetworkingV1 } = {
  v1: require("@pulumi/kubernetes/networking/v1/index.js"),
};
export const rbac: { readonly v1: typeof RbacV1 } = { v1: require("@pulumi/kubernetes/rbac/v1/index.js") };

/** The Kubernetes provider: a class, so both a value and a type, as the entry exports it. */
export const Provider: typeof KubernetesProvider.Provider = (
  require("@pulumi/kubernetes/provider.js") as typeof KubernetesProvider
).Provider;
export type Provider = KubernetesProvider.Provider;
export type * as types from "@pulumi/kubernetes/types/index.js";
