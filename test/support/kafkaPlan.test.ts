/** What the Kafka integration scenario applies from a plan: exactly its topics and ACLs, or an error. */
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../cli/plan/values.js";
import { kafkajs } from "../../scripts/integration/kafkaClient.js";
import { aclEntry, fitTopic, kafkaResourcesOf } from "../../scripts/integration/kafkaPlan.js";

const topic = (name: string, extra: Record<string, unknown> = {}) => ({
  newState: {
    type: "kafka:index/topic:Topic",
    inputs: { name, partitions: 6, replicationFactor: 3, config: { "min.insync.replicas": "2" }, ...extra },
  },
});
const acl = (operation: string, extra: Record<string, unknown> = {}) => ({
  newState: {
    type: "kafka:index/acl:Acl",
    inputs: {
      aclResourceType: "Topic",
      aclResourceName: "a.b.v1",
      resourcePatternTypeFilter: "Literal",
      aclPrincipal: "User:a",
      aclHost: "*",
      aclOperation: operation,
      aclPermissionType: "Allow",
      ...extra,
    },
  },
});
const other = { newState: { type: "aws:s3/bucket:Bucket", inputs: {} } };

describe("kafkaResourcesOf", () => {
  it("takes the topics and ACLs of the selected stacks, and nothing else", () => {
    const plan = {
      stacks: [
        { stack: "a-dev", steps: [topic("a.b.v1"), acl("Write"), other] },
        { stack: "a-prod", steps: [topic("a.b.v1"), acl("Read")] },
      ],
    };
    const { topics, acls } = kafkaResourcesOf(plan, (s) => s.endsWith("-dev"));
    expect(topics).toEqual([
      {
        stack: "a-dev",
        name: "a.b.v1",
        partitions: 6,
        replicationFactor: 3,
        config: { "min.insync.replicas": "2" },
      },
    ]);
    expect(acls.map((a) => a.operation)).toEqual(["Write"]);
  });

  it("refuses a value known only after apply, another Kafka resource type, and a topic planned twice", () => {
    const one = (steps: unknown[]) => ({ stacks: [{ stack: "a-dev", steps }] }) as any;
    const all = () => true;
    expect(() => kafkaResourcesOf(one([acl("Read", { aclResourceName: UNKNOWN })]), all)).toThrow(
      /aclResourceName` is known only after apply/,
    );
    expect(() =>
      kafkaResourcesOf(one([{ newState: { type: "kafka:index/quota:Quota", inputs: {} } }]), all),
    ).toThrow(/not a topic or an ACL/);
    const twice = {
      stacks: [
        { stack: "a-dev", steps: [topic("t")] },
        { stack: "b-dev", steps: [topic("t")] },
      ],
    };
    expect(() => kafkaResourcesOf(twice, all)).toThrow(/topic t is planned by both a-dev and b-dev/);
  });
});

describe("fitTopic", () => {
  it("caps replicas and min.insync.replicas at the brokers there are, and keeps the rest", () => {
    const planned = {
      stack: "s",
      name: "t",
      partitions: 12,
      replicationFactor: 3,
      config: { "min.insync.replicas": "2", "retention.ms": "604800000" },
    };
    expect(fitTopic(planned, 1)).toEqual({
      ...planned,
      replicationFactor: 1,
      config: { "min.insync.replicas": "1", "retention.ms": "604800000" },
    });
    expect(fitTopic(planned, 3)).toEqual(planned);
  });
});

describe("aclEntry", () => {
  it("spells the provider's names as the Admin API's codes", () => {
    const base = {
      resourceType: "TransactionalID",
      resourceName: "x",
      patternType: "Prefixed",
      principal: "User:a",
      host: "*",
      operation: "DescribeConfigs",
      permission: "Deny",
    };
    expect(aclEntry(base)).toEqual({
      resourceType: kafkajs.AclResourceTypes.TRANSACTIONAL_ID,
      resourceName: "x",
      resourcePatternType: kafkajs.ResourcePatternTypes.PREFIXED,
      principal: "User:a",
      host: "*",
      operation: kafkajs.AclOperationTypes.DESCRIBE_CONFIGS,
      permissionType: kafkajs.AclPermissionTypes.DENY,
    });
    expect(() => aclEntry({ ...base, operation: "Rd" })).toThrow(/unknown ACL operation "Rd"/);
  });
});
