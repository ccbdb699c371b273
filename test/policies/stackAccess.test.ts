/**
 * mesh-grants-within-product-access on the shipped stacks as the Domain registers them: each stack
 * carries the full access lists only of the products its domain publishes or consumes, and of every
 * other product its producer alone (components/productAccess.ts `stackAccess`). A grant reaching
 * any product of the mesh is still judged, and one a stack has no business making is refused.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { planStack, type StackPlan } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import type { PlannedResource } from "../../policies/engine/index.js";
import { policyJson } from "./fixtures.js";
import { findings, resource } from "./harness.js";

const RULE = "mesh-grants-within-product-access";
const STACKS = ["orders-prod", "customers-prod", "analytics-prod"] as const;
type Stack = (typeof STACKS)[number];

const ROLE = {
  orders: "acme-mesh-prod-orders--orders-v1",
  customers: "acme-mesh-prod-customers--customers-v2",
  analytics: "acme-mesh-prod-analytics--revenue-by-segment-v2",
} as const;
const GLUE = "arn:aws:glue:eu-west-1:111122223333:table";
/** customers.customers.v2's PII-free projection: analytics is a consumer its producer consents to. */
const CUSTOMERS_PROJECTION = `${GLUE}/customers_prod/customers_v2_redacted`;
/** orders.orders.v1's table: internal and listing nobody, so open to every domain of the mesh. */
const ORDERS_TABLE = `${GLUE}/orders_prod/orders_v1`;

const plans: Partial<Record<Stack, StackPlan>> = {};
beforeAll(async () => {
  // planStack installs its own mocks; plans run one after another in this process.
  for (const stack of STACKS) {
    plans[stack] = await planStack(
      readStackFile(fileURLToPath(new URL(`../../stacks/Pulumi.${stack}.yaml`, import.meta.url))),
    );
  }
});

/** What the rule finds in `stack` as planned, with an inline policy reading `table` given to `role`. */
async function granted(stack: Stack, role: string, table: string): Promise<string[]> {
  const grant = resource("aws:iam/rolePolicy:RolePolicy", {
    role,
    policy: policyJson({ Effect: "Allow", Action: "glue:GetTable", Resource: table }),
  });
  const resources: PlannedResource[] = [...(plans[stack]?.resources ?? []), grant];
  return (await findings(RULE, resources)).map((v) => v.message);
}

describe(`${RULE}: a product the stack neither publishes nor consumes`, () => {
  it("plans every shipped stack without a finding", async () => {
    for (const stack of STACKS) expect(await findings(RULE, [...plans[stack]!.resources])).toEqual([]);
  });

  it("refuses a grant there to a consumer its producer consents to", async () => {
    // orders neither publishes nor consumes customers.customers.v2: analytics reaches it from its
    // own stack, customers grants it in its own, orders has nothing to give.
    expect(await granted("orders-prod", ROLE.analytics, CUSTOMERS_PROJECTION)).toEqual([
      `policy Statement[0] (given to ${ROLE.analytics}): reaches table customers_prod.customers_v2_redacted, its PII-free projection of customers.customers.v2, which its producer does not admit ${ROLE.analytics} to.`,
    ]);
  });

  it("refuses, as before, a grant there to a consumer not admitted to its PII", async () => {
    expect(await granted("orders-prod", ROLE.analytics, `${GLUE}/customers_prod/customers_v2`)).toEqual([
      expect.stringMatching(
        /reaches table customers_prod\.customers_v2, its full data of customers\.customers\.v2, which its producer does not admit/,
      ),
    ]);
  });

  it("admits the same grant in the producer's stack and in the consumer's", async () => {
    expect(await granted("customers-prod", ROLE.analytics, CUSTOMERS_PROJECTION)).toEqual([]);
    expect(await granted("analytics-prod", ROLE.analytics, CUSTOMERS_PROJECTION)).toEqual([]);
  });

  it("admits its producer's own role, wherever the grant is made", async () => {
    expect(await granted("orders-prod", ROLE.customers, CUSTOMERS_PROJECTION)).toEqual([]);
  });
});

describe(`${RULE}: a product open to every domain`, () => {
  it("admits a domain of the mesh, in the producer's stack and in a consumer's", async () => {
    expect(await granted("orders-prod", ROLE.customers, ORDERS_TABLE)).toEqual([]);
    expect(await granted("analytics-prod", ROLE.analytics, ORDERS_TABLE)).toEqual([]);
  });

  it("refuses a role no domain of the mesh runs as", async () => {
    expect(await granted("orders-prod", "acme-mesh-prod-outsider", ORDERS_TABLE)).toEqual([
      expect.stringMatching(
        /reaches table orders_prod\.orders_v1, its full data of orders\.orders\.v1, which its producer does not admit acme-mesh-prod-outsider to\.$/,
      ),
    ]);
  });

  it("refuses a domain it is open to, in a stack that neither publishes nor consumes it", async () => {
    // customers may consume orders (open) but does not declare it; analytics does, from its own stack.
    expect(await granted("customers-prod", ROLE.analytics, ORDERS_TABLE)).toEqual([
      expect.stringMatching(
        /reaches table orders_prod\.orders_v1, its full data of orders\.orders\.v1, which its producer does not admit/,
      ),
    ]);
  });
});
