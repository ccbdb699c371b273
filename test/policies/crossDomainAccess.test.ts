/**
 * mesh-cross-domain-access-declared: every way a grant names another domain's product (ARN
 * partitions, topic patterns, table names, staging keys) and the grants that are not this rule's
 * to judge (Deny, another principal's ACL, a malformed document).
 */
import { describe, expect, it } from "vitest";
import { acl, domain, readPolicy } from "./cases/mesh.js";
import { findings, resource } from "./harness.js";

const RULE = "mesh-cross-domain-access-declared";
/** The products a role policy of domain marketing (which consumes sales.orders.v1) reaches undeclared. */
const undeclared = async (...arns: string[]) =>
  (await findings(RULE, [domain(), readPolicy(...arns)])).map(
    (v) => /reaches (.*), which domain marketing does not declare/.exec(v.message)?.[1] ?? v.message,
  );
const GLUE = "arn:aws:glue:eu-west-1:111122223333:table";

describe(`${RULE}: what a grant reaches`, () => {
  it("reads ARNs of every partition (China, GovCloud)", async () => {
    expect(
      await undeclared(
        "arn:aws-cn:s3:::acme-warehouse/finance/ledger/v1/*",
        "arn:aws-us-gov:glue:us-gov-west-1:111122223333:table/finance_prod/ledger_v2",
        "arn:aws-cn:kafka:cn-north-1:111122223333:topic/mesh/abc-123/finance.ledger.v3",
      ),
    ).toEqual(["finance.ledger.v1", "finance.ledger.v2", "finance.ledger.v3"]);
  });

  it("reads topic patterns in MSK ARNs and literal ACL names", async () => {
    const msk = "arn:aws:kafka:eu-west-1:111122223333:topic/mesh/abc-123";
    expect(await undeclared(`${msk}/finance.ledger.*`, `${msk}/finance.ledger.v*`, `${msk}/hr.*`)).toEqual([
      "every version of finance.ledger",
      "every version of finance.ledger",
      "every product of hr",
    ]);
    const found = await findings(RULE, [
      domain(),
      acl({ aclResourceName: "finance.*", aclPrincipal: "User:marketing" }),
    ]);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(/^aclResourceName finance\.\*: reaches every product of finance,/),
    ]);
  });

  it("reads the tables of major version 0 and of hyphenated products", async () => {
    expect(
      await undeclared(`${GLUE}/finance_prod/ledger_v0`, `${GLUE}/finance_prod/ledger_entries_v1`),
    ).toEqual(["finance.ledger.v0", "finance.ledger-entries.v1"]);
  });

  it("tells a domain whose name has a v and digits from a staging bucket's major-version key", async () => {
    expect(
      await undeclared(
        "arn:aws:s3:::acme-warehouse/tv2/*",
        "arn:aws:s3:::acme-warehouse/v2x/*",
        // Staging keys (`v<major>/…`) of a bucket that is no warehouse: no domain's data.
        "arn:aws:s3:::acme-prod-finance-ledger/v12/*",
      ),
    ).toEqual(["every product of tv2", "every product of v2x"]);
  });

  it("ignores tables that are no product's and databases that are no domain's", async () => {
    expect(await undeclared(`${GLUE}/finance_prod/exchange_rates`, `${GLUE}/default/ledger_v1`)).toEqual([]);
  });
});

describe(`${RULE}: grants it does not judge`, () => {
  it("a Deny statement on another domain's product", async () => {
    const deny = resource("aws:iam/rolePolicy:RolePolicy", {
      role: "r",
      policy: JSON.stringify({
        Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::acme-warehouse/finance/*" }],
      }),
    });
    expect(await findings(RULE, [domain(), deny])).toEqual([]);
  });

  it("a malformed document (the iam-* rules report it)", async () => {
    const malformed = resource("aws:iam/rolePolicy:RolePolicy", { role: "r", policy: "{not json" });
    expect(await findings(RULE, [domain(), malformed])).toEqual([]);
  });

  it("Kafka ACLs that deny, that are on a consumer group, that name no mesh topic, or that are another principal's", async () => {
    const own = { aclPrincipal: "User:marketing" };
    expect(
      await findings(RULE, [
        domain(),
        acl({ ...own, aclResourceName: "finance.ledger.v1", aclPermissionType: "Deny" }),
        acl({ ...own, aclResourceName: "finance.ledger.v1", aclResourceType: "Group" }),
        acl({ ...own, aclResourceName: "_schemas" }),
        // A grant to another principal is the producer's to give (mesh-grants-within-product-access).
        acl({ aclResourceName: "finance.ledger.v1", aclPrincipal: "User:sales" }),
      ]),
    ).toEqual([]);
  });

  it("but, without a governing Domain, an ACL to any principal", async () => {
    const found = await findings(RULE, [
      acl({ aclResourceName: "finance.ledger.v1", aclPrincipal: "User:sales" }),
    ]);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^aclResourceName finance\.ledger\.v1: reaches finance\.ledger\.v1, but no Domain/,
      ),
    ]);
  });
});

describe(`${RULE}: the Domain that governs a grant`, () => {
  const sales = () =>
    resource(
      "mesh:index:Domain",
      { domain: "sales", products: ["sales.orders.v1"], consumes: [] },
      { name: "sales" },
    );
  const campaignsFiles = () => readPolicy("arn:aws:s3:::acme-warehouse/marketing/campaigns/v1/*");

  it("is its nearest Domain ancestor, however deep (a product's role under the sales Domain)", async () => {
    const marketing = domain();
    const owner = sales();
    const product = resource("mesh:index:DataProduct", {}, { parentUrn: owner.urn });
    const grant = { ...campaignsFiles(), parentUrn: product.urn };
    const found = await findings(RULE, [marketing, owner, product, grant]);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(/reaches marketing\.campaigns\.v1, which domain sales does not declare/),
    ]);
  });

  it("is none for a grant outside every Domain of a stack with two", async () => {
    const found = await findings(RULE, [domain(), sales(), campaignsFiles()]);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /reaches marketing\.campaigns\.v1, but no Domain declaration governs this resource/,
      ),
    ]);
  });
});
