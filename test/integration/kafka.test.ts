/**
 * Issue 11, item 4: the topics and ACLs `mesh plan` emits for the example mesh, created on a real
 * Kafka broker (SASL/SCRAM, StandardAuthorizer, nothing allowed without an ACL) through the Admin
 * API from the plan itself; then each grant and each refusal checked on the wire by a client
 * authenticated as the principal in question.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  connectConsumerGroupName,
  consumerGroupName,
  deadLetterTopicName,
  kafkaTopicName,
  stagingConnectorName,
} from "../../components/naming.js";
import type { ProductAccess } from "../../components/productAccess.js";
import { kafkaClient, kafkajs } from "../../scripts/integration/kafkaClient.js";
import {
  aclEntry,
  applyKafkaResources,
  type KafkaResources,
  kafkaResourcesOf,
} from "../../scripts/integration/kafkaPlan.js";
import { CACHE, ROOT } from "../../scripts/integration/toolchain.js";
import { denial, joinGroup, produce, readThrough } from "./kafkaWire.js";

const cluster = () => inject("integration").kafka;
/** A client authenticated as the SCRAM user `name` (the principal `User:<name>`). */
const as = (name: string) => {
  const password = cluster().users[name];
  if (password === undefined) throw new Error(`the test cluster has no SCRAM user "${name}"`);
  return kafkaClient(cluster(), { username: name, password });
};

// The example mesh (domains/*): orders (no PII) is consumed by analytics; customers (PII: email,
// full_name) lets analytics consume it but admits no one to its PII; analytics has no topic.
const ORDERS = { domain: "orders", product: "orders", major: 1 };
const CUSTOMERS = { domain: "customers", product: "customers", major: 2 };
const ordersTopic = kafkaTopicName(ORDERS);
const customersTopic = kafkaTopicName(CUSTOMERS);
const CONNECT = "mesh-connect"; // platform.yaml: ingestion.kafkaPrincipal, User:mesh-connect
const UNDECLARED = "marketing"; // no domain declaration names it

/** One cluster per environment (platform.yaml): the dev stacks' resources are one cluster's. */
const ENVIRONMENT = "dev";
const TOPIC_DENIED = "TOPIC_AUTHORIZATION_FAILED";
const GROUP_DENIED = "GROUP_AUTHORIZATION_FAILED";

interface Plan {
  stacks: { stack: string; steps: { newState: { type: string; inputs: any } }[] }[];
}
let plan: Plan;
let resources: KafkaResources;
/** What the plan's Domain components register: who may reach each product version. */
let access: Record<string, ProductAccess>;
/** A value no earlier run wrote, so each read proves this run's write. */
const marker = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  const dir = join(CACHE, "kafka");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "plan.json");
  const mesh = spawnSync(process.execPath, ["bin/mesh.js", "plan", "--quiet", "--json", file], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (mesh.status !== 0) throw new Error(`mesh plan failed (${mesh.status}):\n${mesh.stdout}${mesh.stderr}`);
  plan = JSON.parse(readFileSync(file, "utf8"));
  resources = kafkaResourcesOf(plan, (stack) => stack.endsWith(`-${ENVIRONMENT}`));
  // Each product's lists as its producer's stack registers them: a stack that neither publishes nor
  // consumes a product registers its producer alone.
  const registered = (domain: string): Record<string, ProductAccess> =>
    plan.stacks
      .find((s) => s.stack === `${domain}-${ENVIRONMENT}`)!
      .steps.find((s) => s.newState.type === "mesh:index:Domain")!.newState.inputs.productAccess;
  access = {
    [ordersTopic]: registered("orders")[ordersTopic]!,
    [customersTopic]: registered("customers")[customersTopic]!,
  };
  const admin = kafkaClient(cluster(), cluster().admin).admin();
  await admin.connect();
  try {
    await applyKafkaResources(admin, resources, 1);
  } finally {
    await admin.disconnect();
  }
});

describe("the plan's Kafka resources, applied through the Admin API", () => {
  it("creates the plan's topics, with its partitions and configuration", async () => {
    expect(resources.topics.map((t) => t.name).sort()).toEqual(
      [ordersTopic, deadLetterTopicName(ORDERS), customersTopic, deadLetterTopicName(CUSTOMERS)].sort(),
    );
    const admin = kafkaClient(cluster(), cluster().admin).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: resources.topics.map((t) => t.name) });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: resources.topics.map((t) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name: t.name })),
      });
      for (const planned of resources.topics) {
        expect(topics.find((t) => t.name === planned.name)?.partitions).toHaveLength(planned.partitions);
        const entries = configs.resources.find((r) => r.resourceName === planned.name)!.configEntries;
        for (const [name, value] of Object.entries(planned.config)) {
          // min.insync.replicas is capped at the one broker (see fitTopic); the rest is the plan's.
          const expected = name === "min.insync.replicas" ? "1" : value;
          expect(entries.find((e) => e.configName === name)?.configValue, `${planned.name} ${name}`).toBe(
            expected,
          );
        }
      }
    } finally {
      await admin.disconnect();
    }
  });

  it("creates exactly the plan's ACLs, for principals the cluster knows", async () => {
    const admin = kafkaClient(cluster(), cluster().admin).admin();
    await admin.connect();
    try {
      const described = await admin.describeAcls({
        resourceType: kafkajs.AclResourceTypes.ANY,
        resourcePatternType: kafkajs.ResourcePatternTypes.ANY,
        operation: kafkajs.AclOperationTypes.ANY,
        permissionType: kafkajs.AclPermissionTypes.ANY,
      });
      const onBroker = described.resources.flatMap((r) =>
        r.acls.map((a) => `${a.principal} ${a.operation} ${r.resourceType}:${r.resourceName}`),
      );
      const planned = resources.acls
        .map(aclEntry)
        .map((a) => `${a.principal} ${a.operation} ${a.resourceType}:${a.resourceName}`);
      expect(onBroker.sort()).toEqual([...new Set(planned)].sort());
      expect(resources.acls.length).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }
    for (const acl of resources.acls) {
      expect(acl.principal).toMatch(/^User:/);
      expect(Object.keys(cluster().users)).toContain(acl.principal.slice("User:".length));
    }
  });
});

describe("the owner domain", () => {
  it("produces to its topic, and a declared consumer reads it with its own group", async () => {
    const value = marker("order");
    await produce(as("orders"), ordersTopic, value);
    await readThrough(as("analytics"), ordersTopic, consumerGroupName("analytics", ORDERS), value);
  });

  it("produces as an idempotent producer (a Java client's default), to its topic and its dead-letter topic", async () => {
    const value = marker("idempotent");
    await produce(as("orders"), ordersTopic, value, { idempotent: true });
    await produce(as("orders"), deadLetterTopicName(ORDERS), value, { idempotent: true });
    await readThrough(as("analytics"), ordersTopic, consumerGroupName("analytics", ORDERS), value);
  });

  it("reads its own topic with its own group (to land it in staging)", async () => {
    const value = marker("own");
    await produce(as("orders"), ordersTopic, value);
    await readThrough(as("orders"), ordersTopic, consumerGroupName("orders", ORDERS), value);
  });

  it("cannot write or read another domain's topic", async () => {
    expect(await denial(() => produce(as("orders"), customersTopic, marker("x")))).toBe(TOPIC_DENIED);
    expect(
      await denial(() =>
        readThrough(as("orders"), customersTopic, consumerGroupName("orders", ORDERS), "never", 10_000),
      ),
    ).toBe(TOPIC_DENIED);
  });
});

describe("a declared consumer", () => {
  it("cannot produce to the topic it reads", async () => {
    expect(access[ordersTopic]!.consumers).toContain("analytics");
    expect(await denial(() => produce(as("analytics"), ordersTopic, marker("x")))).toBe(TOPIC_DENIED);
    expect(await denial(() => produce(as("analytics"), deadLetterTopicName(ORDERS), "x"))).toBe(TOPIC_DENIED);
  });

  it("reads only with its own group: another domain's group, or any other, is refused", async () => {
    await joinGroup(as("analytics"), consumerGroupName("analytics", ORDERS));
    expect(await denial(() => joinGroup(as("analytics"), consumerGroupName("orders", ORDERS)))).toBe(
      GROUP_DENIED,
    );
    expect(await denial(() => joinGroup(as("analytics"), "analytics-adhoc"))).toBe(GROUP_DENIED);
  });
});

describe("a domain that did not declare it consumes the product", () => {
  it("an undeclared domain can neither produce, read, nor use a group", async () => {
    const marketing = () => as(UNDECLARED);
    expect(await denial(() => produce(marketing(), ordersTopic, marker("x")))).toBe(TOPIC_DENIED);
    const group = consumerGroupName(UNDECLARED, ORDERS);
    expect(await denial(() => readThrough(marketing(), ordersTopic, group, "never", 10_000))).toBe(
      TOPIC_DENIED,
    );
    expect(await denial(() => joinGroup(marketing(), group))).toBe(GROUP_DENIED);
  });

  it("a mesh domain that did not declare orders cannot read it, though orders is open to it", async () => {
    // orders is Internal: its producer consents to every domain; customers did not ask for it.
    expect(access[ordersTopic]!.consumers).toContain("customers");
    const group = consumerGroupName("customers", ORDERS);
    expect(await denial(() => readThrough(as("customers"), ordersTopic, group, "never", 10_000))).toBe(
      TOPIC_DENIED,
    );
    expect(await denial(() => joinGroup(as("customers"), group))).toBe(GROUP_DENIED);
  });
});

describe("a consumer not admitted to PII", () => {
  it("cannot read the raw topic it would otherwise consume", async () => {
    // The premise, from the plan: analytics consumes customers (consented) but is not in access.pii.
    const customers = access[customersTopic]!;
    expect(customers.hasPii).toBe(true);
    expect(customers.consumers).toContain("analytics");
    expect(customers.pii).not.toContain("analytics");
    expect(customers.topicReaders).not.toContain("User:analytics");
    // The topic is readable: its owner writes and reads it back.
    const value = marker("customer");
    await produce(as("customers"), customersTopic, value);
    await readThrough(as("customers"), customersTopic, consumerGroupName("customers", CUSTOMERS), value);
    // analytics is refused the topic, even through the group it legitimately reads orders with.
    const group = consumerGroupName("analytics", CUSTOMERS);
    expect(await denial(() => readThrough(as("analytics"), customersTopic, group, value, 10_000))).toBe(
      TOPIC_DENIED,
    );
    expect(
      await denial(() =>
        readThrough(as("analytics"), customersTopic, consumerGroupName("analytics", ORDERS), value, 10_000),
      ),
    ).toBe(TOPIC_DENIED);
    expect(await denial(() => joinGroup(as("analytics"), group))).toBe(GROUP_DENIED);
  });
});

describe("the staging sink's Connect principal", () => {
  const group = connectConsumerGroupName(stagingConnectorName(ORDERS));

  it("reads the topic with the connector's group and writes the dead-letter topic", async () => {
    const value = marker("to-stage");
    await produce(as("orders"), ordersTopic, value);
    await readThrough(as(CONNECT), ordersTopic, group, value);
    const dead = marker("dead-letter");
    // Connect's dead-letter producer is a Java producer: idempotent by default.
    await produce(as(CONNECT), deadLetterTopicName(ORDERS), dead, { idempotent: true });
    // The owner reads nothing back from its dead-letter topic (no Read on it), so the admin does.
    await readThrough(
      kafkaClient(cluster(), cluster().admin),
      deadLetterTopicName(ORDERS),
      "admin-check",
      dead,
    );
  });

  it("cannot write the ingestion topic, nor read the dead-letter topic it may only describe", async () => {
    expect(await denial(() => produce(as(CONNECT), ordersTopic, marker("x")))).toBe(TOPIC_DENIED);
    // Describe lets it see the topic and join its group; the fetch itself is what is refused.
    expect(
      await denial(() => readThrough(as(CONNECT), deadLetterTopicName(ORDERS), group, "never", 10_000)),
    ).toBe(TOPIC_DENIED);
  });
});
