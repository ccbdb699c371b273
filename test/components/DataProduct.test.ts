import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { Domain } from "../../components/Domain.js";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { validateMesh } from "../../components/declaration/mesh.js";
import { importDomains } from "../../program/loadMesh.js";
import { platformSettingsFor } from "../../program/platformFile.js";

const stack = readStackFile("stacks/Pulumi.customers-prod.yaml");
const platform = platformSettingsFor(".", "prod");

/** Plans customers-prod for the example mesh with `edit` applied to its declarations. */
async function planCustomers(edit: (defs: Map<string, any>) => void) {
  const definitions = await importDomains();
  const inputs = new Map(
    definitions.map((d) => [d.input.name, { ...d, input: structuredClone(d.input) as any }]),
  );
  edit(new Map([...inputs].map(([name, d]) => [name, d.input])));
  const mesh = validateMesh([...inputs.values()] as DomainDefinition[]);
  const declaration = mesh.domains.find((d) => d.name === "customers")!;
  return planStack(stack, async () => {
    new Domain("customers", { declaration, mesh, environment: "prod", platform });
    return {};
  });
}
const ofType = (plan: Awaited<ReturnType<typeof planCustomers>>, type: string) =>
  plan.resources.filter((r) => r.type === type);

describe("DataProduct.grantRead: access follows declarations", () => {
  it("grants a declared consumer the topic, its group and the PII-free projection of the table", async () => {
    const plan = await planCustomers(() => {});
    const acls = ofType(plan, "kafka:index/acl:Acl").filter(
      (a) => a.inputs.aclPrincipal === "User:analytics",
    );
    expect(
      acls.map((a) => [a.inputs.aclOperation, a.inputs.aclResourceType, a.inputs.aclResourceName]),
    ).toEqual([
      ["Read", "Topic", "customers.customers.v2"],
      ["Read", "Group", "analytics.customers.customers.v2"],
    ]);
    const [permission] = ofType(plan, "aws:lakeformation/permissions:Permissions");
    expect(permission!.inputs.principal).toBe(
      "arn:aws:iam::222222222222:role/acme-mesh-prod-analytics--revenue-by-segment-v1",
    );
    expect(permission!.inputs.table).toEqual({
      catalogId: "222222222222",
      databaseName: "customers_prod",
      name: "customers_v2_redacted",
    });
    const [attachment] = ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    expect(attachment!.inputs).toEqual({
      role: "acme-mesh-prod-analytics--revenue-by-segment-v1",
      policyArn: "arn:aws:iam::222222222222:policy/acme-mesh-prod-customers--customers-v2-read-redacted",
    });
    const [policy] = ofType(plan, "aws:iam/policy:Policy");
    const resources = JSON.parse(policy!.inputs.policy).Statement.flatMap(
      (st: { Resource: string | string[] }) => [st.Resource].flat(),
    );
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
    ]);
    const job = ofType(plan, "kubernetes:batch/v1:CronJob")[0]!;
    expect(job.inputs.spec.jobTemplate.spec.template.spec.containers[0].args).not.toContain(
      "--redacted-table",
    );
  });

  it("grants the whole table, data files included, to a consumer the access rules admit to PII", async () => {
    const plan = await planCustomers((defs) => {
      defs.get("customers").dataProducts[0].access = { pii: ["analytics"] };
    });
    const [permission] = ofType(plan, "aws:lakeformation/permissions:Permissions");
    expect(permission!.inputs.table).toEqual({
      catalogId: "222222222222",
      databaseName: "customers_prod",
      name: "customers_v2",
    });
    const [policy] = ofType(plan, "aws:iam/policy:Policy");
    expect(JSON.parse(policy!.inputs.policy).Statement.map((s: { Sid: string }) => s.Sid)).toContain(
      "ReadTableDataObjects",
    );
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
});
