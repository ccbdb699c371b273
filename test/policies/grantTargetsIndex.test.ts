/**
 * mesh-grants-within-product-access builds an index of every product's data (topics, files,
 * tables) and shares it between the stacks of one run when they register the same products. A
 * stack whose products differ (another product, a product gaining PII, another staging bucket or
 * environment) must be judged by its own: each case here follows a stack the index was built for,
 * and fails if the earlier index were reused.
 */
import { describe, expect, it } from "vitest";
import {
  ANALYTICS_ROLE,
  GLUE,
  inlinePolicy,
  OWNER_ROLE,
  topicAcl,
  WAREHOUSE,
} from "./cases/meshAccessFixtures.js";
import { findings, resource } from "./harness.js";

const RULE = "mesh-grants-within-product-access";

interface Product {
  readonly hasPii?: boolean;
  readonly stagingBucket?: string;
}

/** A Domain registering `products` (by id), none of them admitting anyone but its producer. */
const domainOf = (products: Record<string, Product>, environment = "prod") =>
  resource(
    "mesh:index:Domain",
    {},
    {
      name: "analytics",
      outputs: {
        domain: "analytics",
        environment,
        products: [],
        consumes: [],
        productAccess: Object.fromEntries(
          Object.entries(products).map(([id, p]) => [
            id,
            {
              hasPii: p.hasPii ?? false,
              consumers: [],
              pii: [],
              topicReaders: [`User:${id.split(".")[0]}`],
              ...(p.stagingBucket ? { stagingBucket: p.stagingBucket } : {}),
              stagingReaders: [OWNER_ROLE],
            },
          ]),
        ),
        transformRoles: { customers: [OWNER_ROLE], analytics: [ANALYTICS_ROLE] },
      },
    },
  );

const judge = (products: Record<string, Product>, grant: ReturnType<typeof topicAcl>, environment = "prod") =>
  findings(RULE, [domainOf(products, environment), grant], { environment });

describe("the index of what grants may reach, shared by stacks registering the same products", () => {
  it("is rebuilt for a stack that registers a product the previous one did not", async () => {
    const readOrders = topicAcl("User:analytics", "orders.orders.v1");
    expect(await judge({ "customers.customers.v2": {} }, readOrders)).toEqual([]);
    const reported = await judge({ "customers.customers.v2": {}, "orders.orders.v1": {} }, readOrders);
    expect(reported.map((f) => f.message)).toEqual([
      expect.stringMatching(/reaches topic orders\.orders\.v1, its full records of orders\.orders\.v1/),
    ]);
    // And back: the product gone, nothing to reach.
    expect(await judge({ "customers.customers.v2": {} }, readOrders)).toEqual([]);
  });

  it("is rebuilt when a product gains PII (its projection becomes a target of its own)", async () => {
    const readProjection = inlinePolicy(
      ANALYTICS_ROLE,
      `${WAREHOUSE}/customers/customers/v2-redacted/*`,
      `${GLUE}/customers_prod/customers_v2_redacted`,
    );
    expect(await judge({ "customers.customers.v2": {} }, readProjection)).toEqual([]);
    const reported = await judge({ "customers.customers.v2": { hasPii: true } }, readProjection);
    expect(reported.map((f) => f.message).join("\n")).toMatch(
      /its PII-free projection of customers\.customers\.v2/,
    );
  });

  it("is rebuilt for another staging bucket, and for another environment", async () => {
    const readStaging = inlinePolicy(ANALYTICS_ROLE, "arn:aws:s3:::acme-prod-customers-raw/landing/*");
    expect(
      await judge({ "customers.customers.v2": { stagingBucket: "acme-prod-other" } }, readStaging),
    ).toEqual([]);
    const reported = await judge(
      { "customers.customers.v2": { stagingBucket: "acme-prod-customers-raw" } },
      readStaging,
    );
    expect(reported.map((f) => f.message).join("\n")).toMatch(/its raw records of customers\.customers\.v2/);

    const readDevTable = inlinePolicy(ANALYTICS_ROLE, `${GLUE}/customers_dev/customers_v2`);
    expect(await judge({ "customers.customers.v2": {} }, readDevTable)).toEqual([]);
    const inDev = await judge({ "customers.customers.v2": {} }, readDevTable, "dev");
    expect(inDev.map((f) => f.message).join("\n")).toMatch(/table customers_dev\.customers_v2/);
  });
});
