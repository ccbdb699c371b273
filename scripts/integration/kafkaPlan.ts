/**
 * The Kafka part of a plan (`mesh plan --json`), applied to a real cluster through the Admin API:
 * every `kafka:index/topic:Topic` and `kafka:index/acl:Acl` the stacks would create, with the
 * inputs the Pulumi Kafka provider would send, and nothing derived by hand. The integration tests
 * use it to put on a broker exactly what `pulumi up` would, then check the grants on the wire.
 */
import type { Admin } from "kafkajs";
import { UNKNOWN } from "../../cli/plan/values.js";
import { kafkajs } from "./kafkaClient.js";

export interface PlannedTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
  /** The stack that plans it. */
  readonly stack: string;
}

/** An ACL as the provider's inputs spell it (`aclResourceType: "Topic"`, `aclOperation: "Read"`, …). */
export interface PlannedAcl {
  readonly resourceType: string;
  readonly resourceName: string;
  readonly patternType: string;
  readonly principal: string;
  readonly host: string;
  readonly operation: string;
  readonly permission: string;
}

export interface KafkaResources {
  readonly topics: readonly PlannedTopic[];
  readonly acls: readonly PlannedAcl[];
}

interface PlanJson {
  readonly stacks: readonly {
    readonly stack: string;
    readonly steps: readonly { readonly newState: { readonly type: string; readonly inputs: unknown } }[];
  }[];
}

const TOPIC = "kafka:index/topic:Topic";
const ACL = "kafka:index/acl:Acl";

/** Reads one input; a value unknown at preview or of the wrong type cannot be applied. */
function input<T extends "string" | "number">(
  inputs: Record<string, unknown>,
  key: string,
  type: T,
  where: string,
): T extends "string" ? string : number {
  const value = inputs[key];
  if (value === UNKNOWN) throw new Error(`${where}: \`${key}\` is known only after apply`);
  if (typeof value !== type)
    throw new Error(`${where}: \`${key}\` is ${JSON.stringify(value)}, not a ${type}`);
  return value as T extends "string" ? string : number;
}

/**
 * The topics and ACLs of the plan's stacks that `selectStack` accepts (one cluster's: each
 * environment has its own). A Kafka resource of any other type fails: it would be left out.
 */
export function kafkaResourcesOf(plan: PlanJson, selectStack: (stack: string) => boolean): KafkaResources {
  const topics: PlannedTopic[] = [];
  const acls: PlannedAcl[] = [];
  for (const { stack, steps } of plan.stacks.filter((s) => selectStack(s.stack))) {
    for (const { newState } of steps) {
      const where = `${stack}: ${newState.type}`;
      const inputs = (newState.inputs ?? {}) as Record<string, unknown>;
      if (newState.type === TOPIC) {
        const config = (inputs.config ?? {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(config)) {
          if (typeof v !== "string") throw new Error(`${where}: config \`${k}\` is ${JSON.stringify(v)}`);
        }
        topics.push({
          stack,
          name: input(inputs, "name", "string", where),
          partitions: input(inputs, "partitions", "number", where),
          replicationFactor: input(inputs, "replicationFactor", "number", where),
          config: config as Record<string, string>,
        });
      } else if (newState.type === ACL) {
        acls.push({
          resourceType: input(inputs, "aclResourceType", "string", where),
          resourceName: input(inputs, "aclResourceName", "string", where),
          patternType: input(inputs, "resourcePatternTypeFilter", "string", where),
          principal: input(inputs, "aclPrincipal", "string", where),
          host: input(inputs, "aclHost", "string", where),
          operation: input(inputs, "aclOperation", "string", where),
          permission: input(inputs, "aclPermissionType", "string", where),
        });
      } else if (newState.type.startsWith("kafka:")) {
        throw new Error(`${where}: not a topic or an ACL; applying the plan would leave it out`);
      }
    }
  }
  const seen = new Map<string, string>();
  for (const t of topics) {
    const other = seen.get(t.name);
    if (other) throw new Error(`topic ${t.name} is planned by both ${other} and ${t.stack}`);
    seen.set(t.name, t.stack);
  }
  return { topics, acls };
}

/** Looks a provider spelling up in a kafkajs enum (`"TransactionalID"` → `TRANSACTIONAL_ID`). */
function enumValue(values: Record<string, unknown>, what: string, name: string): number {
  const key = name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  const value = values[key];
  if (typeof value !== "number") throw new Error(`unknown ACL ${what} "${name}"`);
  return value;
}

/** The ACL in the Admin API's terms. */
export function aclEntry(acl: PlannedAcl) {
  const k = kafkajs;
  return {
    resourceType: enumValue(k.AclResourceTypes, "resource type", acl.resourceType),
    resourceName: acl.resourceName,
    resourcePatternType: enumValue(k.ResourcePatternTypes, "pattern type", acl.patternType),
    principal: acl.principal,
    host: acl.host,
    operation: enumValue(k.AclOperationTypes, "operation", acl.operation),
    permissionType: enumValue(k.AclPermissionTypes, "permission type", acl.permission),
  };
}

/**
 * A topic as a cluster of `brokers` brokers can hold it. The platform's topics ask for 3 replicas
 * and 2 in sync; a test cluster of one broker can hold only one replica, and with
 * `min.insync.replicas` above the replicas every `acks=all` write would fail. Both are capped at
 * the broker count; nothing else changes.
 */
export function fitTopic(topic: PlannedTopic, brokers: number): PlannedTopic {
  const replicationFactor = Math.min(topic.replicationFactor, brokers);
  const config = { ...topic.config };
  const minInsync = config["min.insync.replicas"];
  if (minInsync !== undefined) config["min.insync.replicas"] = String(Math.min(Number(minInsync), brokers));
  return { ...topic, replicationFactor, config };
}

/** Creates the topics and ACLs on the cluster `admin` is connected to (as a super user). */
export async function applyKafkaResources(
  admin: Admin,
  resources: KafkaResources,
  brokers: number,
): Promise<void> {
  const topics = resources.topics.map((t) => fitTopic(t, brokers));
  if (topics.length > 0) {
    // kafkajs resolves false when every topic already existed: their settings would not be the plan's.
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
    });
    if (!created) throw new Error(`the topics already exist: ${topics.map((t) => t.name).join(", ")}`);
  }
  if (resources.acls.length > 0) {
    await admin.createAcls({ acl: resources.acls.map(aclEntry) });
    await untilAclsVisible(admin, resources.acls);
  }
}

const aclKey = (a: ReturnType<typeof aclEntry>) =>
  [
    a.resourceType,
    a.resourceName,
    a.resourcePatternType,
    a.principal,
    a.host,
    a.operation,
    a.permissionType,
  ].join(" ");

/**
 * Waits until the broker the admin talks to holds every ACL. In KRaft, CreateAcls returns once the
 * controller has committed them; each broker applies them from the metadata log a moment later,
 * and until then it still refuses what they allow.
 */
async function untilAclsVisible(
  admin: Admin,
  acls: readonly PlannedAcl[],
  timeoutMs = 30_000,
): Promise<void> {
  const k = kafkajs;
  const wanted = new Set(acls.map((a) => aclKey(aclEntry(a))));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { resources } = await admin.describeAcls({
      resourceType: k.AclResourceTypes.ANY,
      resourcePatternType: k.ResourcePatternTypes.ANY,
      operation: k.AclOperationTypes.ANY,
      permissionType: k.AclPermissionTypes.ANY,
    });
    const present = new Set(resources.flatMap((r) => r.acls.map((a) => aclKey({ ...r, ...a }))));
    const missing = [...wanted].filter((w) => !present.has(w));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the broker still lacks ${missing.length} of the ACLs after ${timeoutMs} ms: ${missing[0]}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
