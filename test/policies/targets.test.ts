import { describe, expect, it } from "vitest";
import { arnCovers, arnReach } from "../../policies/rules/mesh/arnPatterns.js";
import { type Target, type TargetGroup, TargetIndex } from "../../policies/rules/mesh/targets.js";

// The index is a prefilter: a rule tests a grant only against the targets it returns, so a target
// the grant covers and the index leaves out would be a grant no rule sees.

const targets: Target[] = [
  { kind: "topic", name: "orders.orders.v1" },
  { kind: "topic", name: "orders.orders.v1.dlq" },
  { kind: "topic", name: "orders.returns.v2" },
  { kind: "topic", name: "customers.customers.v2" },
  { kind: "table", database: "mesh_dev_orders", table: "orders_v1" },
  { kind: "table", database: "mesh_dev_orders", table: "orders_v1_redacted" },
  { kind: "table", database: "mesh_dev_customers", table: "customers_v2" },
  { kind: "object", prefix: "orders/orders/v1/" },
  { kind: "object", prefix: "orders/orders/v1-redacted/" },
  { kind: "object", prefix: "customers/customers/v2/" },
  { kind: "object", bucket: "mesh-dev-orders-staging", prefix: "" },
  { kind: "object", bucket: "mesh-dev-customers-staging", prefix: "" },
];

// Written as a tenant might: exact, wildcarded at every level, `?`, other partitions, not ARNs.
const patterns = [
  "*",
  "arn:*",
  "arn:aws:s3:::*",
  "arn:aws:s3:::mesh-dev-warehouse/*",
  "arn:aws:s3:::mesh-dev-warehouse/orders/*",
  "arn:aws:s3:::mesh-dev-warehouse/orders/orders/v1",
  "arn:aws:s3:::mesh-dev-warehouse/orders/orders/v1/part-0.parquet",
  "arn:aws:s3:::mesh-dev-warehouse/orders/ord?rs/v1*",
  "arn:aws:s3:::mesh-dev-warehouse/customers/customers/v2/x/*",
  "arn:aws:s3:::mesh-dev-warehouse/cust",
  "arn:aws:s3:::*/orders/*",
  "arn:aws:s3:::mesh-dev-orders-staging",
  "arn:aws:s3:::mesh-dev-orders-staging/*",
  "arn:aws:s3:::mesh-dev-orders-staging/raw/x.json",
  "arn:aws:s3:::mesh-dev-*-staging/*",
  "arn:aws-cn:s3:::mesh-dev-warehouse/orders/*",
  "arn:aws:glue:eu-west-1:111111111111:table/mesh_dev_orders/*",
  "arn:aws:glue:*:*:table/mesh_dev_orders/orders_v1",
  "arn:aws:glue:*:*:table/mesh_dev_orders/orders_v1*",
  "arn:aws:glue:*:*:table/mesh_dev_*/*",
  "arn:aws:glue:*:*:table/*",
  "arn:aws:glue:*:*:database/mesh_dev_orders",
  "arn:aws:kafka:eu-west-1:1:topic/mesh/abc-1/orders.*",
  "arn:aws:kafka:eu-west-1:1:topic/mesh/abc-1/orders.orders.v1",
  "arn:aws:kafka:eu-west-1:1:topic/mesh/*",
  "arn:aws:kafka:*:*:topic/*/*/customers.customers.v2",
  "orders/*",
  "arn:aws:s3",
  // Patterns that stop before the resource, or wildcard the names before it.
  "arn:aws:glue:us-east-1:*",
  "arn:aws:glue:eu-west-1:111122223333*",
  "arn:*:s3:::*",
  "arn:aws:kafka:*",
  "arn:aws:s3:::mesh-dev-*/orders/*",
  "arn:aws:s3:::?*/customers/*",
  "arn:aws:glue:eu-west-1:1:table/*/orders_v1",
  "arn:aws:glue:eu-west-1:1:table/mesh_dev_orders/orders_v?",
  "arn:aws:kafka:eu-west-1:1:topic/*/*/orders.orders.v1",
];

const index = new TargetIndex(targets.map((target) => ({ target })));

/** What a grant with one resource pattern reaches, as a rule asks the index. */
const reachOf = (pattern: string) => (group: TargetGroup) => {
  const range = arnReach(pattern, group);
  return range ? [range] : [];
};
const reached = (pattern: string) => index.reachedBy(reachOf(pattern)).map((e) => e.target);

describe("the target index", () => {
  it("returns every target a pattern covers, for every pattern and target", () => {
    for (const pattern of patterns) {
      const found = new Set(reached(pattern));
      for (const target of targets) {
        if (arnCovers(pattern, target))
          expect(found, `${pattern} covers ${JSON.stringify(target)}`).toContain(target);
      }
    }
  });

  it("narrows a pattern to the targets under its literal start", () => {
    expect(reached("arn:aws:glue:eu-west-1:111111111111:table/mesh_dev_orders/orders_v1")).toEqual([
      { kind: "table", database: "mesh_dev_orders", table: "orders_v1" },
      { kind: "table", database: "mesh_dev_orders", table: "orders_v1_redacted" },
    ]);
    // A wildcard before the table (region, account) may match across into its name: every table.
    expect(reached("arn:aws:glue:*:*:table/mesh_dev_orders/orders_v1")).toHaveLength(3);
    expect(reached("arn:aws:kafka:eu-west-1:1:topic/mesh/abc-1/customers.*")).toEqual([
      { kind: "topic", name: "customers.customers.v2" },
    ]);
    // An object pattern deeper than a target's prefix still reaches it: some object under it matches.
    expect(reached("arn:aws:s3:::mesh-dev-warehouse/customers/customers/v2/x/*")).toEqual([
      { kind: "object", prefix: "customers/customers/v2/" },
    ]);
    expect(reached("arn:aws:s3:::mesh-dev-orders-staging/raw/x.json")).toEqual([
      { kind: "object", bucket: "mesh-dev-orders-staging", prefix: "" },
    ]);
    // Without a wildcard, only an ARN spelt out to the key can match at all.
    expect(reached("orders/orders/v1/")).toEqual([]);
    expect(reached("*")).toEqual(targets);
  });

  it("reaches only the table a pattern names, and only the staging bucket it names", () => {
    // A table's name may begin with another's: the shorter is not reached by the longer's pattern.
    expect(reached("arn:aws:glue:eu-west-1:111111111111:table/mesh_dev_orders/orders_v1_redacted")).toEqual([
      { kind: "table", database: "mesh_dev_orders", table: "orders_v1_redacted" },
    ]);
    // Files in whichever bucket a pattern names are in this one too; the other staging bucket is not.
    expect(reached("arn:aws:s3:::mesh-dev-customers-staging/*")).toEqual([
      { kind: "object", prefix: "orders/orders/v1/" },
      { kind: "object", prefix: "orders/orders/v1-redacted/" },
      { kind: "object", prefix: "customers/customers/v2/" },
      { kind: "object", bucket: "mesh-dev-customers-staging", prefix: "" },
    ]);
  });

  it("finds every key under a prefix among many, given in any order", () => {
    // Keys given out of order, many sharing prefixes: the index's sort and search must find each.
    const names = Array.from({ length: 300 }, (_, i) => `d${(i * 7919) % 300}.p${i % 13}.v${i % 3}`);
    const many = new TargetIndex(names.map((name) => ({ target: { kind: "topic", name } as Target })));
    const prefixes = new Set(names.flatMap((n) => [n, n.slice(0, 2), n.slice(0, 3), n.slice(0, 5)]));
    for (const prefix of [...prefixes, "e", ""]) {
      const found = many.reachedBy((g) => (g === "topic" ? [{ prefix, ancestors: false }] : []));
      const expected = names.filter((n) => n.startsWith(prefix));
      expect(found.map((e) => (e.target.kind === "topic" ? e.target.name : "")).sort()).toEqual(
        expected.sort(),
      );
    }
  });

  it("keeps the order the targets were given in", () => {
    const all = index.reachedBy(() => [{ all: true }]).map((e) => e.target);
    expect(all).toEqual(targets);
  });
});
