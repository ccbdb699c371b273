/**
 * kafkajs (a pure-JavaScript Kafka client) set up for the integration cluster: SASL/SCRAM-SHA-512
 * on loopback, quiet, and failing fast, since the tests expect denials and a retry would only
 * delay them.
 */
import kafkajsModule, { type Kafka } from "kafkajs";

/** kafkajs is CommonJS: its enums and classes are on the default export. */
export const kafkajs = kafkajsModule;

export interface KafkaConnection {
  readonly bootstrap: string;
  readonly mechanism: "scram-sha-512";
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** A client that authenticates as `user`. */
export function kafkaClient(cluster: KafkaConnection, user: Credentials, clientId = user.username): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: [cluster.bootstrap],
    sasl: { mechanism: cluster.mechanism, username: user.username, password: user.password },
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 2, initialRetryTime: 200 },
  });
}

/** Resolves true once the admin can authenticate and the cluster has a controller. */
/**
 * True once the group coordinator serves requests: the first group request creates
 * `__consumer_offsets`, and until its partition is loaded every JoinGroup is answered
 * COORDINATOR_LOAD_IN_PROGRESS (seen failing the first consumer of a run on a busy machine).
 */
export const groupCoordinatorProbe = (cluster: KafkaConnection & { admin: Credentials }) => async () => {
  const admin = kafkaClient(cluster, cluster.admin, "probe").admin();
  try {
    await admin.connect();
    const { groups } = await admin.describeGroups(["mesh-integration-warm-up"]);
    // kafkajs answers a group it could describe; its error code (absent from its types) is 0.
    return groups.every((g) => ((g as { errorCode?: number }).errorCode ?? 0) === 0);
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
};

export const kafkaAdminProbe = (cluster: KafkaConnection & { admin: Credentials }) => async () => {
  const admin = kafkaClient(cluster, cluster.admin, "probe").admin();
  try {
    await admin.connect();
    const { controller } = await admin.describeCluster();
    return controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
};
