import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PlannedResource } from "../../policies/engine/index.js";
import type { MeshPolicy } from "../../policies/rules/types.js";
import { unproxy } from "../../sdk/policy.js";
import { governanceCases } from "./cases/governance.js";
import { governanceLabels } from "./fixtures.js";
import { resource, ruleNamed, runCases } from "./harness.js";

runCases(governanceCases);

const LABELS = "k8s-governance-labels";

/** The inputs `k8s-governance-labels` at `remediate` leaves on `r` (as later rules and the deployment see them), and what it still reports. */
async function remediated(r: PlannedResource) {
  let inputs: Record<string, any> | undefined;
  const probe: MeshPolicy = {
    name: "probe",
    description: "Reads the final inputs.",
    group: "governance",
    severity: "low",
    remediation: "n/a",
    validateStack: (args) => {
      inputs = unproxy(args.resources[0]!.props) as Record<string, any>;
    },
  };
  const found = await evaluatePolicies([r], { environment: "prod", levels: { [LABELS]: "remediate" } }, [
    ruleNamed(LABELS),
    probe,
  ]);
  return { inputs: inputs!, mandatory: found.filter((v) => v.level === "mandatory").map((v) => v.message) };
}

const { "datamesh.io/owner": owner, "datamesh.io/classification": classification } = governanceLabels();

describe(`${LABELS}: remediation adds the environment label, and the domain label from a domain's namespace`, () => {
  it("completes an object's labels and keeps the rest of its metadata", async () => {
    const cm = resource("kubernetes:core/v1:ConfigMap", {
      metadata: { name: "orders-v1-sql", namespace: "sales", labels: { "datamesh.io/owner": owner } },
      data: { "query.sql": "select 1" },
    });
    const { inputs, mandatory } = await remediated(cm);
    expect(inputs).toEqual({
      metadata: {
        name: "orders-v1-sql",
        namespace: "sales",
        labels: {
          "datamesh.io/owner": owner,
          "datamesh.io/environment": "prod",
          "datamesh.io/domain": "sales",
        },
      },
      data: { "query.sql": "select 1" },
    });
    expect(mandatory).toEqual(["metadata.labels: missing datamesh.io/classification; add them."]);
  });

  it("labels a domain's Namespace with its own name", async () => {
    const ns = resource("kubernetes:core/v1:Namespace", {
      metadata: {
        name: "sales",
        labels: { "datamesh.io/owner": owner, "datamesh.io/classification": classification },
      },
    });
    const { inputs, mandatory } = await remediated(ns);
    expect(inputs.metadata).toEqual({ name: "sales", labels: governanceLabels() });
    expect(mandatory).toEqual([]);
  });

  it("labels objects declared without metadata with the environment only", async () => {
    for (const type of ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:ConfigMap"]) {
      const { inputs, mandatory } = await remediated(resource(type, { data: {} }));
      expect(inputs, type).toEqual({ data: {}, metadata: { labels: { "datamesh.io/environment": "prod" } } });
      expect(mandatory, type).toEqual([
        "metadata.labels: missing datamesh.io/domain, datamesh.io/owner, datamesh.io/classification; add them.",
      ]);
    }
  });

  it("does not take a domain from a namespace no domain owns", async () => {
    // System namespaces, and a valid namespace name that is not a domain name (those start with a letter).
    for (const namespace of ["default", "kube-system", "2024-archive"]) {
      const cm = resource("kubernetes:core/v1:ConfigMap", { metadata: { name: "c", namespace } });
      const { inputs } = await remediated(cm);
      expect(inputs.metadata.labels, namespace).toEqual({ "datamesh.io/environment": "prod" });
    }
  });
});
