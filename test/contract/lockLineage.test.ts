/**
 * contracts.lock.json entries carry their product's column lineage from the publish that wrote
 * them; entries written before lineage was recorded still read, and a malformed one is refused
 * naming where it is.
 */
import { describe, expect, it } from "vitest";
import { LockFileError, lockEntryOf, parseLock, serializeLock } from "../../components/contract/lock.js";
import { validateDomain } from "../../components/declaration/defineDomain.js";

const domain = validateDomain({
  name: "orders",
  owner: { team: "checkout", email: "checkout-team@example.com" },
  description: "Orders.",
  dataProducts: [
    {
      name: "orders",
      version: "1.0.0",
      description: "One row per order.",
      classification: "internal",
      schema: { order_id: { type: "string", required: true, description: "Order identifier." } },
      transform: { sql: "SELECT order_id FROM staging", schedule: "*/15 * * * *" },
      slos: { freshness: "1h" },
    },
  ],
} as never);
const product = domain.dataProducts[0]!;
const LINEAGE = [
  {
    column: "order_id",
    sources: [{ input: "staging", column: "order_id", kind: "direct" as const }],
    at: { line: 1, column: 8 },
  },
];

describe("lineage in contracts.lock.json", () => {
  it("is written without positions in the SQL, and read back", () => {
    const lock = {
      lockfileVersion: 1 as const,
      products: { "orders.orders.v1": lockEntryOf(domain, product, LINEAGE) },
    };
    const read = parseLock(serializeLock(lock), "contracts.lock.json");
    expect(read.products["orders.orders.v1"]!.lineage).toEqual([
      { column: "order_id", sources: [{ input: "staging", column: "order_id", kind: "direct" }] },
    ]);
  });

  it("is optional: an entry published before lineage was recorded still reads", () => {
    const lock = {
      lockfileVersion: 1 as const,
      products: { "orders.orders.v1": lockEntryOf(domain, product) },
    };
    const text = serializeLock(lock);
    expect(text).not.toContain("lineage");
    expect(parseLock(text, "contracts.lock.json").products["orders.orders.v1"]!.lineage).toBeUndefined();
  });

  it("refuses an entry whose lineage is malformed, naming where", () => {
    const entry = {
      ...lockEntryOf(domain, product),
      lineage: [{ column: "order_id", sources: [{ input: "staging", column: "order_id", kind: "copied" }] }],
    };
    const text = JSON.stringify({ lockfileVersion: 1, products: { "orders.orders.v1": entry } });
    expect(() => parseLock(text, "contracts.lock.json")).toThrow(LockFileError);
    expect(() => parseLock(text, "contracts.lock.json")).toThrow(
      /contracts\.lock\.json: products\.orders\.orders\.v1\.lineage\[0\]\.sources\[0\]\.kind/,
    );
  });
});

describe("reading and writing contracts.lock.json", () => {
  const refused = (text: string) => {
    try {
      parseLock(text, "contracts.lock.json");
    } catch (e) {
      expect(e).toBeInstanceOf(LockFileError);
      return (e as Error).message;
    }
    throw new Error("parseLock accepted the text");
  };

  it("refuses text that is not JSON, naming the file and the parser's reason", () => {
    expect(refused("{")).toMatch(/^contracts\.lock\.json: not JSON: \S/);
  });

  it("refuses a document that is not a lock at its root", () => {
    expect(refused("[]")).toMatch(/^contracts\.lock\.json: \(root\): \S/);
  });

  it("refuses an entry filed under another product version's id", () => {
    const text = JSON.stringify({
      lockfileVersion: 1,
      products: { "orders.orders.v2": lockEntryOf(domain, product) },
    });
    expect(refused(text)).toBe('contracts.lock.json: products["orders.orders.v2"]: holds orders.orders.v1');
  });

  it("writes the products sorted by id, whatever order they were added in", () => {
    const v2 = { ...product, version: "2.0.0" };
    const lock = {
      lockfileVersion: 1 as const,
      products: {
        "orders.orders.v2": lockEntryOf(domain, v2),
        "orders.orders.v1": lockEntryOf(domain, product),
      },
    };
    const read = parseLock(serializeLock(lock), "contracts.lock.json");
    expect(Object.keys(read.products)).toEqual(["orders.orders.v1", "orders.orders.v2"]);
  });
});
