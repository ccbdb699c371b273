import { describe, expect, it } from "vitest";
import { arnCovers, globMatches, globMatchesSomeWithPrefix } from "../../policies/rules/mesh/arnPatterns.js";

describe("grants: a pattern is judged by what it covers, not by how it is written", () => {
  it("matches IAM globs case-sensitively, * across separators", () => {
    expect(globMatches("customers/*", "customers/customers/v2/x")).toBe(true);
    expect(globMatches("customers/cust?mers/v2", "customers/customers/v2")).toBe(true);
    expect(globMatches("Customers/*", "customers/x")).toBe(false);
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
});
