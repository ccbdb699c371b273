/**
 * The review of the example mesh's contracts against a published lock, one status at a time: what
 * `contract diff` and `contract publish` show and refuse (their CLI: test/contract/gate.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { majorOfContract, nonPiiFields, readsRedacted } from "../../components/contract/contract.js";
import { type Lock, readLock } from "../../components/contract/lock.js";
import { blocking, reviewContracts } from "../../components/contract/review.js";
import { sqlImpact } from "../../components/contract/sqlImpact.js";
import type { Mesh } from "../../components/declaration/mesh.js";
import type { ProductModel } from "../../components/declaration/productModel.js";
import { loadMesh } from "../../program/loadMesh.js";

let mesh: Mesh;
let published: Lock;
beforeAll(async () => {
  mesh = await loadMesh();
  published = readLock("contracts.lock.json");
});

const ORDERS = "orders.orders.v1";
/** The review of a copy of the published lock after `edit`. */
function review(edit: (lock: Lock) => void = () => {}) {
  const lock = structuredClone(published);
  edit(lock);
  return reviewContracts(mesh, lock);
}
const statusOf = (reviews: ReturnType<typeof review>, id: string) => reviews.find((r) => r.id === id);
const ordersSchema = (lock: Lock) => lock.products[ORDERS]!.product.schema as Record<string, unknown>;
/** A field the published orders contract has and the declared one does not: a breaking removal. */
const addLegacyField = (lock: Lock) => {
  ordersSchema(lock).legacy = {
    type: "string",
    description: "Gone.",
    required: false,
    pii: false,
    unique: false,
  };
};
const CUSTOMERS = "customers.customers.v2";
const customersSchema = (l: Lock) =>
  l.products[CUSTOMERS]!.product.schema as Record<string, { required: boolean }>;
/** An optional customers field, dropped from a lock: the declared contract then adds it (a compatible change). */
const dropOptionalCustomersField = (l: Lock) => {
  const name = Object.keys(customersSchema(l)).find((n) => !customersSchema(l)[n]!.required)!;
  delete customersSchema(l)[name];
  return name;
};
/** Publishes customers v2's contract as v0 (0.9.0) and v1 (1.4.0) instead: declared v2 is then a new major. */
const publishCustomersAsEarlierMajors = (l: Lock) => {
  const v2 = l.products[CUSTOMERS]!;
  delete l.products[CUSTOMERS];
  for (const version of ["0.9.0", "1.4.0"]) {
    const old = structuredClone(v2);
    old.product.version = version;
    l.products[`customers.customers.v${version[0]}`] = old;
  }
};

describe("reviewContracts", () => {
  it("finds every product unchanged against its own lock, sorted by id, with its consumers", () => {
    expect(review().map((r) => [r.id, r.status, r.consumers])).toEqual([
      ["analytics.revenue-by-segment.v2", "unchanged", []],
      ["customers.customers.v2", "unchanged", ["analytics"]],
      [ORDERS, "unchanged", ["analytics"]],
    ]);
  });

  it("calls a product never published new", () => {
    const r = statusOf(
      review((l) => delete l.products["analytics.revenue-by-segment.v2"]),
      "analytics.revenue-by-segment.v2",
    );
    expect(r).toMatchObject({ status: "new", changes: [] });
    expect(r!.publishedVersion).toBeUndefined();
  });

  it("calls a compatible change under a later version compatible, under the same version unbumped", () => {
    // An optional field of customers v2 that its published contract did not have yet.
    const added = dropOptionalCustomersField(structuredClone(published));
    const dropField = (l: Lock) => dropOptionalCustomersField(l);
    const earlier = statusOf(
      review((l) => {
        dropField(l);
        l.products[CUSTOMERS]!.product.version = "2.0.0-rc.1";
      }),
      CUSTOMERS,
    );
    expect(earlier).toMatchObject({ status: "compatible", publishedVersion: "2.0.0-rc.1", version: "2.0.0" });
    expect(earlier!.changes.map((c) => [c.path, c.class])).toEqual([[`schema.${added}`, "compatible"]]);
    const same = review(dropField);
    expect(statusOf(same, CUSTOMERS)).toMatchObject({ status: "unbumped", publishedVersion: "2.0.0" });
    expect(blocking(same).map((r) => r.id)).toEqual([CUSTOMERS]);
  });

  it("calls a field removed within the published major breaking, and blocks it", () => {
    const reviews = review(addLegacyField);
    expect(statusOf(reviews, ORDERS)!.status).toBe("breaking");
    expect(blocking(reviews).map((r) => r.id)).toEqual([ORDERS]);
    expect(blocking(review())).toEqual([]);
  });

  it("compares a new major with the highest major published before it; an unconsumed old major is retired", () => {
    const reviews = review(publishCustomersAsEarlierMajors);
    expect(statusOf(reviews, "customers.customers.v2")).toMatchObject({
      status: "new-major",
      publishedVersion: "1.4.0",
      changes: [],
    });
    expect(statusOf(reviews, "customers.customers.v1")).toMatchObject({
      status: "retired",
      changes: [],
      consumers: [],
    });
    expect(statusOf(reviews, "customers.customers.v0")).toMatchObject({
      status: "retired",
      publishedVersion: "0.9.0",
    });
    expect(reviews.map((r) => r.id)).toEqual([
      "analytics.revenue-by-segment.v2",
      "customers.customers.v0",
      "customers.customers.v1",
      "customers.customers.v2",
      ORDERS,
    ]);
  });

  it("compares a new major with an earlier major of the same product only", () => {
    const reviews = review((l) => {
      const v2 = l.products[CUSTOMERS]!;
      // Published before the earlier majors: another product of the domain, a product of the same
      // name in another domain, and a later major of this one.
      const publish = (id: string, edit: (entry: typeof v2) => void) => {
        const entry = structuredClone(v2);
        edit(entry);
        l.products[id] = entry;
      };
      publish("customers.profiles.v1", (e) =>
        Object.assign(e.product, { name: "profiles", version: "1.9.0" }),
      );
      publish("analytics.customers.v1", (e) => {
        e.domain = "analytics";
        e.product.version = "1.9.0";
      });
      publish("customers.customers.v3", (e) => {
        e.product.version = "3.0.0";
      });
      publishCustomersAsEarlierMajors(l);
    });
    expect(statusOf(reviews, CUSTOMERS)).toMatchObject({ status: "new-major", publishedVersion: "1.4.0" });
  });

  it("keeps a superseded version a domain still reads as retained, with its consumers", () => {
    const retaining: Mesh = {
      ...mesh,
      products: mesh.products.map((p) => (p.id === CUSTOMERS ? { ...p, retained: true } : p)),
    };
    const reviews = reviewContracts(retaining, published);
    expect(statusOf(reviews, CUSTOMERS)).toEqual({
      id: CUSTOMERS,
      status: "retained",
      publishedVersion: "2.0.0",
      changes: [],
      consumers: ["analytics"],
    });
    expect(blocking(reviews)).toEqual([]);
  });
});

describe("a consumer's view of a contract", () => {
  const contractOf = (id: string) => mesh.products.find((p) => p.id === id)!.contract;

  it("redacts a product with PII for a domain its access rules do not admit, and only then", () => {
    const customers = contractOf(CUSTOMERS);
    expect(readsRedacted(customers, "analytics")).toBe(true);
    const admitted = { ...customers, access: { ...customers.access, pii: ["analytics"] } };
    expect(readsRedacted(admitted, "analytics")).toBe(false);
    expect(readsRedacted(admitted, "orders")).toBe(true);
    // Nothing to redact: the consumer reads the table itself.
    expect(readsRedacted(contractOf(ORDERS), "analytics")).toBe(false);
  });

  it("projects the PII-free columns, in the contract's order", () => {
    expect(nonPiiFields(contractOf(CUSTOMERS))).toEqual([
      "customer_id",
      "segment",
      "country",
      "signed_up_on",
    ]);
  });

  it("reads the major of a version of more than one digit", () => {
    expect(majorOfContract({ version: "12.3.4" })).toBe(12);
  });
});

describe("sqlImpact", () => {
  const REVENUE = "analytics.revenue-by-segment.v2";
  const revenue = () => mesh.products.find((p) => p.id === REVENUE)!;
  /** The example mesh with the revenue product's model edited: the SQL it runs, the inputs it reads. */
  const withRevenue = (edit: (model: ProductModel) => Partial<ProductModel>): Mesh => ({
    ...mesh,
    products: mesh.products.map((p) => (p.id === REVENUE ? { ...p, ...edit(p) } : p)),
  });
  const readingLegacy = () =>
    withRevenue((m) => ({ sql: m.sql.replace("count(*) AS order_count", "count(o.legacy) AS order_count") }));
  /** The SQL impact of `m`'s contracts against a copy of the published lock after `edit`. */
  function impact(edit: (lock: Lock) => void, m: Mesh = mesh) {
    const lock = structuredClone(published);
    edit(lock);
    return sqlImpact(m, lock, reviewContracts(m, lock));
  }

  it("lists the consumer's SQL that reads a field a breaking change removes, at its line and column", async () => {
    const m = readingLegacy();
    const consumer = m.products.find((p) => p.id === REVENUE)!;
    expect(await impact(addLegacyField, m)).toEqual([
      {
        id: ORDERS,
        consumedMajor: 1,
        checked: [consumer],
        broken: [
          {
            consumer: REVENUE,
            model: consumer,
            problem: expect.objectContaining({
              kind: "bind",
              reason: expect.stringContaining('does not have a column named "legacy"'),
              line: 5,
            }),
          },
        ],
      },
    ]);
  });

  it("does not blame a change for SQL that did not bind before it either", async () => {
    const m = withRevenue((r) => ({
      sql: r.sql.replace("count(*) AS order_count", "count(c.ghost) AS order_count"),
    }));
    const [orders, ...others] = await impact(addLegacyField, m);
    expect(others).toEqual([]);
    expect(orders).toMatchObject({ id: ORDERS, checked: [{ id: REVENUE }], broken: [] });
  });

  it("checks the consumers of a compatible change, and of one under the published version", async () => {
    const unbumped = await impact(dropOptionalCustomersField);
    expect(unbumped).toEqual([{ id: CUSTOMERS, consumedMajor: 2, checked: [revenue()], broken: [] }]);
    const compatible = await impact((l) => {
      dropOptionalCustomersField(l);
      l.products[CUSTOMERS]!.product.version = "2.0.0-rc.1";
    });
    expect(compatible).toEqual(unbumped);
  });

  it("checks only the SQL that reads the changed product", async () => {
    const ordersOnly = withRevenue((r) => ({
      sql: "SELECT o.status FROM orders__orders AS o",
      inputs: r.inputs.filter((i) => i.id === ORDERS),
    }));
    expect(await impact(dropOptionalCustomersField, ordersOnly)).toEqual([
      { id: CUSTOMERS, consumedMajor: 2, checked: [], broken: [] },
    ]);
  });

  it("does not count as checked a consumer whose SQL file could not be read (mesh plan reports the file)", async () => {
    const unread = withRevenue((r) => ({
      declaration: { ...r.declaration, transform: { ...r.declaration.transform, sql: undefined } },
      sql: "",
    }));
    expect(await impact(addLegacyField, unread)).toEqual([
      { id: ORDERS, consumedMajor: 1, checked: [], broken: [] },
    ]);
  });

  it("for a new major, binds the SQL still reading the previous major against it", async () => {
    // Customers declares v3 without `segment`, which revenue, still on v2, reads.
    const V3 = "customers.customers.v3";
    const bumped: Mesh = {
      ...mesh,
      products: mesh.products.map((p) => {
        if (p.id !== CUSTOMERS) return p;
        const { segment: _dropped, ...schema } = p.contract.schema;
        return { ...p, id: V3, contract: { ...p.contract, id: V3, version: "3.0.0", schema } };
      }),
    };
    const impacts = await impact((l) => {
      // Published at v2's very version before it: another product of the domain, a namesake elsewhere.
      const v2 = l.products[CUSTOMERS]!;
      delete l.products[CUSTOMERS];
      l.products["customers.profiles.v2"] = { ...v2, product: { ...v2.product, name: "profiles" } };
      l.products["analytics.customers.v2"] = { ...v2, domain: "analytics" };
      l.products[CUSTOMERS] = v2;
    }, bumped);
    expect(impacts).toEqual([
      {
        id: V3,
        consumedMajor: 2,
        checked: [revenue()],
        broken: [
          expect.objectContaining({
            consumer: REVENUE,
            problem: expect.objectContaining({ reason: expect.stringContaining('column named "segment"') }),
          }),
        ],
      },
    ]);
  });

  it("for a new major, compares with the highest published major before it, and skips it if nothing changed", async () => {
    expect(await impact(publishCustomersAsEarlierMajors)).toEqual([]);
    // No domain reads customers v1: its consumers have nothing to move from.
    expect(
      await impact((l) => {
        dropOptionalCustomersField(l);
        publishCustomersAsEarlierMajors(l);
      }),
    ).toEqual([{ id: CUSTOMERS, consumedMajor: 1, checked: [], broken: [] }]);
  });
});
