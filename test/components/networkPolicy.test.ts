/**
 * Transform pods are isolated on the network: their namespace denies everything by default, and
 * each transform allows itself DNS and HTTPS out, nothing in (Spark: its own pods too). The specs
 * hold to the Kubernetes OpenAPI shape of networking.k8s.io/v1 NetworkPolicySpec.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import {
  DEFAULT_DENY_POLICY_NAME,
  defaultDenySpec,
  endpointPorts,
  TRANSFORM_POD_LABEL,
  transformTrafficSpec,
} from "../../components/compute/networkPolicy.js";
import type { PlannedResource } from "../../policies/engine/index.js";
import { KubernetesSchemas } from "../support/kubernetesSchema.js";

/** The Kubernetes 1.37 OpenAPI's NetworkPolicySpec, strictly (an unknown field is an error). */
const schemas = new KubernetesSchemas();
const specErrors = (spec: unknown) =>
  schemas.definitionErrors("io.k8s.api.networking.v1.NetworkPolicySpec", spec);

describe("NetworkPolicy specs", () => {
  it("hold to the Kubernetes OpenAPI shape", () => {
    for (const spec of [
      defaultDenySpec(),
      transformTrafficSpec({ workload: "orders-v1", spark: false }),
      transformTrafficSpec({ workload: "orders-v1", spark: true }),
    ]) {
      expect(specErrors(spec)).toEqual([]);
    }
    expect(specErrors({ ...defaultDenySpec(), podSelectors: {} })).toEqual([
      '/: unknown field "podSelectors"',
    ]);
  });

  it("default deny: every pod of the namespace, no traffic either way", () => {
    expect(defaultDenySpec()).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("a DuckDB transform: no ingress; egress only DNS to kube-dns and HTTPS, never link-local", () => {
    expect(transformTrafficSpec({ workload: "orders-v1", spark: false })).toEqual({
      podSelector: { matchLabels: { [TRANSFORM_POD_LABEL]: "orders-v1" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }],
          ports: [{ protocol: "TCP", port: 443 }],
        },
      ],
    });
  });

  it("a Spark transform: its driver and executors also reach each other, and only each other", () => {
    const spec = transformTrafficSpec({ workload: "orders-v1", spark: true });
    const own = { podSelector: { matchLabels: { [TRANSFORM_POD_LABEL]: "orders-v1" } } };
    expect(spec.ingress).toEqual([{ from: [own] }]);
    expect(spec.egress).toContainEqual({ to: [own] });
    expect(spec.egress).toHaveLength(3);
  });
});

describe("the platform's own endpoints", () => {
  it("are allowed out on their ports (an S3-compatible store on 9000, a REST catalog on http), 443 once", () => {
    const endpoints = [
      "http://catalog.mesh.svc:8181",
      "https://s3.internal:9000",
      "https://polaris.example.com",
    ];
    expect(endpointPorts(endpoints)).toEqual([8181, 9000]);
    expect(endpointPorts(["http://catalog.mesh.svc"])).toEqual([80]);
    const spec = transformTrafficSpec({ workload: "orders-v1", spark: false, endpoints });
    expect(specErrors(spec)).toEqual([]);
    expect(spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }],
      ports: [
        { protocol: "TCP", port: 8181 },
        { protocol: "TCP", port: 9000 },
      ],
    });
    // AWS alone (no endpoint, or all on 443): DNS and HTTPS only.
    expect(
      transformTrafficSpec({ workload: "w", spark: false, endpoints: ["https://polaris.example.com"] })
        .egress,
    ).toHaveLength(2);
  });
});

describe("a shipped stack (orders-prod)", () => {
  let resources: readonly PlannedResource[];
  const policies = () => resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
  beforeAll(async () => {
    resources = (await planStack(readStackFile("stacks/Pulumi.orders-prod.yaml"))).resources;
  }, 30_000);

  it("denies all traffic in the domain's namespace before any workload is registered", () => {
    const deny = policies().find((p) => p.inputs.metadata.name === DEFAULT_DENY_POLICY_NAME)!;
    expect(deny.inputs.metadata.namespace).toBe("orders");
    expect(deny.inputs.spec).toEqual(defaultDenySpec());
    const cron = resources.findIndex((r) => r.type === "kubernetes:batch/v1:CronJob");
    expect(resources.indexOf(deny)).toBeLessThan(cron);
  });

  it("gives the transform's pods, selected by their label, only DNS and HTTPS out", () => {
    const cron = resources.find((r) => r.type === "kubernetes:batch/v1:CronJob")!;
    const pod = cron.inputs.spec.jobTemplate.spec.template;
    const allow = policies().find((p) => p.inputs.metadata.name === cron.inputs.metadata.name)!;
    expect(allow.inputs.metadata.namespace).toBe(cron.inputs.metadata.namespace);
    expect(pod.metadata.labels[TRANSFORM_POD_LABEL]).toBe(cron.inputs.metadata.name);
    expect(allow.inputs.spec).toEqual(
      transformTrafficSpec({ workload: cron.inputs.metadata.name, spark: false }),
    );
  });

  it("mounts no Kubernetes token into the runner: neither its service account nor its pod", () => {
    const cron = resources.find((r) => r.type === "kubernetes:batch/v1:CronJob")!;
    const sa = resources.find((r) => r.type === "kubernetes:core/v1:ServiceAccount")!;
    expect(sa.inputs.automountServiceAccountToken).toBe(false);
    expect(cron.inputs.spec.jobTemplate.spec.template.spec.automountServiceAccountToken).toBe(false);
  });
});
