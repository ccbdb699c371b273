/**
 * Least privilege across domains, proved with a real IAM policy evaluator over the policies the
 * example mesh's prod stacks would deploy: a declared consumer can read (not write) the products
 * it declared, an undeclared domain cannot, PII stays out unless admitted, and a transform writes
 * only its own product.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { beforeAll, describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { UNKNOWN } from "../../cli/plan/values.js";
import type { PlannedResource } from "../../policies/engine/types.js";

const ACCOUNT = "222222222222";
const WAREHOUSE = "acme-mesh-prod-warehouse";
const WAREHOUSE_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0b5d1c6e-8f2a-4b7e-9d3c-5a6f7e8d9c02`;
const role = (domain: string, product: string, major: number) =>
  `acme-mesh-prod-${domain}--${product}-v${major}`;
const ROLES = {
  orders: role("orders", "orders", 1),
  customers: role("customers", "customers", 2),
  analytics: role("analytics", "revenue-by-segment", 2),
};
const tableArn = (db: string, table: string) => `arn:aws:glue:eu-west-1:${ACCOUNT}:table/${db}/${table}`;
const object = (key: string) => `arn:aws:s3:::${WAREHOUSE}/${key}`;

/** Every identity policy each role would have once all prod stacks are deployed, by role name. */
const identityPolicies = new Map<string, { name: string; policy: unknown }[]>();

beforeAll(async () => {
  const resources: PlannedResource[] = [];
  for (const domain of ["orders", "customers", "analytics"]) {
    resources.push(...(await planStack(readStackFile(`stacks/Pulumi.${domain}-prod.yaml`))).resources);
  }
  const add = (roleName: string, name: string, policy: unknown) =>
    identityPolicies.set(roleName, [...(identityPolicies.get(roleName) ?? []), { name, policy }]);
  const roleOf = new Map<string, string>(); // component URN → role name
  for (const r of resources.filter((r) => r.type === "aws:iam/role:Role"))
    roleOf.set(r.parentUrn!, r.inputs.name);
  for (const r of resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")) {
    // Every document is known at preview: the data key is named by its alias, not its ARN.
    expect(r.inputs.policy, `${r.name}'s policy is known at preview`).not.toBe(UNKNOWN);
    add(roleOf.get(r.parentUrn!)!, r.name, JSON.parse(r.inputs.policy));
  }
  const managed = new Map<string, unknown>();
  for (const r of resources.filter((r) => r.type === "aws:iam/policy:Policy")) {
    managed.set(`arn:aws:iam::${ACCOUNT}:policy/${r.inputs.name}`, JSON.parse(r.inputs.policy));
  }
  for (const r of resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
    expect(managed.has(r.inputs.policyArn), `attached policy ${r.inputs.policyArn} exists`).toBe(true);
    add(r.inputs.role, r.inputs.policyArn, managed.get(r.inputs.policyArn));
  }
});

/** AWS's default key policy, which the platform's keys keep: it delegates access decisions to IAM. */
const DEFAULT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "EnableIamPolicies",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
};

/** A domain's data key in prod, with the alias the Domain component gives it. */
const dataKey = (domain: string) => ({
  arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${domain}-data-key`,
  aliases: [`alias/acme-mesh-prod-${domain}`],
});

/** `aliases`: the key's aliases, which KMS hands IAM as `kms:ResourceAliases` (the warehouse key has none). */
async function decision(
  roleName: string,
  action: string,
  resource: string,
  aliases: string[] = [],
): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: action.startsWith("kms:") ? { "kms:ResourceAliases": aliases } : {},
      },
      identityPolicies: identityPolicies.get(roleName) ?? [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(action.startsWith("kms:") ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.resultType === "single" ? result.overallResult : "wildcard";
}

describe("a declared consumer (analytics consumes orders v1)", () => {
  it("can read the product's data files and table", async () => {
    expect(
      await decision(ROLES.analytics, "s3:GetObject", object("orders/orders/v1/data/part-0.parquet")),
    ).toBe("Allowed");
    expect(await decision(ROLES.analytics, "glue:GetTable", tableArn("orders_prod", "orders_v1"))).toBe(
      "Allowed",
    );
    expect(await decision(ROLES.analytics, "kms:Decrypt", WAREHOUSE_KEY)).toBe("Allowed");
  });

  it("cannot write, delete or alter it", async () => {
    expect(await decision(ROLES.analytics, "s3:PutObject", object("orders/orders/v1/data/x.parquet"))).toBe(
      "ImplicitlyDenied",
    );
    expect(
      await decision(ROLES.analytics, "s3:DeleteObject", object("orders/orders/v1/data/part-0.parquet")),
    ).toBe("ImplicitlyDenied");
    expect(await decision(ROLES.analytics, "glue:UpdateTable", tableArn("orders_prod", "orders_v1"))).toBe(
      "ImplicitlyDenied",
    );
  });

  it("cannot read the product's raw staging data", async () => {
    expect(
      await decision(
        ROLES.analytics,
        "s3:GetObject",
        "arn:aws:s3:::acme-mesh-prod-orders--orders-v1/v1/x.json",
      ),
    ).toBe("ImplicitlyDenied");
  });
});

describe("a product with PII (customers v2: email, full_name), consumer not admitted", () => {
  it("lets the consumer read the PII-free projection: its table, files and key", async () => {
    const redacted = tableArn("customers_prod", "customers_v2_redacted");
    expect(await decision(ROLES.analytics, "glue:GetTable", redacted)).toBe("Allowed");
    expect(
      await decision(
        ROLES.analytics,
        "s3:GetObject",
        object("customers/customers/v2-redacted/data/part-0.parquet"),
      ),
    ).toBe("Allowed");
    expect(await decision(ROLES.analytics, "glue:UpdateTable", redacted)).toBe("ImplicitlyDenied");
  });

  it("keeps the table with the PII closed to it: neither its Glue entry nor its files", async () => {
    expect(await decision(ROLES.analytics, "glue:GetTable", tableArn("customers_prod", "customers_v2"))).toBe(
      "ImplicitlyDenied",
    );
    for (const key of [
      "customers/customers/v2/data/part-0.parquet",
      "customers/customers/v2/metadata/v1.metadata.json",
    ]) {
      expect(await decision(ROLES.analytics, "s3:GetObject", object(key))).toBe("ImplicitlyDenied");
    }
  });
});

describe("an undeclared domain (customers does not consume orders)", () => {
  it("is denied the product's data and table", async () => {
    expect(
      await decision(ROLES.customers, "s3:GetObject", object("orders/orders/v1/data/part-0.parquet")),
    ).toBe("ImplicitlyDenied");
    expect(await decision(ROLES.customers, "glue:GetTable", tableArn("orders_prod", "orders_v1"))).toBe(
      "ImplicitlyDenied",
    );
  });
});

describe("a transform job", () => {
  it("writes its own product's table, and the PII-free projection of a product with PII", async () => {
    expect(
      await decision(
        ROLES.customers,
        "s3:PutObject",
        object("customers/customers/v2-redacted/data/x.parquet"),
      ),
    ).toBe("Allowed");
    expect(
      await decision(
        ROLES.customers,
        "glue:UpdateTable",
        tableArn("customers_prod", "customers_v2_redacted"),
      ),
    ).toBe("Allowed");
    expect(await decision(ROLES.orders, "s3:PutObject", object("orders/orders/v1/data/part-1.parquet"))).toBe(
      "Allowed",
    );
    expect(await decision(ROLES.orders, "glue:UpdateTable", tableArn("orders_prod", "orders_v1"))).toBe(
      "Allowed",
    );
    expect(
      await decision(
        ROLES.orders,
        "s3:GetObject",
        "arn:aws:s3:::acme-mesh-prod-orders--orders-v1/v1/2026/x.json",
      ),
    ).toBe("Allowed");
  });

  it("stages batches and quarantines records in its staging bucket, and never overwrites a raw file", async () => {
    const bucket = "arn:aws:s3:::acme-mesh-prod-orders--orders-v1";
    expect(
      await decision(ROLES.orders, "s3:PutObject", `${bucket}/v1/ingest_date=2026-11-24/batch-x.parquet`),
    ).toBe("Allowed");
    expect(
      await decision(
        ROLES.orders,
        "s3:PutObject",
        `${bucket}/v1/quarantine/ingest_date=2026-11-24/batch-x.ndjson`,
      ),
    ).toBe("Allowed");
    for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
      expect(
        await decision(
          ROLES.orders,
          action,
          `${bucket}/v1/raw/ingest_date=2026-11-24/orders.orders.v1-0-0.jsonl.gz`,
        ),
      ).toBe("ImplicitlyDenied");
    }
  });

  it("writes no other product, and reads no other domain's staging", async () => {
    expect(
      await decision(ROLES.orders, "s3:PutObject", object("customers/customers/v2/data/x.parquet")),
    ).toBe("ImplicitlyDenied");
    expect(await decision(ROLES.orders, "s3:PutObject", object("orders/other/v1/x.parquet"))).toBe(
      "ImplicitlyDenied",
    );
    expect(await decision(ROLES.orders, "glue:UpdateTable", tableArn("customers_prod", "customers_v2"))).toBe(
      "ImplicitlyDenied",
    );
    expect(
      await decision(
        ROLES.analytics,
        "s3:GetObject",
        "arn:aws:s3:::acme-mesh-prod-customers--customers-v2/v2/x.json",
      ),
    ).toBe("ImplicitlyDenied");
  });
});

describe("a domain's data key, named by its alias so every policy is known at preview", () => {
  it("its transforms use their own domain's key", async () => {
    const orders = dataKey("orders");
    for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
      expect(await decision(ROLES.orders, action, orders.arn, orders.aliases)).toBe("Allowed");
    }
  });

  it("no transform uses another domain's key, a key without the alias, or another environment's", async () => {
    const customers = dataKey("customers");
    expect(await decision(ROLES.orders, "kms:Decrypt", customers.arn, customers.aliases)).toBe(
      "ImplicitlyDenied",
    );
    expect(
      await decision(ROLES.analytics, "kms:Decrypt", dataKey("orders").arn, dataKey("orders").aliases),
    ).toBe("ImplicitlyDenied");
    expect(await decision(ROLES.orders, "kms:Decrypt", dataKey("orders").arn, [])).toBe("ImplicitlyDenied");
    expect(
      await decision(ROLES.orders, "kms:Decrypt", dataKey("orders").arn, ["alias/acme-mesh-dev-orders"]),
    ).toBe("ImplicitlyDenied");
  });

  it("grants no key administration, even on its own key", async () => {
    const orders = dataKey("orders");
    for (const action of ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:Encrypt"]) {
      expect(await decision(ROLES.orders, action, orders.arn, orders.aliases)).toBe("ImplicitlyDenied");
    }
  });
});
