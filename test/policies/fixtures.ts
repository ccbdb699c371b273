import { LABEL_KEYS, TAG_KEYS } from "../../components/naming.js";
import type { PlannedResource } from "../../policies/engine/index.js";
import { resource } from "./harness.js";

export const governanceTags = (environment = "prod") => ({
  [TAG_KEYS.domain]: "sales",
  [TAG_KEYS.owner]: "team-sales",
  [TAG_KEYS.environment]: environment,
  [TAG_KEYS.classification]: "internal",
});

export const governanceLabels = (environment = "prod") => ({
  [LABEL_KEYS.domain]: "sales",
  [LABEL_KEYS.owner]: "team-sales",
  [LABEL_KEYS.environment]: environment,
  [LABEL_KEYS.classification]: "internal",
});

/** IAM policy document JSON, as programs pass it. */
export const policyJson = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

// ---- Kubernetes: a pod spec meeting every Pod Security Standards restricted control ----

export const container = (name: string) => ({
  name,
  image: "registry.example.com/sales/orders:1.4.2",
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  env: [
    { name: "LOG_LEVEL", value: "info" },
    { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
  ],
});

export function restrictedPodSpec(): Record<string, any> {
  return {
    serviceAccountName: "orders-v1-transform",
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
    initContainers: [container("migrate")],
    containers: [container("transform")],
    volumes: [
      { name: "scratch", emptyDir: {} },
      { name: "config", configMap: { name: "orders-v1-transform" } },
    ],
  };
}

export const WORKLOAD_KINDS = ["Pod", "Job", "CronJob"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const TYPES: Record<WorkloadKind, string> = {
  Pod: "kubernetes:core/v1:Pod",
  Job: "kubernetes:batch/v1:Job",
  CronJob: "kubernetes:batch/v1:CronJob",
};

/** The same pod spec as a Pod, in a Job's template, or in a CronJob's job template. */
export function workload(
  kind: WorkloadKind,
  spec: Record<string, any>,
  podMetadata: Record<string, any> = {},
): PlannedResource {
  const metadata = { name: "orders-v1", namespace: "sales", labels: governanceLabels() };
  const template = { metadata: { labels: governanceLabels(), ...podMetadata }, spec };
  const inputs =
    kind === "Pod"
      ? {
          apiVersion: "v1",
          kind,
          metadata: { ...metadata, ...podMetadata, labels: governanceLabels() },
          spec,
        }
      : kind === "Job"
        ? { apiVersion: "batch/v1", kind, metadata, spec: { backoffLimit: 2, template } }
        : {
            apiVersion: "batch/v1",
            kind,
            metadata,
            spec: {
              schedule: "0 * * * *",
              concurrencyPolicy: "Forbid",
              startingDeadlineSeconds: 300,
              jobTemplate: { spec: { backoffLimit: 2, template } },
            },
          };
  return resource(TYPES[kind], inputs);
}

/** A pod spec mutation tried on a Pod, a Job and a CronJob: one scenario per kind. */
export function inEveryWorkload(
  name: string,
  mutate: (spec: Record<string, any>) => void,
  podMetadata?: Record<string, any>,
) {
  return WORKLOAD_KINDS.map((kind) => ({
    name: `${name} (${kind})`,
    resources: () => {
      const spec = restrictedPodSpec();
      mutate(spec);
      return [workload(kind, spec, podMetadata)];
    },
  }));
}
