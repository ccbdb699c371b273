/**
 * What a Kafka client sees on the wire, for the ACL scenarios: a record produced, a record read
 * through a consumer group, or the broker's error code of a denial (TOPIC_AUTHORIZATION_FAILED,
 * GROUP_AUTHORIZATION_FAILED, …), never just "some error".
 */
import type { Kafka } from "kafkajs";
import { kafkajs } from "../../scripts/integration/kafkaClient.js";

/** The broker's error code of a failure: kafkajs keeps it as `type`, on the error or its cause. */
export function errorCode(e: unknown): string {
  for (let x = e as { type?: unknown; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (typeof x.type === "string") return x.type;
  }
  throw new Error(
    `not a Kafka protocol error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
  );
}

/** The error code `action` fails with; throws if it succeeds. */
export async function denial(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (e) {
    return errorCode(e);
  }
  throw new Error("the broker allowed it");
}

/**
 * Writes one record with `acks=all`. `idempotent` is what a Java producer does by default since
 * Kafka 3.0: it first asks for a producer id (InitProducerId), which the broker grants only to a
 * principal allowed to write some topic.
 */
export async function produce(
  client: Kafka,
  topic: string,
  value: string,
  options: { idempotent?: boolean } = {},
): Promise<void> {
  const producer = client.producer({
    allowAutoTopicCreation: false,
    ...(options.idempotent ? { idempotent: true, maxInFlightRequests: 1 } : {}),
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ value }] });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads `topic` from the beginning as a member of `groupId` until a record's value is `value`;
 * rejects with the consumer's error if it crashes, or after `timeoutMs`.
 */
export async function readThrough(
  client: Kafka,
  topic: string,
  groupId: string,
  value: string,
  timeoutMs = 60_000,
): Promise<void> {
  const consumer = client.consumer({ groupId, retry: { retries: 0 } });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no record "${value}" on ${topic} in time`)),
        timeoutMs,
      );
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        clearTimeout(timer);
        reject(payload.error);
      });
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value?.toString() === value) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e);
        });
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Joins `groupId` as a consumer would: FindCoordinator, then JoinGroup (and leaves again). Sent
 * through kafkajs's own connection because its consumer swallows a FindCoordinator failure (its
 * broker pool tries every broker and reports only "Failed to find group coordinator"), which would
 * hide whether the broker refused the group.
 */
export async function joinGroup(client: Kafka, groupId: string): Promise<void> {
  const createCluster = Object.getOwnPropertySymbols(client).find(
    (s) => s.description === "private:Kafka:createCluster",
  );
  if (!createCluster) throw new Error("kafkajs changed: no private createCluster on the client");
  const cluster = (client as any)[createCluster]({});
  await cluster.connect();
  try {
    // One broker: the seed broker is every group's coordinator.
    const broker = cluster.brokerPool.seedBroker;
    await broker.findGroupCoordinator({ groupId, coordinatorType: 0 });
    const { memberId } = await broker.joinGroup({
      groupId,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      groupProtocols: [
        {
          name: "RoundRobinAssigner",
          metadata: kafkajs.AssignerProtocol.MemberMetadata.encode({
            version: 1,
            topics: [],
            userData: Buffer.alloc(0),
          }),
        },
      ],
    });
    await broker.leaveGroup({ groupId, memberId });
  } finally {
    await cluster.disconnect();
  }
}
