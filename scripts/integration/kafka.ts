/**
 * Apache Kafka for the integration tests: one KRaft node (broker and controller in one JVM) from
 * Maven Central's jars, on loopback, configured as the platform's clusters are in the ways that
 * matter to the mesh's grants: clients authenticate with SASL/SCRAM-SHA-512 (platform.yaml's
 * `saslMechanism: scram-sha512`), and the standard ACL authorizer denies whatever no ACL allows.
 *
 * Every start formats a fresh storage folder under the cache, with the SCRAM credentials of an
 * administrator (a super user, which creates topics and ACLs), of every domain of the example mesh,
 * of the platform's Kafka Connect principal, and of one domain the mesh does not know.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readPlatformFile } from "../../program/platformFile.js";
import { groupCoordinatorProbe, kafkaAdminProbe } from "./kafkaClient.js";
import { freePort, type RunningServer, startServer } from "./service.js";
import type { IntegrationService, IntegrationServices } from "./services.js";
import { CACHE, mavenClasspath, ROOT, run, SetupError } from "./toolchain.js";

/** The Kafka release the tests run (scripts/integration/kafka/pom.xml pins the same). */
export const KAFKA_VERSION = "4.1.1";
/** A principal no domain declaration names: every ACL must leave it out. */
export const UNDECLARED_USER = "marketing";
const ADMIN_USER = "admin";

export interface KafkaInfo {
  /** `host:port` of the SASL_PLAINTEXT listener. */
  readonly bootstrap: string;
  /** The SASL mechanism of every client, as kafkajs names it. */
  readonly mechanism: "scram-sha-512";
  /** The super user that applies the plan. */
  readonly admin: { readonly username: string; readonly password: string };
  /** Password of each SCRAM user (the principal `User:<name>`), the admin excepted. */
  readonly users: Readonly<Record<string, string>>;
}

const classpath = () => mavenClasspath("kafka", join(ROOT, "scripts", "integration", "kafka"));

/**
 * The SCRAM users besides the admin: each domain of the example mesh (its folder under `domains/`
 * is its name, and its principal `User:<domain>`, see `kafkaPrincipal`), the Connect workers'
 * principal of every environment, and {@link UNDECLARED_USER}. Which of them may do what is
 * left entirely to the ACLs the plan emits.
 */
function meshUsers(): string[] {
  const domains = readdirSync(join(ROOT, "domains"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const connect = Object.values(readPlatformFile(ROOT).environments).map((e) => {
    const principal = e!.ingestion.kafkaPrincipal;
    if (!principal.startsWith("User:")) {
      throw new SetupError(`platform.yaml: ingestion.kafkaPrincipal "${principal}" is not a User: principal`);
    }
    return principal.slice("User:".length);
  });
  return [...new Set([...domains, ...connect, UNDECLARED_USER])].sort();
}

const secret = () => randomBytes(12).toString("hex");

/** server.properties of a combined broker+controller; a value per line, no escaping needed. */
function serverProperties(o: {
  port: number;
  controllerPort: number;
  dataDir: string;
  adminPassword: string;
  controllerPassword: string;
}): string {
  const scramLogin = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${ADMIN_USER}" password="${o.adminPassword}";`;
  // SCRAM cannot authenticate the controller listener (its credentials live in the metadata the
  // controller serves), so the broker reaches its controller with PLAIN and a static user.
  const plainLogin = `org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="${o.controllerPassword}" user_controller="${o.controllerPassword}";`;
  return `${[
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=CLIENT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=CLIENT://127.0.0.1:${o.port}`,
    "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=CLIENT",
    "sasl.enabled.mechanisms=SCRAM-SHA-512",
    "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
    `listener.name.client.scram-sha-512.sasl.jaas.config=${scramLogin}`,
    "sasl.mechanism.controller.protocol=PLAIN",
    "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
    `listener.name.controller.plain.sasl.jaas.config=${plainLogin}`,
    // The standard authorizer of a KRaft cluster; nothing is allowed that no ACL allows.
    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "allow.everyone.if.no.acl.found=false",
    `super.users=User:${ADMIN_USER};User:controller`,
    "auto.create.topics.enable=false",
    `log.dirs=${o.dataDir}`,
    // One node: the internal topics cannot have more replicas than there are brokers.
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
  ].join("\n")}\n`;
}

function install(): string {
  return classpath();
}

async function start(): Promise<{ servers: RunningServer[]; info: KafkaInfo }> {
  const cp = install();
  const runs = join(CACHE, "kafka");
  mkdirSync(runs, { recursive: true });
  const dir = mkdtempSync(join(runs, "run-"));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const admin = { username: ADMIN_USER, password: secret() };
  const users = Object.fromEntries(meshUsers().map((u) => [u, secret()]));
  const properties = join(dir, "server.properties");
  writeFileSync(
    properties,
    serverProperties({
      port,
      controllerPort,
      dataDir: join(dir, "data"),
      adminPassword: admin.password,
      controllerPassword: secret(),
    }),
  );
  // A cluster id is 16 random bytes in URL-safe base64, as `kafka-storage random-uuid` makes one.
  const clusterId = randomBytes(16).toString("base64url");
  const scram = Object.entries({ [admin.username]: admin.password, ...users }).flatMap(([name, password]) => [
    "--add-scram",
    `SCRAM-SHA-512=[name=${name},password=${password}]`,
  ]);
  run("formatting Kafka's storage", "java", [
    "-cp",
    cp,
    "kafka.tools.StorageTool",
    "format",
    "--cluster-id",
    clusterId,
    "--config",
    properties,
    ...scram,
  ]);
  const bootstrap = `127.0.0.1:${port}`;
  const info: KafkaInfo = { bootstrap, mechanism: "scram-sha-512", admin, users };
  const server = await startServer({
    name: "kafka",
    command: "java",
    args: ["-Xms256m", "-Xmx768m", "-Djava.awt.headless=true", "-cp", cp, "kafka.Kafka", properties],
    // Up, with a controller, and serving groups (the scenarios' first consumer must not race it).
    ready: async () => (await kafkaAdminProbe(info)()) && (await groupCoordinatorProbe(info)()),
    timeoutMs: 120_000,
  });
  return {
    servers: [
      {
        ...server,
        // The storage of a run is useless after it: remove it once the JVM is gone.
        stop: async () => {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      },
    ],
    info,
  };
}

export const kafka: IntegrationService<IntegrationServices["kafka"]> = {
  name: "kafka",
  install: () => void install(),
  start,
};
