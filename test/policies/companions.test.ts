/**
 * The companion rules on what the platform really builds: a shipped stack planned under mocks
 * (preview shape) and the same stack as `pulumi stack export` records it (state shape, linked by
 * name only, as `mesh policy check --state` reads it). Each companion taken away is reported by
 * its rule, on every bucket or topic that lost it, and by no other companion rule.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { planStack, type StackPlan } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { evaluatePolicies, type PlannedResource, parseStateFile } from "../../policies/engine/index.js";
import { stackExportOf } from "../support/stackExport.js";
import { COMPANIONS } from "./cases/s3Companions.js";
import { ruleNamed } from "./harness.js";

const DLQ_RULE = "kafka-topic-has-dead-letter-topic";
const ACL_RULE = "kafka-topic-has-owner-acls";
const CONNECTOR_RULE = "kafka-connector-dead-letter-topic-exists";
const RULES = [...COMPANIONS.map((c) => c.rule), DLQ_RULE, ACL_RULE, CONNECTOR_RULE];

/** The companion rules alone, at mandatory, as prod runs them. */
const companionFindings = (resources: PlannedResource[]) =>
  evaluatePolicies(
    resources,
    { environment: "prod", levels: Object.fromEntries(RULES.map((r) => [r, "mandatory"])) },
    RULES.map(ruleNamed),
  );

const ofType = (resources: readonly PlannedResource[], type: string) =>
  resources.filter((r) => r.type === type);
const isMainTopic = (r: PlannedResource, props: (r: PlannedResource) => Record<string, any>) =>
  r.type === "kafka:index/topic:Topic" && !String(props(r).name).endsWith(".dlq");

let plan: StackPlan;
beforeAll(async () => {
  plan = await planStack(readStackFile("stacks/Pulumi.orders-prod.yaml"));
});

describe("companion rules on a stack whose product ingests nothing (ingestion: false)", () => {
  it("finds no bucket, topic or sink in analytics-prod, so nothing lacks a companion", async () => {
    const derived = await planStack(readStackFile("stacks/Pulumi.analytics-prod.yaml"));
    for (const type of ["aws:s3/bucket:Bucket", "kafka:index/topic:Topic", "kafka:index/acl:Acl"])
      expect(ofType(derived.resources, type), type).toEqual([]);
    expect(derived.resources.filter((r) => r.type.endsWith(":KafkaConnector"))).toEqual([]);
    expect(await companionFindings([...derived.resources])).toEqual([]);
    expect(await companionFindings(parseStateFile(stackExportOf(derived)))).toEqual([]);
  });
});

const SHAPES = {
  "preview (inputs)": { resources: () => [...plan.resources], props: (r: PlannedResource) => r.inputs },
  "state file (outputs)": {
    resources: () => parseStateFile(stackExportOf(plan)),
    props: (r: PlannedResource) => r.outputs ?? {},
  },
} as const;

for (const [shape, { resources, props }] of Object.entries(SHAPES)) {
  describe(`companion rules on a shipped stack, ${shape}`, () => {
    it("finds every companion of every bucket and topic the platform builds", async () => {
      const all = resources();
      expect(ofType(all, "aws:s3/bucket:Bucket").length).toBeGreaterThan(0);
      expect(all.filter((r) => isMainTopic(r, props)).length).toBeGreaterThan(0);
      expect(await companionFindings(all)).toEqual([]);
    });

    for (const { rule, type } of COMPANIONS) {
      it(`reports each bucket whose ${type.split(":").pop()} is removed, under ${rule} only`, async () => {
        const all = resources();
        const found = await companionFindings(all.filter((r) => r.type !== type));
        expect(found.map((v) => [v.policy, v.level])).toEqual(
          ofType(all, "aws:s3/bucket:Bucket").map(() => [rule, "mandatory"]),
        );
        expect(found.map((v) => v.urn)).toEqual(ofType(all, "aws:s3/bucket:Bucket").map((b) => b.urn));
      });
    }

    it(`reports each topic whose dead-letter topic is removed, and the sink writing to it`, async () => {
      const all = resources();
      const kept = all.filter((r) => !(r.type === "kafka:index/topic:Topic" && !isMainTopic(r, props)));
      const found = await companionFindings(kept);
      const mainTopics = all.filter((r) => isMainTopic(r, props)).map((t) => t.urn);
      expect(found.filter((v) => v.policy === DLQ_RULE).map((v) => v.urn)).toEqual(mainTopics);
      // The staging sink still names the removed topic as where failed records go.
      const connectors = all.filter((r) => r.type.endsWith(":KafkaConnector")).map((c) => c.urn);
      expect(connectors.length).toBeGreaterThan(0);
      expect(found.filter((v) => v.policy === CONNECTOR_RULE).map((v) => v.urn)).toEqual(connectors);
      expect(found.every((v) => v.level === "mandatory")).toBe(true);
    });

    for (const suffix of [
      "topic-owner-write",
      "topic-owner-describe",
      "dlq-owner-write",
      "dlq-owner-describe",
      "read-orders",
      "group-orders",
    ]) {
      it(`reports the topic whose owner ACL ${suffix} is removed, under ${ACL_RULE} only`, async () => {
        const all = resources();
        const removed = all.filter((r) => r.type === "kafka:index/acl:Acl" && r.name.endsWith(`-${suffix}`));
        expect(removed.length).toBeGreaterThan(0);
        const found = await companionFindings(all.filter((r) => !removed.includes(r)));
        expect(found.length).toBe(removed.length);
        for (const v of found) {
          expect(v).toMatchObject({ policy: ACL_RULE, level: "mandatory" });
          expect(v.message).toMatch(
            /lacks the owner's ACLs: (Read|Write|Describe) on (Topic|Group) "[^"]+" to User:orders; grant/,
          );
        }
      });
    }
  });
}
