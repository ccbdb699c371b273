/**
 * The review of the example mesh's contracts against a published lock, one status at a time: what
 * `contract diff` and `contract publish` show and refuse (their CLI: test/contract/gate.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Lock, readLock } from "../../components/contract/lock.js";
import { blocking, reviewContracts } from "../../components/contract/review.js";
import type { Mesh } from "../../components/declaration/mesh.js";
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
    const CUSTOMERS = "customers.customers.v2";
    const schemaOf = (l: Lock) =>
      l.products[CUSTOMERS]!.product.schema as Record<string, { required: boolean }>;
    const added = Object.keys(schemaOf(published)).find((name) => !schemaOf(published)[name]!.required)!;
    const dropField = (l: Lock) => delete schemaOf(l)[added];
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
    const reviews = review((l) => {
      ordersSchema(l).legacy = {
        type: "string",
        description: "Gone.",
        required: false,
        pii: false,
        unique: false,
      };
    });
    expect(statusOf(reviews, ORDERS)!.status).toBe("breaking");
    expect(blocking(reviews).map((r) => r.id)).toEqual([ORDERS]);
    expect(blocking(review())).toEqual([]);
  });

  it("compares a new major with the highest major published before it; an unconsumed old major is retired", () => {
    const reviews = review((l) => {
      const v2 = l.products["customers.customers.v2"]!;
      delete l.products["customers.customers.v2"];
      for (const version of ["0.9.0", "1.4.0"]) {
        const old = structuredClone(v2);
        old.product.version = version;
        l.products[`customers.customers.v${version[0]}`] = old;
      }
    });
    expect(statusOf(reviews, "customers.customers.v2")).toMatchObject({
      status: "new-major",
      publishedVersion: "1.4.0",
      changes: [],
    });
    expect(statusOf(reviews, "customers.customers.v1")).toMatchObject({ status: "retired", consumers: [] });
    expect(statusOf(reviews, "customers.customers.v0")).toMatchObject({
      status: "retired",
      publishedVersion: "0.9.0",
    });
  });
});
