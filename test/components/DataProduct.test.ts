import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { Domain } from "../../components/Domain.js";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { type Mesh, validateMesh } from "../../components/declaration/mesh.js";
import { type PlatformSettings, PlatformSettingsSchema } from "../../components/platform.js";
import { importDomains } from "../../program/loadMesh.js";
import { platformSettingsFor } from "../../program/platformFile.js";
import { platformInput } from "./fixtures.js";

const stackOf = (domain: string) => readStackFile(`stacks/Pulumi.${domain}-prod.yaml`);
const platform = platformSettingsFor(".", "prod");

/**
 * Plans `<domain>`-prod for the example mesh with `edit` applied to its declarations, and
 * `tamper` to the validated mesh (a declaration that got past validateMesh).
 */
async function planDomain(
  domain: string,
  edit: (defs: Map<string, any>) => void,
  tamper: (mesh: Mesh) => void = () => {},
  settings: PlatformSettings = platform,
) {
  const definitions = await importDomains();
  const inputs = new Map(
    definitions.map((d) => [d.input.name, { ...d, input: structuredClone(d.input) as any }]),
  );
  edit(new Map([...inputs].map(([name, d]) => [name, d.input])));
  const mesh = validateMesh([...inputs.values()] as DomainDefinition[]);
  tamper(mesh);
  const declaration = mesh.domains.find((d) => d.name === domain)!;
  return planStack(stackOf(domain), async () => {
    const node = new Domain(domain, { declaration, mesh, environment: "prod", platform: settings });
    return { outputPorts: node.outputPorts };
  });
}
const planCustomers = (edit: (defs: Map<string, any>) => void, tamper?: (mesh: Mesh) => void) =>
  planDomain("customers", edit, tamper);
const ofType = (plan: Awaited<ReturnType<typeof planCustomers>>, type: string) =>
  plan.resources.filter((r) => r.type === type);
const ANALYTICS_ROLE = "acme-mesh-prod-analytics--revenue-by-segment-v2";

/** Every Resource the analytics transform role's own policies name. */
async function analyticsReads(edit: (defs: Map<string, any>) => void = () => {}) {
  const plan = await planDomain("analytics", edit);
  return ofType(plan, "aws:iam/rolePolicy:RolePolicy")
    .filter((p) => p.inputs.role === ANALYTICS_ROLE || p.name.includes("revenue-by-segment"))
    .flatMap((p) => JSON.parse(p.inputs.policy).Statement)
    .flatMap((st: { Resource: string | string[] }) => [st.Resource].flat());
}

describe("DataProduct.grantRead: access follows declarations", () => {
  it("grants a consumer not admitted to the PII the PII-free projection of the table, and not the topic", async () => {
    const plan = await planCustomers(() => {});
    // The topic carries whole records, email and name included: no READ, no group.
    expect(
      ofType(plan, "kafka:index/acl:Acl").filter((a) => a.inputs.aclPrincipal === "User:analytics"),
    ).toEqual([]);
    // The producer's stack touches nothing of the consumer's: its read lives on its own role.
    const wiring = plan.resources.filter((r) => /^aws:(iam|lakeformation)\//.test(r.type));
    expect(wiring.length).toBeGreaterThan(0);
    expect(JSON.stringify(wiring.map((r) => r.inputs))).not.toContain("analytics");
    const resources = await analyticsReads();
    expect(resources).toContain("arn:aws:s3:::acme-mesh-prod-warehouse/customers/customers/v2-redacted/*");
    expect(resources).toContain(
      "arn:aws:glue:eu-west-1:222222222222:table/customers_prod/customers_v2_redacted",
    );
    expect(resources.filter((r: string) => /customers\/v2\/|customers_v2$/.test(r))).toEqual([]);
  });

  it("keeps the projection to the contract's non-PII columns, beside the table, not inside it", async () => {
    const plan = await planCustomers(() => {});
    const tables = ofType(plan, "aws:glue/catalogTable:CatalogTable");
    const redacted = tables.find((t) => t.inputs.name === "customers_v2_redacted")!;
    expect(redacted.inputs.storageDescriptor.columns.map((c: { name: string }) => c.name)).toEqual([
      "customer_id",
      "segment",
      "country",
      "signed_up_on",
    ]);
    expect(redacted.inputs.storageDescriptor.location).toBe(
      "s3://acme-mesh-prod-warehouse/customers/customers/v2-redacted/",
    );
    expect(redacted.inputs.openTableFormatInput).toEqual({
      icebergInput: { metadataOperation: "CREATE", version: "2" },
    });
    const job = ofType(plan, "kubernetes:batch/v1:CronJob")[0]!;
    const args = job.inputs.spec.jobTemplate.spec.template.spec.containers[0].args as string[];
    expect(args[args.indexOf("--redacted-table") + 1]).toBe("customers_prod.customers_v2_redacted");
  });

  it("creates no projection for a product without PII", async () => {
    const plan = await planCustomers((defs) => {
      for (const field of Object.values(defs.get("customers").dataProducts[0].schema) as { pii?: boolean }[])
        field.pii = false;
      defs.get("customers").dataProducts[0].classification = "internal";
    });
    expect(ofType(plan, "aws:glue/catalogTable:CatalogTable").map((t) => t.inputs.name)).toEqual([
      "customers_v2",
      "customers_v2_runs",
    ]);
    const job = ofType(plan, "kubernetes:batch/v1:CronJob")[0]!;
    expect(job.inputs.spec.jobTemplate.spec.template.spec.containers[0].args).not.toContain(
      "--redacted-table",
    );
  });

  it("grants the whole table, data files and topic included, to a consumer the access rules admit to PII", async () => {
    const admit = (defs: Map<string, any>) => {
      defs.get("customers").dataProducts[0].access = { consumers: ["analytics"], pii: ["analytics"] };
    };
    const plan = await planCustomers(admit);
    expect(
      ofType(plan, "kafka:index/acl:Acl")
        .filter((a) => a.inputs.aclPrincipal === "User:analytics")
        .map((a) => [a.inputs.aclOperation, a.inputs.aclResourceType, a.inputs.aclResourceName]),
    ).toEqual([
      ["Read", "Topic", "customers.customers.v2"],
      ["Read", "Group", "analytics.customers.customers.v2"],
    ]);
    const resources = await analyticsReads(admit);
    expect(resources).toContain("arn:aws:s3:::acme-mesh-prod-warehouse/customers/customers/v2/*");
    expect(resources).toContain("arn:aws:glue:eu-west-1:222222222222:table/customers_prod/customers_v2");
    expect(resources.filter((r: string) => r.includes("redacted"))).toEqual([]);
  });

  it("removes every grant when the consumer no longer declares the product", async () => {
    const plan = await planCustomers((defs) => {
      const analytics = defs.get("analytics");
      analytics.consumes = analytics.consumes.filter((c: { domain: string }) => c.domain !== "customers");
    });
    expect(
      ofType(plan, "kafka:index/acl:Acl").filter((a) => a.inputs.aclPrincipal === "User:analytics"),
    ).toEqual([]);
    expect(ofType(plan, "aws:lakeformation/permissions:Permissions")).toEqual([]);
    expect(ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    expect(ofType(plan, "aws:iam/policy:Policy")).toEqual([]);
  });

  it("grants nothing to a consumer the producer does not consent to, even past validateMesh", async () => {
    const plan = await planCustomers(
      () => {},
      (mesh) => {
        const customers = mesh.domains.find((d) => d.name === "customers")!;
        (customers.dataProducts[0]!.access as { consumers?: string[] }).consumers = [];
      },
    );
    expect(
      ofType(plan, "kafka:index/acl:Acl").filter((a) => a.inputs.aclPrincipal === "User:analytics"),
    ).toEqual([]);
    expect(ofType(plan, "aws:lakeformation/permissions:Permissions")).toEqual([]);
    expect(ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
  });
});

describe("cross-stack grants deploy and destroy in any order", () => {
  it.each([
    "orders",
    "customers",
    "analytics",
  ])("%s-prod attaches and grants only to roles and policies it creates itself", async (domain) => {
    const plan = await planStack(stackOf(domain));
    const roles = new Set(ofType(plan, "aws:iam/role:Role").map((r) => r.inputs.name));
    const policies = new Set(
      ofType(plan, "aws:iam/policy:Policy").map((p) => `arn:aws:iam::222222222222:policy/${p.inputs.name}`),
    );
    expect(roles.size).toBeGreaterThan(0);
    // Anything naming a role or policy of another stack would fail while that stack does not
    // exist yet (NoSuchEntity) and block its destroy later (DeleteConflict).
    for (const r of ofType(plan, "aws:iam/rolePolicy:RolePolicy")) expect(roles).toContain(r.inputs.role);
    for (const a of ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
      expect(roles).toContain(a.inputs.role);
      expect(policies).toContain(a.inputs.policyArn);
    }
    for (const p of ofType(plan, "aws:lakeformation/permissions:Permissions")) {
      expect(roles).toContain(String(p.inputs.principal).split("/").pop());
    }
  });

  it("with Lake Formation on, gives each transform role exactly what it reads and writes, in its own stack", async () => {
    const lf = { ...platform, warehouse: { ...platform.warehouse, lakeFormation: true } };
    const analytics = await planDomain("analytics", () => {}, undefined, lf);
    const grants = ofType(analytics, "aws:lakeformation/permissions:Permissions").map((p) => [
      String(p.inputs.principal).split("/").pop(),
      `${p.inputs.table.databaseName}.${p.inputs.table.name}`,
      p.inputs.permissions,
    ]);
    expect(grants).toEqual([
      [
        ANALYTICS_ROLE,
        "analytics_prod.revenue_by_segment_v2",
        ["SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER"],
      ],
      // Its run history: one record appended per run, by the same role.
      [
        ANALYTICS_ROLE,
        "analytics_prod.revenue_by_segment_v2_runs",
        ["SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER"],
      ],
      [ANALYTICS_ROLE, "orders_prod.orders_v1", ["SELECT", "DESCRIBE"]],
      [ANALYTICS_ROLE, "customers_prod.customers_v2_redacted", ["SELECT", "DESCRIBE"]],
    ]);
    const customers = await planDomain("customers", () => {}, undefined, lf);
    expect(
      ofType(customers, "aws:lakeformation/permissions:Permissions").map((p) => [
        String(p.inputs.principal).split("/").pop(),
        p.inputs.table.name,
      ]),
    ).toEqual([
      ["acme-mesh-prod-customers--customers-v2", "customers_v2"],
      ["acme-mesh-prod-customers--customers-v2", "customers_v2_redacted"],
      ["acme-mesh-prod-customers--customers-v2", "customers_v2_runs"],
    ]);
    // Off (the default), IAM alone governs the tables: no Lake Formation grant at all.
    expect(
      ofType(await planDomain("analytics", () => {}), "aws:lakeformation/permissions:Permissions"),
    ).toEqual([]);
  });
});

describe("the topic's message schema", () => {
  it("is the raw records' schema (ingestion.schema) when they differ from the product's", async () => {
    const plan = await planDomain("orders", (defs) => {
      // A raw schema of its own: the product can no longer be incremental (its SQL reads events).
      defs.get("orders").dataProducts[0].transform.incremental = false;
      defs.get("orders").dataProducts[0].ingestion = {
        partitions: 12,
        schema: {
          order_id: { type: "string", required: true, description: "Order id." },
          payload: { type: "string", required: true, description: "The raw event, as JSON text." },
        },
      };
    });
    const schema = (plan.outputs.outputPorts as Record<string, any>)["orders.orders.v1"].messageSchema;
    expect(Object.keys(schema.properties)).toEqual(["order_id", "payload"]);
    expect(schema.required).toEqual(["order_id", "payload"]);
  });

  it("is the product's schema by default", async () => {
    const plan = await planDomain("orders", () => {});
    const port = (plan.outputs.outputPorts as Record<string, any>)["orders.orders.v1"];
    const declared = (await importDomains()).find((d) => d.input.name === "orders")!.input.dataProducts[0]!;
    expect(Object.keys(port.messageSchema.properties)).toEqual(Object.keys(declared.schema));
  });
});

describe("a warehouse on an Iceberg REST catalog", () => {
  const rest: PlatformSettings = {
    ...platform,
    warehouse: {
      ...platform.warehouse,
      catalog: { type: "rest", uri: "https://polaris.example.com/api/catalog", warehouse: "mesh" },
    },
  };

  it("creates no Glue table: the first run creates them at the prefixes the role may write", async () => {
    const glue = await planDomain("customers", () => {}, undefined, platform);
    // The table, its PII-free projection and its run history.
    expect(ofType(glue, "aws:glue/catalogTable:CatalogTable")).toHaveLength(3);
    const plan = await planDomain("customers", () => {}, undefined, rest);
    expect(ofType(plan, "aws:glue/catalogTable:CatalogTable")).toEqual([]);
    const [cron] = ofType(plan, "kubernetes:batch/v1:CronJob");
    const args: string[] = cron!.inputs.spec.jobTemplate.spec.template.spec.containers[0].args;
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value("--catalog")).toBe("https://polaris.example.com/api/catalog");
    expect(value("--location")).toBe(`s3://${platform.warehouse.bucket}/customers/customers/v2/`);
    expect(value("--redacted-location")).toBe(
      `s3://${platform.warehouse.bucket}/customers/customers/v2-redacted/`,
    );
    const policies = ofType(plan, "aws:iam/rolePolicy:RolePolicy").map((p) => String(p.inputs.policy));
    expect(policies.join("\n")).not.toContain("glue:");
  });

  it("refuses Lake Formation, which governs Glue tables only", () => {
    const parsed = PlatformSettingsSchema.safeParse({
      ...platformInput,
      warehouse: { ...platformInput.warehouse, lakeFormation: true, catalog: rest.warehouse.catalog },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["warehouse", "lakeFormation"],
      message: "warehouse.lakeFormation governs Glue tables: it needs warehouse.catalog type glue",
    });
  });
});

describe("an environment with an OpenLineage API (openLineage.url)", () => {
  it("has every transform post its runs' lineage there, in the environment's namespace", async () => {
    const settings = PlatformSettingsSchema.parse({
      ...platformInput,
      openLineage: { url: "http://marquez.lineage:5000" },
    });
    const plan = await planDomain("customers", () => {}, undefined, settings);
    const [cron] = ofType(plan, "kubernetes:batch/v1:CronJob");
    const args: string[] = cron!.inputs.spec.jobTemplate.spec.template.spec.containers[0].args;
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value("--lineage-url")).toBe("http://marquez.lineage:5000");
    expect(value("--lineage-namespace")).toBe(`${settings.namePrefix}-prod`);
  });

  it("refuses a URL that is not http(s)", () => {
    const parsed = PlatformSettingsSchema.safeParse({
      ...platformInput,
      openLineage: { url: "marquez:5000" },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["openLineage", "url"] });
  });
});
