import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, ofType, type Registration, resolveOutput, settle, single } from "./fixtures.js";

const TOPIC = "kafka:index/topic:Topic";
const ACL = "kafka:index/acl:Acl";

let captured: Registration[];
let IngestionTopic: typeof import("../../components/kafka/IngestionTopic.js").IngestionTopic;

beforeAll(async () => {
  captured = await installMocks();
  ({ IngestionTopic } = await import("../../components/kafka/IngestionTopic.js"));
});

const acls = (prefix: string) =>
  ofType(captured, ACL, `${prefix}-`).map((a) => ({
    resourceType: a.inputs.aclResourceType,
    resource: a.inputs.aclResourceName,
    principal: a.inputs.aclPrincipal,
    operation: a.inputs.aclOperation,
    permission: a.inputs.aclPermissionType,
    pattern: a.inputs.resourcePatternTypeFilter,
    host: a.inputs.aclHost,
  }));

describe("IngestionTopic", () => {
  let topic: InstanceType<typeof IngestionTopic>;

  beforeAll(async () => {
    topic = new IngestionTopic("orders-topic", {
      product: { domain: "orders", product: "orders", major: 3 },
      partitions: 12,
      retentionDays: 5,
      consumers: ["analytics", "billing"],
    });
    await settle();
  });

  it("creates the main topic with the product's name and durable settings", () => {
    const t = single(captured, TOPIC, "orders-topic").inputs;
    expect(t.name).toBe("orders.orders.v3");
    expect(t.partitions).toBe(12);
    expect(t.replicationFactor).toBe(3);
    expect(t.config).toMatchObject({
      "min.insync.replicas": "2",
      "unclean.leader.election.enable": "false",
      "retention.ms": String(5 * 86_400_000),
    });
  });

  it("creates a dead-letter topic with the same durability and retention", () => {
    const dlq = single(captured, TOPIC, "orders-topic-dlq").inputs;
    expect(dlq.name).toBe("orders.orders.v3.dlq");
    expect(dlq.replicationFactor).toBe(3);
    expect(dlq.config).toMatchObject({
      "min.insync.replicas": "2",
      "unclean.leader.election.enable": "false",
      "retention.ms": "432000000",
    });
    expect(ofType(captured, TOPIC, "orders-topic")).toHaveLength(2);
  });

  it("exposes the topic names and one consumer group per reader", async () => {
    expect(await resolveOutput(topic.topicName)).toBe("orders.orders.v3");
    expect(await resolveOutput(topic.deadLetterTopicName)).toBe("orders.orders.v3.dlq");
    expect(await resolveOutput(topic.consumerGroups)).toEqual({
      orders: "orders.orders.orders.v3",
      analytics: "analytics.orders.orders.v3",
      billing: "billing.orders.orders.v3",
    });
  });

  it("grants the owner Write and Describe on the topic and the dead-letter topic", () => {
    const owner = acls("orders-topic").filter(
      (a) => a.principal === "User:orders" && a.resourceType === "Topic",
    );
    for (const resource of ["orders.orders.v3", "orders.orders.v3.dlq"]) {
      const ops = owner.filter((a) => a.resource === resource).map((a) => a.operation);
      expect(ops).toEqual(expect.arrayContaining(["Write", "Describe"]));
    }
  });

  it("grants each consumer Read on the topic and on its own group, and nothing else", () => {
    const all = acls("orders-topic");
    for (const consumer of ["analytics", "billing"]) {
      const mine = all.filter((a) => a.principal === `User:${consumer}`);
      expect(mine).toHaveLength(2);
      expect(mine).toContainEqual(
        expect.objectContaining({ resourceType: "Topic", resource: "orders.orders.v3", operation: "Read" }),
      );
      expect(mine).toContainEqual(
        expect.objectContaining({
          resourceType: "Group",
          resource: `${consumer}.orders.orders.v3`,
          operation: "Read",
        }),
      );
    }
    // Consumers never reach the dead-letter topic.
    expect(all.filter((a) => a.resource === "orders.orders.v3.dlq").map((a) => a.principal)).toEqual([
      "User:orders",
      "User:orders",
    ]);
  });

  it("has exactly the expected ACLs: owner Write+Describe ×2 topics, Read topic+group per reader", () => {
    const got = acls("orders-topic")
      .map((a) => `${a.principal} ${a.operation} ${a.resourceType}:${a.resource}`)
      .sort();
    expect(got).toEqual(
      [
        "User:orders Write Topic:orders.orders.v3",
        "User:orders Describe Topic:orders.orders.v3",
        "User:orders Write Topic:orders.orders.v3.dlq",
        "User:orders Describe Topic:orders.orders.v3.dlq",
        // The owner lands its own topic into staging with its own group.
        "User:orders Read Topic:orders.orders.v3",
        "User:orders Read Group:orders.orders.orders.v3",
        "User:analytics Read Topic:orders.orders.v3",
        "User:analytics Read Group:analytics.orders.orders.v3",
        "User:billing Read Topic:orders.orders.v3",
        "User:billing Read Group:billing.orders.orders.v3",
      ].sort(),
    );
  });

  it("makes every ACL a LITERAL Allow on a named resource: no wildcard, no All", () => {
    const all = acls("orders-topic");
    expect(all).toHaveLength(10);
    for (const a of all) {
      expect(a.pattern).toBe("Literal");
      expect(a.permission).toBe("Allow");
      expect(a.resource).not.toContain("*");
      expect(a.principal).not.toContain("*");
      expect(a.principal).toMatch(/^User:[a-z][a-z0-9-]*$/);
      expect(a.operation).not.toBe("All");
      expect(["Read", "Write", "Describe"]).toContain(a.operation);
    }
  });

  it("with no consumers, only the owner has access", async () => {
    new IngestionTopic("solo", {
      product: { domain: "crm", product: "customers", major: 2 },
      partitions: 1,
      retentionDays: 1,
      consumers: [],
    });
    await settle();
    expect(acls("solo")).toHaveLength(6);
    expect(new Set(acls("solo").map((a) => a.principal))).toEqual(new Set(["User:crm"]));
    expect(single(captured, TOPIC, "solo").inputs.config["retention.ms"]).toBe("86400000");
  });
});

describe("IngestionTopic validation", () => {
  const base = {
    product: { domain: "orders", product: "orders", major: 1 },
    partitions: 3,
    retentionDays: 7,
    consumers: ["analytics"],
  };
  const kafkaChildren = (prefix: string) =>
    captured.filter((c) => c.type.startsWith("kafka:") && c.name.startsWith(prefix));

  it("rejects 0 partitions before registering any child", async () => {
    expect(() => new IngestionTopic("bad-partitions", { ...base, partitions: 0 })).toThrow(
      "`partitions` must be a positive whole number, got 0",
    );
    await settle();
    expect(kafkaChildren("bad-partitions")).toEqual([]);
  });

  it("rejects fractional partitions and non-positive retention", async () => {
    expect(() => new IngestionTopic("bad-fraction", { ...base, partitions: 1.5 })).toThrow(
      "`partitions` must be a positive whole number, got 1.5",
    );
    expect(() => new IngestionTopic("bad-retention", { ...base, retentionDays: 0 })).toThrow(
      "`retentionDays` must be a positive whole number, got 0",
    );
    await settle();
    expect(kafkaChildren("bad-fraction")).toEqual([]);
    expect(kafkaChildren("bad-retention")).toEqual([]);
  });

  it("rejects a consumer that is the owning domain before registering any child", async () => {
    expect(
      () => new IngestionTopic("self-consumer", { ...base, consumers: ["analytics", "orders"] }),
    ).toThrow('`consumers` must not include the owning domain "orders"');
    await settle();
    expect(kafkaChildren("self-consumer")).toEqual([]);
  });

  it("rejects a topic name over Kafka's 249 characters", async () => {
    const product = { domain: "orders", product: "p".repeat(240), major: 1 };
    expect(() => new IngestionTopic("too-long", { ...base, product })).toThrow(/exceeds 249 characters/);
    await settle();
    expect(kafkaChildren("too-long")).toEqual([]);
  });
});
