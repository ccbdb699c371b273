/**
 * Network isolation of transform pods, as Kubernetes NetworkPolicy specs (networking.k8s.io/v1).
 *
 * A domain's namespace denies all traffic by default ({@link defaultDenySpec}, created by the
 * Domain); each transform then allows itself only what its runner needs
 * ({@link transformTrafficSpec}): DNS to the cluster's kube-dns, and HTTPS (443) to AWS (S3, STS
 * for IRSA, Glue, KMS). No ingress, no other egress: the runner's SQL is the domain team's, and
 * whatever it tries to reach (another namespace's pods, the node's instance metadata service on
 * 169.254.169.254:80, a database inside the VPC) it cannot. Spark's driver and executors also
 * talk to each other, within their own application's pods only. Policies are additive, so a pod
 * may reach exactly the union of these allowances.
 */
import type * as k8s from "@pulumi/kubernetes";

/**
 * The label every transform pod carries, valued with its workload's name (the CronJob's or the
 * ScheduledSparkApplication's): what its NetworkPolicy selects.
 */
export const TRANSFORM_POD_LABEL = "datamesh.io/transform";
/** Name of the namespace-wide default-deny NetworkPolicy in every domain namespace. */
export const DEFAULT_DENY_POLICY_NAME = "default-deny";

type Spec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** Selects every pod of the namespace and allows nothing in or out. */
export function defaultDenySpec(): Spec {
  return { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
}

/** The cluster DNS (CoreDNS, labelled `k8s-app: kube-dns` on EKS and upstream) in kube-system. */
const KUBE_DNS = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

/**
 * HTTPS anywhere but link-local addresses: AWS's public and VPC endpoints for S3, STS, Glue and
 * KMS have no fixed addresses, so the port is what can be held. Link-local (169.254.0.0/16) is
 * the instance metadata service's range: its credentials are the node's, never the job's.
 */
const HTTPS_OUT = {
  to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }],
  ports: [{ protocol: "TCP", port: 443 }],
};

export interface TransformTraffic {
  /** The workload's name, the value of {@link TRANSFORM_POD_LABEL} on its pods. */
  readonly workload: string;
  /** Spark: the driver and executors of the application reach each other (any port). */
  readonly spark: boolean;
  /**
   * The platform's own endpoints beside AWS (an Iceberg REST catalog, an S3-compatible store), by
   * URL: their ports, where not 443, are allowed out as HTTPS is.
   */
  readonly endpoints?: readonly string[];
}

/** The ports of `urls` other than 443 (the URL's port, else 80 for http), sorted, once each. */
export function endpointPorts(urls: readonly string[]): number[] {
  const ports = urls.map((u) => {
    const url = new URL(u);
    return url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
  });
  return [...new Set(ports)].filter((p) => p !== 443).sort((a, b) => a - b);
}

/**
 * What a transform's pods may send and receive. Both policy types are listed, so an empty ingress
 * list means no ingress at all (not "unrestricted").
 */
export function transformTrafficSpec(t: TransformTraffic): Spec {
  const ownPods = { podSelector: { matchLabels: { [TRANSFORM_POD_LABEL]: t.workload } } };
  return {
    podSelector: { matchLabels: { [TRANSFORM_POD_LABEL]: t.workload } },
    policyTypes: ["Ingress", "Egress"],
    ingress: t.spark ? [{ from: [ownPods] }] : [],
    egress: [
      {
        to: [KUBE_DNS],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
      HTTPS_OUT,
      ...(endpointPorts(t.endpoints ?? []).length > 0
        ? [
            {
              to: HTTPS_OUT.to,
              ports: endpointPorts(t.endpoints ?? []).map((port) => ({ protocol: "TCP", port })),
            },
          ]
        : []),
      ...(t.spark ? [{ to: [ownPods] }] : []),
    ],
  };
}
