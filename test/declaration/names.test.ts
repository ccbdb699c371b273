import { describe, expect, it } from "vitest";
import { nameCollisionProblems } from "../../components/declaration/collisions.js";
import { type DomainDefinition, validateMesh } from "../../components/declaration/index.js";
import type { DomainDeclaration } from "../../components/declaration/schema.js";
import {
  domainPhysicalNames,
  ENVIRONMENTS,
  type ProductRef,
  parseStackName,
  productPhysicalNames,
} from "../../components/naming.js";

/** Product versions whose names a naive hyphen-join would confuse. */
const TRICKY: ProductRef[] = [
  { domain: "analytics-revenue", product: "by-segment", major: 1 },
  { domain: "analytics", product: "revenue-by-segment", major: 2 },
  { domain: "a", product: "b-c", major: 1 },
  { domain: "a-b", product: "c", major: 1 },
  { domain: "a", product: "b-v1", major: 2 },
  { domain: "a", product: "b", major: 1 },
  { domain: "a", product: "b-v1-v2", major: 1 },
  { domain: "a", product: "b-v1", major: 1 },
  { domain: "x", product: "y-ingest", major: 1 },
  { domain: "x", product: "y", major: 1 },
  { domain: "dev-a", product: "b", major: 1 },
  { domain: "a-dev", product: "b", major: 1 },
  { domain: "prod-a", product: "b", major: 1 },
  { domain: "s", product: "p-read", major: 1 },
  { domain: "s", product: "p-read-redacted", major: 1 },
  { domain: "s", product: "p", major: 1 },
  { domain: "connect-a", product: "b", major: 1 },
  { domain: "a", product: "b-staging", major: 1 },
  { domain: "a", product: "b-redacted", major: 1 },
];

/** Deterministic random DNS labels without `--`, over a small alphabet so that near-misses abound. */
function randomRefs(count: number, seed = 7): ProductRef[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const label = () => {
    const parts = Array.from(
      { length: 1 + next(3) },
      () => ["a", "b", "v1", "dev", "prod", "ingest"][next(6)]!,
    );
    return parts.join("-");
  };
  return Array.from({ length: count }, () => ({ domain: label(), product: label(), major: 1 + next(3) }));
}

const key = (n: { kind: string; scope: string; name: string }) => JSON.stringify([n.kind, n.scope, n.name]);
const id = (r: ProductRef) => `${r.domain}/${r.product}/v${r.major}`;

/** Every (kind, scope, name) claimed by more than one of `refs`, in one environment. */
function shared(refs: readonly ProductRef[], env: string): string[] {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  const claim = (who: string, names: ReturnType<typeof productPhysicalNames>) => {
    for (const n of new Set(names.map(key))) {
      const first = owner.get(n);
      if (first !== undefined && first !== who) clashes.push(`${n}: ${first} and ${who}`);
      else owner.set(n, who);
    }
  };
  const unique = [...new Map(refs.map((r) => [id(r), r])).values()];
  for (const r of unique) claim(id(r), productPhysicalNames("acme-mesh", env, r, ["analytics", "a-b"]));
  for (const d of new Set(unique.map((r) => r.domain)))
    claim(`domain ${d}`, domainPhysicalNames("acme-mesh", env, d));
  return clashes;
}

describe("physical names are injective", () => {
  it("analytics-revenue/by-segment and analytics/revenue-by-segment get different buckets, roles and connectors", () => {
    const [a, b] = [TRICKY[0]!, TRICKY[1]!];
    const names = (r: ProductRef) => productPhysicalNames("acme-mesh", "prod", r).map((n) => n.name);
    const common = names(a).filter((n) => names(b).includes(n));
    expect(common).toEqual([]);
    expect(names(a)).toContain("acme-mesh-prod-analytics-revenue--by-segment-v1");
    expect(names(b)).toContain("acme-mesh-prod-analytics--revenue-by-segment-v2");
    expect(names(a)).toContain("analytics-revenue--by-segment-v1-staging");
  });

  it.each(ENVIRONMENTS)("no two tricky product versions share a name of any kind (%s)", (env) => {
    expect(shared(TRICKY, env)).toEqual([]);
  });

  it.each(ENVIRONMENTS)("no two random product versions share a name of any kind (%s)", (env) => {
    expect(shared(randomRefs(400), env)).toEqual([]);
  });
});

describe("parseStackName: a stack is <domain>-<env>", () => {
  it("reads the domain and environment, also from an org/project-qualified name", () => {
    expect(parseStackName("orders-prod")).toEqual({ domain: "orders", environment: "prod" });
    expect(parseStackName("analytics-revenue-dev")).toEqual({
      domain: "analytics-revenue",
      environment: "dev",
    });
    expect(parseStackName("acme/data-mesh/orders-staging")).toEqual({
      domain: "orders",
      environment: "staging",
    });
  });

  it.each([
    "prod",
    "orders",
    "orders-qa",
    "orders-Prod",
    "-prod",
    "a--b-prod",
    "Orders-prod",
    "orders-prod-x",
  ])("refuses %s", (stack) => expect(parseStackName(stack)).toBeUndefined());
});

describe("the mesh-wide collision check", () => {
  const domain = (name: string, product: string): DomainDeclaration =>
    ({
      name,
      dataProducts: [{ name: product, version: "1.0.0" }],
      consumes: [],
    }) as unknown as DomainDeclaration;
  const parsed = (...entries: [string, DomainDeclaration][]) =>
    entries.map(([source, d]) => ({ def: { input: {} as never, source } as DomainDefinition, domain: d }));

  it("refuses two declarations that claim the same physical names, naming both", () => {
    const problems = nameCollisionProblems(
      parsed(
        ["domains/orders/index.ts:3", domain("orders", "orders")],
        ["domains/orders-copy/index.ts:3", domain("orders", "orders")],
      ),
      { domains: [], products: [] },
    );
    const messages = problems.map((p) => p.message);
    expect(problems).toHaveLength(2); // the domain, and its product
    expect(problems[1]).toMatchObject({
      source: "domains/orders-copy/index.ts:3",
      path: "dataProducts[0].name",
    });
    expect(messages[1]).toMatch(
      /^orders\/orders v1 would share physical names with orders\/orders v1, declared at domains\/orders\/index\.ts:3: dataProducts\[0\]\.name: /,
    );
    for (const name of [
      'S3 bucket "mesh-dev-orders--orders-v1"',
      'IAM role "mesh-dev-orders--orders-v1-ingest"',
      'Kafka connector "orders--orders-v1-staging"',
      'Kubernetes CronJob "orders-v1" in orders',
    ])
      expect(messages[1]).toContain(name);
    expect(messages[0]).toMatch(
      /^domain orders would share physical names with domain orders, declared at domains\/orders\/index\.ts:3: name: Kubernetes namespace "orders"/,
    );
  });

  it("refuses a superseded major that claims a current version's names, naming the lock file", () => {
    const problems = nameCollisionProblems(
      parsed(["domains/orders/index.ts:3", domain("orders", "orders")]),
      {
        domains: [],
        products: [],
        retained: [{ domain: "orders", product: { name: "orders", version: "1.4.0" } } as never],
      },
      { namePrefix: "acme", environments: ["prod"] },
    );
    expect(problems[0]).toMatchObject({
      source: "contracts.lock.json",
      path: 'products["orders.orders.v1"]',
    });
    expect(problems[0]!.message).toMatch(/declared at domains\/orders\/index\.ts:3: dataProducts\[0\]\.name/);
  });

  it("accepts analytics-revenue/by-segment beside analytics/revenue-by-segment", () => {
    const def = (name: string, product: string): DomainDefinition => ({
      input: {
        name,
        owner: { team: "team", email: "team@example.com" },
        description: "d",
        dataProducts: [
          {
            name: product,
            version: "1.0.0",
            description: "d",
            classification: "internal",
            schema: { id: { type: "string", required: true, description: "id" } },
            transform: { sql: "SELECT id FROM staging", schedule: "0 * * * *" },
            slos: { freshness: "2h" },
          },
        ],
      } as never,
      source: `domains/${name}/index.ts:1`,
    });
    const mesh = validateMesh([
      def("analytics-revenue", "by-segment"),
      def("analytics", "revenue-by-segment"),
    ]);
    expect(mesh.domains.map((d) => d.name)).toEqual(["analytics-revenue", "analytics"]);
  });
});
