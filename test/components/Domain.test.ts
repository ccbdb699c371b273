/**
 * The Domain component as the real program composes it: each shipped stack is planned under Pulumi
 * mocks (`planStack`), which records every resource with its inputs and resource options.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { planStack, type StackPlan } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { accessRoles } from "../../components/accessRoles.js";
import { validateDomainArgs } from "../../components/Domain.js";
import { validateMesh } from "../../components/declaration/index.js";
import { importDomains } from "../../program/loadMesh.js";
import { platformSettings } from "./fixtures.js";

const stackPath = (stack: string) =>
  fileURLToPath(new URL(`../../stacks/Pulumi.${stack}.yaml`, import.meta.url));
const plan = (stack: string) => planStack(readStackFile(stackPath(stack)));

const T = {
  domain: "mesh:index:Domain",
  topicComponent: "mesh:kafka:IngestionTopic",
  bucketComponent: "mesh:storage:StagingBucket",
  sinkComponent: "mesh:kafka:StagingSink",
  tableComponent: "mesh:warehouse:WarehouseTable",
  jobComponent: "mesh:compute:TransformJob",
  topic: "kafka:index/topic:Topic",
  acl: "kafka:index/acl:Acl",
  bucket: "aws:s3/bucket:Bucket",
  table: "aws:glue/catalogTable:CatalogTable",
  database: "aws:glue/catalogDatabase:CatalogDatabase",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  namespace: "kubernetes:core/v1:Namespace",
  connector: "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
} as const;

type Resource = StackPlan["resources"][number];
const ofType = (p: StackPlan, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: StackPlan, type: string): Resource => {
  const found = ofType(p, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** Stateful resources: data is lost if they are deleted. */
const STATEFUL = [T.bucket, T.topic, T.table, T.database, T.key];

const plans: Record<string, StackPlan> = {};
beforeAll(async () => {
  // planStack installs its own mocks; plans run one after another in this process.
  for (const stack of ["orders-prod", "orders-dev", "customers-prod", "analytics-prod", "analytics-dev"]) {
    plans[stack] = await plan(stack);
  }
});

describe("Domain composition", () => {
  it("creates one Domain component for the stack's domain", () => {
    for (const [stack, p] of Object.entries(plans)) {
      const domain = one(p, T.domain);
      expect(domain.name).toBe(stack.split("-")[0]);
      expect(domain.custom).toBe(false);
    }
  });

  it("composes a topic, a staging bucket, its sink, a table and a transform per product, under the Domain", () => {
    const p = plans["orders-prod"]!;
    const product = one(p, "mesh:index:DataProduct");
    expect(product.name).toBe("orders-orders-v1");
    expect(product.parentUrn).toBe(one(p, T.domain).urn);
    for (const type of [T.topicComponent, T.bucketComponent, T.sinkComponent, T.jobComponent]) {
      const components = ofType(p, type);
      expect(components, type).toHaveLength(1);
      expect(components[0]!.parentUrn).toBe(product.urn);
    }
    expect(one(p, T.topicComponent).name).toBe("orders-orders-v1");
    expect(one(p, T.bucketComponent).name).toBe("orders-orders-v1-staging");
    expect(one(p, T.sinkComponent).name).toBe("orders-orders-v1-sink");
    // The product's table and its run history's, both the product's own.
    const tables = ofType(p, T.tableComponent);
    expect(tables.map((t) => t.name)).toEqual(["orders-orders-v1-table", "orders-orders-v1-history-table"]);
    for (const table of tables) expect(table.parentUrn).toBe(product.urn);
    expect(one(p, T.jobComponent).name).toBe("orders-orders-v1-transform");
  });

  it("composes only a table and a transform for a product derived from other products (ingestion: false)", () => {
    for (const stack of ["analytics-prod", "analytics-dev"]) {
      const p = plans[stack]!;
      const product = one(p, "mesh:index:DataProduct");
      expect(product.name).toBe("analytics-revenue-by-segment-v2");
      for (const table of ofType(p, T.tableComponent)) expect(table.parentUrn).toBe(product.urn);
      expect(one(p, T.jobComponent).parentUrn).toBe(product.urn);
      // No raw records: no topic (nor dead-letter topic), sink, connector, ingest role or bucket.
      for (const type of [
        T.topicComponent,
        T.bucketComponent,
        T.sinkComponent,
        T.topic,
        T.acl,
        T.bucket,
        T.connector,
      ])
        expect(ofType(p, type), `${stack} ${type}`).toEqual([]);
      expect(ofType(p, T.role).map((r) => r.inputs.name)).toEqual([
        `acme-mesh-${stack.split("-")[1]}-analytics--revenue-by-segment-v2`,
      ]);
      // Its transform is given no staging to read: no argument, no S3 statement, no staging key.
      const job = one(p, "kubernetes:batch/v1:CronJob");
      const args = job.inputs.spec.jobTemplate.spec.template.spec.containers[0].args as string[];
      expect(args).not.toContain("--staging");
      const statements = ofType(p, "aws:iam/rolePolicy:RolePolicy").flatMap(
        (r) => JSON.parse(r.inputs.policy).Statement as { Sid: string; Resource: string | string[] }[],
      );
      expect(statements.map((st) => st.Sid)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/Staging|StageBatches/)]),
      );
      expect(JSON.stringify(statements)).not.toContain("analytics--revenue-by-segment");
    }
  });

  it("parents each component's resources on that component", () => {
    const p = plans["orders-prod"]!;
    const topicComponent = one(p, T.topicComponent).urn;
    for (const t of ofType(p, T.topic)) expect(t.parentUrn).toBe(topicComponent);
    expect(one(p, T.bucket).parentUrn).toBe(one(p, T.bucketComponent).urn);
    // Each Glue table under its own WarehouseTable component (the product's, then its history's).
    expect(ofType(p, T.table).map((t) => t.parentUrn)).toEqual(ofType(p, T.tableComponent).map((c) => c.urn));
    const roleParents = ofType(p, T.role).map((r) => [r.inputs.name, r.parentUrn]);
    expect(roleParents).toEqual([
      ["acme-mesh-prod-orders--orders-v1-ingest", one(p, T.sinkComponent).urn],
      ["acme-mesh-prod-orders--orders-v1", one(p, T.jobComponent).urn],
    ]);
    expect(one(p, T.connector).parentUrn).toBe(one(p, T.sinkComponent).urn);
  });

  it("creates the domain-wide namespace, data key and Glue database once", () => {
    const p = plans["orders-prod"]!;
    expect(one(p, T.namespace).inputs.metadata.name).toBe("orders");
    expect(one(p, T.database).inputs.name).toBe("orders_prod");
    expect(one(p, T.database).inputs.catalogId).toBe("222222222222");
    expect(one(p, T.key).inputs.enableKeyRotation).toBe(true);
  });

  it("names the physical resources after the product", () => {
    const p = plans["orders-prod"]!;
    expect(
      ofType(p, T.topic)
        .map((t) => t.inputs.name)
        .sort(),
    ).toEqual(["orders.orders.v1", "orders.orders.v1.dlq"]);
    expect(one(p, T.bucket).inputs.bucket).toBe("acme-mesh-prod-orders--orders-v1");
    expect(ofType(p, T.table).map((t) => t.inputs.name)).toEqual(["orders_v1", "orders_v1_runs"]);
    expect(
      ofType(p, T.role)
        .map((r) => r.inputs.name)
        .sort(),
    ).toEqual(["acme-mesh-prod-orders--orders-v1", "acme-mesh-prod-orders--orders-v1-ingest"]);
    expect(one(p, T.connector).inputs.metadata.name).toBe("orders--orders-v1-staging");
    const main = ofType(p, T.topic).find((t) => t.inputs.name === "orders.orders.v1")!;
    expect(main.inputs.partitions).toBe(12);
    expect(main.inputs.config["retention.ms"]).toBe(String(7 * 86_400_000));
  });
});

describe("output ports", () => {
  it("publishes topic, table, bucket ARN, prefix and consumers per product", () => {
    expect(plans["orders-prod"]!.outputs.outputPorts).toMatchObject({
      "orders.orders.v1": {
        topic: "orders.orders.v1",
        deadLetterTopic: "orders.orders.v1.dlq",
        table: "orders_prod.orders_v1",
        tableLocation: "s3://acme-mesh-prod-warehouse/orders/orders/v1/",
        stagingBucketArn: "arn:aws:s3:::acme-mesh-prod-orders--orders-v1",
        stagingPrefix: "v1/",
        consumers: ["analytics"],
        messageSchema: {
          $id: "urn:datamesh:orders.orders.v1:1.2.0",
          required: expect.arrayContaining(["order_id"]),
        },
      },
    });
  });

  it("reports the stack's domain, environment and namespace", () => {
    expect(plans["analytics-dev"]!.outputs).toMatchObject({
      domain: "analytics",
      environment: "dev",
      namespace: "analytics",
    });
    const ports = plans["analytics-dev"]!.outputs.outputPorts as Record<string, any>;
    expect(Object.keys(ports)).toEqual(["analytics.revenue-by-segment.v2"]);
    // A derived product's port is its table: no topic, staging, sink or message schema.
    expect(ports["analytics.revenue-by-segment.v2"]).toEqual({
      table: "analytics_dev.revenue_by_segment_v2",
      tableLocation: "s3://acme-mesh-dev-warehouse/analytics/revenue-by-segment/v2/",
      consumers: [],
    });
  });
});

describe("removal protection", () => {
  it("protects and retains every stateful resource in prod", () => {
    for (const stack of ["orders-prod", "customers-prod", "analytics-prod"]) {
      const p = plans[stack]!;
      // analytics' product ingests nothing: it has no topic and no staging bucket to protect.
      const derived = stack === "analytics-prod";
      if (derived) expect(ofType(p, T.topic).concat(ofType(p, T.bucket))).toEqual([]);
      for (const type of derived ? [T.table, T.database, T.key] : STATEFUL) {
        const found = ofType(p, type);
        expect(found.length, `${stack} ${type}`).toBeGreaterThan(0);
        for (const r of found) {
          expect({ name: r.name, protect: r.protect, retainOnDelete: r.retainOnDelete }).toEqual({
            name: r.name,
            protect: true,
            retainOnDelete: true,
          });
        }
      }
      if (derived) continue;
      expect(ofType(p, T.topic)).toHaveLength(2);
      expect(one(p, T.bucket).inputs.forceDestroy).toBe(false);
    }
  });

  it("protects nothing in dev, so a dev stack can be torn down", () => {
    const p = plans["orders-dev"]!;
    for (const type of STATEFUL) expect(ofType(p, type).length, type).toBeGreaterThan(0);
    for (const r of p.resources) {
      expect({ name: r.name, protect: r.protect, retainOnDelete: r.retainOnDelete }).toEqual({
        name: r.name,
        protect: false,
        retainOnDelete: false,
      });
    }
    expect(one(p, T.bucket).inputs.forceDestroy).toBe(true);
  });

  it("also protects nothing in analytics-dev", () => {
    expect(plans["analytics-dev"]!.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
  });
});

describe("governance metadata", () => {
  const expected = {
    "orders-prod": { domain: "orders", owner: "checkout", environment: "prod", classification: "internal" },
    "orders-dev": { domain: "orders", owner: "checkout", environment: "dev", classification: "internal" },
    "customers-prod": {
      domain: "customers",
      owner: "crm",
      environment: "prod",
      classification: "confidential",
    },
    "analytics-prod": {
      domain: "analytics",
      owner: "insights",
      environment: "prod",
      classification: "confidential",
    },
    "analytics-dev": {
      domain: "analytics",
      owner: "insights",
      environment: "dev",
      classification: "confidential",
    },
  } as const;

  it("tags every AWS resource that takes tags with mesh:domain/owner/environment/classification", () => {
    for (const [stack, want] of Object.entries(expected)) {
      const tagged = plans[stack]!.resources.filter(
        (r) => r.custom && r.type.startsWith("aws:") && "tags" in r.inputs,
      );
      // The taggable resources the platform creates must all be among them (analytics' product
      // ingests nothing, so its stack has no staging bucket).
      const types =
        want.domain === "analytics" ? [T.key, T.database, T.role] : [T.key, T.database, T.bucket, T.role];
      expect([...new Set(tagged.map((r) => r.type))]).toEqual(expect.arrayContaining(types));
      // Every instance of a taggable type the platform creates is tagged.
      for (const type of types) {
        const all = plans[stack]!.resources.filter((r) => r.type === type);
        expect(tagged.filter((r) => r.type === type)).toHaveLength(all.length);
      }
      for (const r of tagged) {
        expect({ resource: `${r.type} ${r.name}`, tags: r.inputs.tags }).toEqual({
          resource: `${r.type} ${r.name}`,
          tags: expect.objectContaining({
            "mesh:domain": want.domain,
            "mesh:owner": want.owner,
            "mesh:environment": want.environment,
            "mesh:classification": want.classification,
          }),
        });
      }
    }
  });

  it("labels every Kubernetes object with datamesh.io/domain/owner/environment/classification", () => {
    for (const [stack, want] of Object.entries(expected)) {
      const k8s = plans[stack]!.resources.filter(
        (r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:"),
      );
      expect([...new Set(k8s.map((r) => r.type.split(":").pop()))]).toEqual(
        expect.arrayContaining(["Namespace", "ServiceAccount", "ConfigMap", "CronJob"]),
      );
      for (const r of k8s) {
        expect({ resource: `${r.type} ${r.name}`, labels: r.inputs.metadata?.labels }).toEqual({
          resource: `${r.type} ${r.name}`,
          labels: expect.objectContaining({
            "datamesh.io/domain": want.domain,
            "datamesh.io/owner": want.owner,
            "datamesh.io/environment": want.environment,
            "datamesh.io/classification": want.classification,
          }),
        });
      }
    }
  });

  it("enforces Pod Security Standards restricted on the domain's namespace", () => {
    for (const p of Object.values(plans)) {
      expect(one(p, T.namespace).inputs.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe(
        "restricted",
      );
    }
  });

  it("puts the domain's namespaced objects in the domain's namespace", () => {
    const p = plans["customers-prod"]!;
    // A KafkaConnector must live beside its Connect cluster, which the platform runs for every domain.
    const namespaced = p.resources.filter(
      (r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== T.namespace && r.type !== T.connector,
    );
    expect(namespaced.length).toBeGreaterThan(0);
    for (const r of namespaced) expect(r.inputs.metadata.namespace, r.name).toBe("customers");
    expect(one(p, T.connector).inputs.metadata.namespace).toBe("kafka-connect");
  });
});

describe("what the transform reads and writes", () => {
  const runnerArgs = (p: StackPlan) => {
    const cronJob = one(p, "kubernetes:batch/v1:CronJob");
    return cronJob.inputs.spec.jobTemplate.spec.template.spec.containers[0].args as string[];
  };
  const flag = (args: string[], name: string) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));

  it("writes the product's Iceberg table in the account's Glue catalog", () => {
    const args = runnerArgs(plans["analytics-prod"]!);
    expect(flag(args, "--catalog")).toEqual(["glue:222222222222"]); // stacks/Pulumi.analytics-prod.yaml
    expect(flag(args, "--table")).toEqual(["analytics_prod.revenue_by_segment_v2"]);
  });

  it("reads each consumed product from its table in the same environment, as <domain>__<product>", () => {
    // analytics is not admitted to customers' PII: it reads the PII-free projection.
    expect(flag(runnerArgs(plans["analytics-prod"]!), "--read").sort()).toEqual([
      "customers__customers=customers_prod.customers_v2_redacted",
      "orders__orders=orders_prod.orders_v1",
    ]);
    expect(flag(runnerArgs(plans["analytics-dev"]!), "--read")).toContain(
      "orders__orders=orders_dev.orders_v1",
    );
    expect(flag(runnerArgs(plans["orders-prod"]!), "--read")).toEqual([]);
  });
});

describe("Kafka access across domains", () => {
  const acls = (p: StackPlan) =>
    ofType(p, T.acl).map(
      (a) =>
        `${a.inputs.aclPrincipal} ${a.inputs.aclOperation} ${a.inputs.aclResourceType}:${a.inputs.aclResourceName}`,
    );

  it("lets analytics, which consumes orders, read the orders topic with its own group", () => {
    const got = acls(plans["orders-prod"]!);
    expect(got).toContain("User:analytics Read Topic:orders.orders.v1");
    expect(got).toContain("User:analytics Read Group:analytics.orders.orders.v1");
    expect(got.filter((a) => a.startsWith("User:analytics "))).toHaveLength(2);
  });

  it("gives analytics, not admitted to customers' PII, nothing on the customers topic (full records)", () => {
    const got = acls(plans["customers-prod"]!);
    expect(got.filter((a) => a.startsWith("User:analytics "))).toEqual([]);
    const principals = new Set(ofType(plans["customers-prod"]!, T.acl).map((a) => a.inputs.aclPrincipal));
    // Only the owner and the platform's Kafka Connect workers, which land the topic in staging.
    expect(principals).toEqual(new Set(["User:customers", "User:mesh-connect"]));
  });

  it("registers who may reach each product of the mesh, for governance at preview", () => {
    const outputsOf = (stack: string) => one(plans[stack]!, T.domain).inputs.productAccess;
    const customers = outputsOf("customers-prod")["customers.customers.v2"];
    expect(customers).toMatchObject({
      hasPii: true,
      consumers: ["analytics"],
      pii: [],
      topicReaders: ["User:customers", "User:mesh-connect"],
    });
    // The roles those domains stand for, registered once: the readers of the projection and the full table.
    const roles = one(plans["customers-prod"]!, T.domain).inputs.transformRoles;
    expect(accessRoles(customers, "customers", roles)).toEqual({
      readers: ["acme-mesh-prod-customers--customers-v2", "acme-mesh-prod-analytics--revenue-by-segment-v2"],
      fullReaders: ["acme-mesh-prod-customers--customers-v2"],
    });
    // Its consumer's stack carries the same lists, so its grants are judged by them.
    expect(outputsOf("analytics-prod")["customers.customers.v2"]).toEqual(customers);
    // A stack that neither publishes nor consumes it still names it, so a grant reaching it is
    // checked, but admits its producer alone: its consumers' grants are made in their own stacks.
    expect(outputsOf("orders-prod")["customers.customers.v2"]).toEqual({
      ...customers,
      consumers: [],
      pii: [],
      topicReaders: ["User:customers", "User:mesh-connect"],
    });
    // orders is internal and lists nobody: open to every domain of the mesh.
    expect(outputsOf("orders-prod")["orders.orders.v1"].consumers).toEqual(["analytics", "customers"]);
    // Without PII, every consumer it serves may read its full records, on the topic too.
    expect(outputsOf("orders-prod")["orders.orders.v1"]).toMatchObject({
      pii: [],
      topicReaders: ["User:orders", "User:analytics", "User:customers", "User:mesh-connect"],
    });
  });

  it("creates no Kafka ACL for analytics' product, which has no topic (ingestion: false)", () => {
    expect(ofType(plans["analytics-prod"]!, T.acl)).toEqual([]);
    expect(ofType(plans["analytics-dev"]!, T.acl)).toEqual([]);
  });

  it("lets the Connect workers read only the domain's own topics and write only their dead-letter topics", () => {
    for (const [stack, p] of Object.entries(plans)) {
      const domain = stack.split("-")[0]!;
      const connect = ofType(p, T.acl).filter((acl) => acl.inputs.aclPrincipal === "User:mesh-connect");
      // Five per product that ingests (one sink each): Read+Describe topic, Read group,
      // Write+Describe dead-letter topic.
      expect(connect).toHaveLength(5 * ofType(p, T.sinkComponent).length);
      for (const a of connect) {
        const { aclOperation: op, aclResourceType: type, aclResourceName: name } = a.inputs;
        const grant = `${op} ${type}:${name}`;
        expect(a.inputs.resourcePatternTypeFilter, grant).toBe("Literal");
        if (type === "Group")
          expect(grant).toMatch(new RegExp(`^Read Group:connect-${domain}-[a-z-]+-v\\d+-staging$`));
        else if (op === "Write")
          expect(grant).toMatch(new RegExp(`^Write Topic:${domain}\\.[a-z-]+\\.v\\d+\\.dlq$`));
        else
          expect(grant).toMatch(new RegExp(`^(Read|Describe) Topic:${domain}\\.[a-z-]+\\.v\\d+(\\.dlq)?$`));
        if (op === "Read" && type === "Topic") expect(name).not.toMatch(/\.dlq$/);
      }
    }
  });
});

describe("staging sink", () => {
  it("lands every product of every planned stack in its own staging bucket, one connector per product", () => {
    for (const [stack, p] of Object.entries(plans)) {
      const [domain, environment] = stack.split("-") as [string, string];
      // Products with raw records: those derived only from other products (ingestion: false) have none.
      const products = ofType(p, "mesh:index:DataProduct").filter((d) =>
        ofType(p, T.topicComponent).some((t) => t.parentUrn === d.urn),
      );
      expect(products.length, stack).toBe(domain === "analytics" ? 0 : 1);
      const sinks = ofType(p, T.sinkComponent);
      const connectors = ofType(p, T.connector);
      expect(
        sinks.map((s) => s.parentUrn),
        stack,
      ).toEqual(products.map((d) => d.urn));
      expect(
        connectors.map((c) => c.parentUrn),
        stack,
      ).toEqual(sinks.map((s) => s.urn));
      for (const [i, c] of connectors.entries()) {
        const product = products[i]!.name.slice(domain.length + 1); // <product>-v<major>
        const major = product.replace(/^.*-v(\d+)$/, "$1");
        const { config } = c.inputs.spec;
        expect(c.inputs.metadata.name).toBe(`${domain}--${product}-staging`);
        expect(config.topics).toBe(`${domain}.${product.replace(/-v(\d+)$/, ".v$1")}`);
        expect(config["aws.s3.bucket.name"]).toBe(`acme-mesh-${environment}-${domain}--${product}`);
        expect(config["file.name.template"]).toMatch(new RegExp(`^v${major}/raw/ingest_date=`));
        expect(config["aws.sts.role.arn"]).toMatch(
          new RegExp(`:role/acme-mesh-${environment}-${domain}--${product}-ingest$`),
        );
      }
    }
  });

  it("trusts the stack's Connect worker role with each ingest role, and publishes the connector", () => {
    const p = plans["orders-prod"]!;
    const ingest = ofType(p, T.role).find((r) => r.inputs.name.endsWith("-ingest"))!;
    expect(JSON.parse(ingest.inputs.assumeRolePolicy).Statement[0].Principal).toEqual({
      AWS: "arn:aws:iam::222222222222:role/acme-mesh-prod-kafka-connect", // stacks/Pulumi.orders-prod.yaml
    });
    expect(p.outputs.outputPorts).toMatchObject({
      "orders.orders.v1": { sinkConnector: "orders--orders-v1-staging" },
    });
  });
});

describe("validateDomainArgs", () => {
  const DOMAINS_DIR = fileURLToPath(new URL("../../domains/", import.meta.url));
  const args = async () => {
    const mesh = validateMesh(await importDomains(DOMAINS_DIR));
    const declaration = mesh.domains.find((d) => d.name === "orders")!;
    return { declaration, mesh, environment: "dev" as const, platform: platformSettings };
  };

  it("accepts a declaration of a validated mesh with valid settings", async () => {
    const a = await args();
    expect(() => validateDomainArgs({ ...a, environment: "prod" })).not.toThrow();
  });

  it("rejects an unknown environment", async () => {
    const a = await args();
    expect(() => validateDomainArgs({ ...a, environment: "qa" as any })).toThrow(
      '`environment` must be one of dev, staging, prod, got "qa"',
    );
  });

  it("rejects a declaration that is not the mesh's own", async () => {
    const a = await args();
    expect(() => validateDomainArgs({ ...a, declaration: { ...a.declaration } })).toThrow(
      '`mesh` must contain the declaration of "orders"',
    );
  });

  it("rejects invalid platform settings, naming the setting", async () => {
    const a = await args();
    expect(() => validateDomainArgs({ ...a, platform: { ...a.platform, accountId: "12" } })).toThrow(
      "`platform.accountId`: accountId must be a 12-digit AWS account ID",
    );
    expect(() =>
      validateDomainArgs({
        ...a,
        platform: { ...a.platform, runner: { ...a.platform.runner, tag: "latest" } },
      }),
    ).toThrow('`platform.runner.tag`: tag must be pinned to a release, not "latest"');
  });

  it("names the platform itself when the problem is at its root", async () => {
    const a = await args();
    expect(() => validateDomainArgs({ ...a, platform: { ...a.platform, extra: 1 } as any })).toThrow(
      '`platform`: Unrecognized key: "extra"',
    );
  });
});
