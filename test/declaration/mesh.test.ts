/**
 * The whole mesh (mesh.ts): what only every domain together can tell — superseded majors kept
 * running from contracts.lock.json while consumed, a cycle no run order can break, no cascade of
 * errors from one broken domain — and the lookups the components and the CLI use.
 */
import { describe, expect, it } from "vitest";
import { consumersOf, validateMesh } from "../../components/declaration/index.js";
import { findProduct, productOf, publishedIds } from "../../components/declaration/mesh.js";
import { eventsDomain, lockOf } from "./meshFixtures.js";
import { meshProblems } from "./meshProblems.js";

const def = eventsDomain;

const reads = (domain: string, major = 1) => ({ domain, product: `${domain}-events`, major });
describe("superseded majors from contracts.lock.json", () => {
  it("keep running while a domain consumes them, beside the current major", () => {
    const v1 = def("stock");
    const v2 = def("stock", { version: "2.0.0" });
    const mesh = validateMesh([v2, def("sales", { consumes: [reads("stock", 1)] })], {}, lockOf(v1));
    expect(mesh.retained?.map((e) => `${e.domain}/${e.product.name}@${e.product.version}`)).toEqual([
      "stock/stock-events@1.0.0",
    ]);
    expect(mesh.products.map((p) => [p.id, p.retained])).toEqual([
      ["stock.stock-events.v2", false],
      ["sales.sales-events.v1", false],
      ["stock.stock-events.v1", true],
    ]);
    expect(findProduct(mesh, { domain: "stock", product: "stock-events", major: 1 })?.version).toBe("1.0.0");
    expect(findProduct(mesh, { domain: "stock", product: "stock-events", major: 2 })?.version).toBe("2.0.0");
    expect(findProduct(mesh, { domain: "stock", product: "stock-events", major: 3 })).toBeUndefined();
    expect(findProduct(mesh, { domain: "sales", product: "stock-events", major: 1 })).toBeUndefined();
    expect(productOf(mesh, { domain: "stock", product: "stock-events", major: 1 })?.retained).toBe(true);
    expect(productOf(mesh, { domain: "stock", product: "stock-events", major: 2 })?.retained).toBe(false);
    expect(productOf(mesh, { domain: "stock", product: "other", major: 2 })).toBeUndefined();
    expect(productOf(mesh, { domain: "sales", product: "stock-events", major: 2 })).toBeUndefined();
  });

  it("stop running once no domain consumes them, and the current major is never doubled", () => {
    const v1 = def("stock");
    const v2 = def("stock", { version: "2.0.0" });
    const mesh = validateMesh([v2, def("sales", { consumes: [reads("stock", 2)] })], {}, lockOf(v1, v2));
    expect(mesh.retained).toEqual([]);
    expect(mesh.products.map((p) => p.id)).toEqual(["stock.stock-events.v2", "sales.sales-events.v1"]);
    expect(Object.keys(mesh.published ?? {}).sort()).toEqual([
      "stock.stock-events.v1",
      "stock.stock-events.v2",
    ]);
    expect(mesh.published?.["stock.stock-events.v1"]?.version).toBe("1.0.0");
  });

  it("is consumed at a major the lock holds even when the current declaration moved on", () => {
    const v1 = def("stock");
    expect(() =>
      validateMesh(
        [def("stock", { version: "2.0.0" }), def("sales", { consumes: [reads("stock", 1)] })],
        {},
        lockOf(v1),
      ),
    ).not.toThrow();
    expect(
      meshProblems([def("stock", { version: "2.0.0" }), def("sales", { consumes: [reads("stock", 1)] })]),
    ).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "consumes[0].major",
        message: "stock/stock-events is published at major version 2 (2.0.0), not 1",
      },
    ]);
  });
});

describe("one broken domain", () => {
  it("is reported once: its consumers get no second error for it", () => {
    const broken = def("stock");
    (broken.input as { description: string }).description = "";
    expect(meshProblems([broken, def("sales", { consumes: [reads("stock")] })])).toEqual([
      { source: "domains/stock/index.ts:3", path: "description", message: "description must not be empty" },
    ]);
  });

  it("does not hide a consumer's read of a domain that is not there at all", () => {
    const broken = def("stock");
    (broken.input as { description: string }).description = "";
    const problems = meshProblems([broken, def("sales", { consumes: [reads("crm")] })]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "description: description must not be empty",
      'consumes[0].domain: no domain "crm" in the mesh (known: sales)',
    ]);
  });
});

describe("a dependency cycle", () => {
  it("is refused at the consumes entry of its first read, naming every version on it", () => {
    const problems = meshProblems([
      def("aa", { consumes: [reads("cc"), reads("bb")], sql: "SELECT id FROM bb__bb_events" }),
      def("bb", { consumes: [reads("aa")], sql: "SELECT id FROM aa__aa_events" }),
      def("cc"),
    ]);
    expect(problems).toEqual([
      {
        source: "domains/aa/index.ts:3",
        path: "consumes[1]",
        message:
          "dependency cycle: aa.aa-events.v1 → bb.bb-events.v1 → aa.aa-events.v1 (each reads the next in its transform SQL): no product may read itself through others; drop one of these reads",
      },
    ]);
  });

  it("is no cycle when the domains consume each other but one SQL reads only its staging", () => {
    expect(() =>
      validateMesh([
        def("aa", { consumes: [reads("bb")] }),
        def("bb", { consumes: [reads("aa")], sql: "SELECT id FROM aa__aa_events" }),
      ]),
    ).not.toThrow();
  });
});

describe("lookups", () => {
  it("consumersOf: the domains that declared the version, sorted, at that major only", () => {
    const mesh = validateMesh([
      def("stock"),
      def("sales", { consumes: [reads("stock")] }),
      def("billing", { consumes: [reads("stock")] }),
      def("crm"),
    ]);
    expect(consumersOf(mesh, { domain: "stock", product: "stock-events", major: 1 })).toEqual([
      "billing",
      "sales",
    ]);
    expect(consumersOf(mesh, { domain: "stock", product: "stock-events", major: 2 })).toEqual([]);
    expect(consumersOf(mesh, { domain: "stock", product: "other", major: 1 })).toEqual([]);
    expect(consumersOf(mesh, { domain: "crm", product: "stock-events", major: 1 })).toEqual([]);
  });

  it("publishedIds: each product of a domain as <domain>.<product>.v<major>", () => {
    const mesh = validateMesh([def("stock", { version: "3.4.5" })]);
    expect(publishedIds(mesh.domains[0]!)).toEqual(["stock.stock-events.v3"]);
  });
});
