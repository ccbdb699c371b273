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
