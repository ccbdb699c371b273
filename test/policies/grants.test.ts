import { describe, expect, it } from "vitest";
import {
  arnCovers,
  arnCoversAll,
  globMatches,
  globMatchesSomeWithPrefix,
} from "../../policies/rules/mesh/arnPatterns.js";
import { globAfter } from "../../policies/rules/shared/glob.js";

const fullFiles = { kind: "object", prefix: "customers/customers/v2/" } as const;
const fullTable = { kind: "table", database: "customers_prod", table: "customers_v2" } as const;
const topic = { kind: "topic", name: "customers.customers.v2" } as const;

describe("grants: a pattern is judged by what it covers, not by how it is written", () => {
  it("matches IAM globs case-sensitively, * across separators", () => {
    expect(globMatches("customers/*", "customers/customers/v2/x")).toBe(true);
    expect(globMatches("customers/cust?mers/v2", "customers/customers/v2")).toBe(true);
    expect(globMatches("Customers/*", "customers/x")).toBe(false);
  });

  it("answers exact names and a trailing * as the full matcher does", () => {
    // Each shape against values it must and must not match, and the full matcher as the reference.
    const cases: [string, string, boolean][] = [
      ["s3:GetObject", "s3:GetObject", true],
      ["s3:GetObject", "s3:GetObjectAcl", false],
      ["s3:GetObject", "s3:Get", false],
      ["", "", true],
      ["", "s3:GetObject", false],
      ["s3:Get*", "s3:Get", true],
      ["s3:Get*", "s3:GetObject", true],
      ["s3:Get*", "s3:Ge", false],
      ["s3:Get*", "s3:PutObject", false],
      ["*", "", true],
      ["*", "anything/at:all", true],
      ["s3:Ge?", "s3:Get", true], // a trailing ? is one character, not a prefix
      ["s3:Ge?", "s3:GetObject", false],
      ["s3:*Object", "s3:GetObject", true],
      ["s3:*Object", "s3:GetObjectAcl", false],
      ["s3:Get**", "s3:Get", true],
    ];
    for (const [pattern, value, expected] of cases) {
      expect(globMatches(pattern, value), `${pattern} ~ ${value}`).toBe(expected);
      expect(globAfter(pattern, [value]).has(pattern.length), `NFA: ${pattern} ~ ${value}`).toBe(expected);
    }
  });

  it("tells whether a pattern reaches any key under a prefix", () => {
    expect(globMatchesSomeWithPrefix("customers/customers/v2*", "customers/customers/v2/")).toBe(true);
    expect(globMatchesSomeWithPrefix("customers/customers/v2/part-*", "customers/customers/v2/")).toBe(true);
    expect(globMatchesSomeWithPrefix("customers/customers/v2-redacted/*", "customers/customers/v2/")).toBe(
      false,
    );
    expect(globMatchesSomeWithPrefix("customers/customers/v2", "customers/customers/v2/")).toBe(false);
  });

  it("covers files of the full table but not of the projection, whatever the bucket, region or account", () => {
    const full = { kind: "object", prefix: "customers/customers/v2/" } as const;
    const projection = { kind: "object", prefix: "customers/customers/v2-redacted/" } as const;
    expect(arnCovers("arn:aws:s3:::acme-warehouse/customers/cust*", full)).toBe(true);
    expect(arnCovers("*", full)).toBe(true);
    expect(arnCovers("arn:aws:s3:::acme-*", full)).toBe(true);
    expect(arnCovers("arn:aws:s3:::acme-warehouse", full)).toBe(false); // the bucket, not its objects
    expect(arnCovers("arn:aws:s3:::acme-warehouse/customers/customers/v2-redacted/*", full)).toBe(false);
    expect(arnCovers("arn:aws:s3:::acme-warehouse/customers/customers/v2-redacted/*", projection)).toBe(true);
    const table = { kind: "table", database: "customers_prod", table: "customers_v2" } as const;
    expect(arnCovers("arn:aws:glue:*:*:table/customers_prod/*", table)).toBe(true);
    expect(arnCovers("arn:aws:glue:eu-west-1:1:table/customers_prod/customers_v2_redacted", table)).toBe(
      false,
    );
    const topic = { kind: "topic", name: "customers.customers.v2" } as const;
    expect(arnCovers("arn:aws:kafka:eu-west-1:1:topic/mesh/abc-1/customers.*", topic)).toBe(true);
    expect(arnCovers("arn:aws:kafka:eu-west-1:1:topic/mesh/*", topic)).toBe(true);
    expect(arnCovers("arn:aws:kafka:eu-west-1:1:topic/mesh/abc-1/orders.*", topic)).toBe(false);
  });

  it("reaches a bucket named by the target only in that bucket", () => {
    const staging = { kind: "object", bucket: "acme-prod-customers-customers-v2", prefix: "" } as const;
    expect(arnCovers("arn:aws:s3:::acme-prod-customers-customers-v2/v2/raw/*", staging)).toBe(true);
    expect(arnCovers("arn:aws:s3:::acme-prod-*/*", staging)).toBe(true);
    expect(arnCovers("arn:aws:s3:::acme-prod-orders-orders-v1/*", staging)).toBe(false);
  });

  it("judges a pattern that stops before the resource by the partition, region or account it names", () => {
    // IAM's `*` spans colons: each reaches the target in the partition, region or account it names.
    expect(arnCovers("arn:aws:glue:us-east-1:*", fullTable)).toBe(true);
    expect(arnCovers("arn:aws:glue:eu-west-1:111122223333*", fullTable)).toBe(true);
    expect(arnCovers("arn:aws-cn:glue:*", fullTable)).toBe(true);
    expect(arnCovers("arn:aws-us-gov:s3*", fullFiles)).toBe(true);
    expect(arnCovers("arn:aws:kafka:us-east-1:*", topic)).toBe(true);
    expect(arnCovers("arn:aws:glue:eu-*:111122223333:table/customers_prod/*", fullTable)).toBe(true);
    expect(
      arnCovers("arn:aws:glue:eu-west-?:111122223333:table/customers_prod/customers_v2", fullTable),
    ).toBe(true);
    // An account holds no `/`: this pattern names another database's tables, whatever the account.
    expect(arnCovers("arn:aws:glue:*:table/orders_prod/*", fullTable)).toBe(false);
  });

  it("leaves a target out of a NotResource only if the exception covers all of it, whatever the partition and bucket", () => {
    expect(arnCoversAll("arn:*:s3:::*/customers/customers/v2/*", fullFiles)).toBe(true);
    expect(arnCoversAll("arn:?*:s3:::?*/customers/customers/v2/*", fullFiles)).toBe(true);
    expect(arnCoversAll("arn:*:s3:::*/customers/customers/v2/**", fullFiles)).toBe(true);
    expect(arnCoversAll("*", fullTable)).toBe(true);
    expect(arnCoversAll("arn:*:kafka:*:*:topic/*/*/customers.*", topic)).toBe(true);
    // Another bucket, one-letter buckets only, the prefix's own key or one-letter keys, some of the
    // files: the rest stays granted.
    expect(arnCoversAll("arn:aws:s3:::acme-scratch/*", fullFiles)).toBe(false);
    expect(arnCoversAll("arn:*:s3:::?/customers/customers/v2/*", fullFiles)).toBe(false);
    expect(arnCoversAll("arn:*:s3:::*/customers/customers/v2/", fullFiles)).toBe(false);
    expect(arnCoversAll("arn:*:s3:::*/customers/customers/v2/?", fullFiles)).toBe(false);
    expect(arnCoversAll("arn:*:s3:::*/customers/customers/v2/part-*", fullFiles)).toBe(false);
    expect(arnCoversAll("arn:*:s3:::*/customers/customers/v2/*.parquet", fullFiles)).toBe(false);
    expect(arnCoversAll("arn:aws:glue:eu-west-1:111122223333:table/customers_prod/*", fullTable)).toBe(false);
  });
});
