/**
 * mesh-transform-network-default-deny: which default-deny policies isolate a domain's workload.
 * A pod is isolated only by a policy whose selector Kubernetes would apply to it, so each selector
 * operator is judged as Kubernetes judges it; a selector that would not select the pods isolates
 * nothing.
 */
import { describe, expect, it } from "vitest";
import { LABEL_KEYS } from "../../components/naming.js";
import { cronJob, domain, networkPolicy } from "./cases/mesh.js";
import { restrictedPodSpec, workload } from "./fixtures.js";
import { findings, resource } from "./harness.js";

const RULE = "mesh-transform-network-default-deny";
/** Findings for the fixtures' CronJob (pods labelled domain "sales") after a default-deny with `podSelector`. */
const afterSelector = (podSelector: unknown) =>
  findings(RULE, [domain(), networkPolicy({ podSelector }), cronJob()]);
const DOMAIN = LABEL_KEYS.domain;

describe(`${RULE}: selectors judged as Kubernetes does`, () => {
  const selecting: [string, Record<string, unknown>][] = [
    ["In listing the pods' value", { key: DOMAIN, operator: "In", values: ["finance", "sales"] }],
    ["NotIn not listing it", { key: DOMAIN, operator: "NotIn", values: ["finance"] }],
    ["NotIn on a label the pods lack", { key: "app", operator: "NotIn", values: ["x"] }],
    ["DoesNotExist on a label the pods lack", { key: "app", operator: "DoesNotExist" }],
  ];
  for (const [name, expression] of selecting) {
    it(`isolates the pods with ${name}`, async () => {
      expect(await afterSelector({ matchExpressions: [expression] })).toEqual([]);
    });
  }

  const notSelecting: [string, unknown][] = [
    ["In not listing the pods' value", { key: DOMAIN, operator: "In", values: ["finance"] }],
    [
      'In on a label the pods lack (its value is not the text "undefined")',
      { key: "app", operator: "In", values: ["undefined"] },
    ],
    ["NotIn listing it", { key: DOMAIN, operator: "NotIn", values: ["sales"] }],
    ["DoesNotExist on a label the pods have", { key: DOMAIN, operator: "DoesNotExist" }],
    ["an operator Kubernetes does not know", { key: DOMAIN, operator: "Matches", values: ["sales"] }],
    ["a malformed (null) expression", null],
  ];
  for (const [name, expression] of notSelecting) {
    it(`leaves the pods open with ${name}`, async () => {
      const found = await afterSelector({ matchExpressions: [expression] });
      expect(found.map((v) => v.message)).toEqual([
        expect.stringMatching(/no default-deny NetworkPolicy in namespace "sales" selects these pods/),
      ]);
    });
  }

  it("requires every expression to select (a second one that does not leaves the pods open)", async () => {
    const found = await afterSelector({
      matchExpressions: [
        { key: DOMAIN, operator: "Exists" },
        { key: DOMAIN, operator: "In", values: ["finance"] },
      ],
    });
    expect(found).toHaveLength(1);
  });
});

describe(`${RULE}: what a default-deny is`, () => {
  it("does not count a policy that admits ingress", async () => {
    const found = await findings(RULE, [domain(), networkPolicy({ ingress: [{}] }), cronJob()]);
    expect(found).toHaveLength(1);
  });

  it("places a workload and a policy without a namespace in namespace default, and names it", async () => {
    const pod = () => {
      const w = workload("Pod", restrictedPodSpec());
      delete w.inputs.metadata.namespace;
      return w;
    };
    const unnamespaced = resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    expect(await findings(RULE, [domain(), unnamespaced, pod()])).toEqual([]);
    const found = await findings(RULE, [domain(), networkPolicy(), pod()]);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(/^spec: no default-deny NetworkPolicy in namespace "default" selects these pods/),
    ]);
  });
});
