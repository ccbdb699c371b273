import { describe, expect, it } from "vitest";
import type { Contract } from "../../components/contract/contract.js";
import { diffContracts } from "../../components/contract/diff.js";

const field = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  description: `A ${type}.`,
  required: false,
  pii: false,
  unique: false,
  ...extra,
});

const base = (): Contract =>
  ({
    id: "sales.orders.v1",
    domain: "sales",
    product: "orders",
    version: "1.0.0",
    description: "One row per order.",
    owner: { team: "sales", email: "sales@example.com" },
    classification: "internal",
    status: "active",
    schedule: "0 * * * *",
    slos: { freshness: "1h", availability: 99 },
    quality: {},
    access: { pii: [] },
    schema: {
      order_id: field("string", { required: true, unique: true }),
      amount: field("decimal(12,2)", { min: 0 }),
      quantity: field("int"),
      status: field("string", { accepted: ["open", "closed"] }),
      note: field("string"),
    },
  }) as unknown as Contract;

/** Applies `edit` to a copy of the base contract and returns the classified changes. */
function changes(edit: (c: any) => void) {
  const after = structuredClone(base()) as any;
  edit(after);
  return diffContracts(base(), after).map((c) => `${c.class} ${c.path}: ${c.description}`);
}

describe("diffContracts: breaking changes", () => {
  it.each([
    ["a field removed", (c: any) => delete c.schema.note, "breaking schema.note: field removed"],
    [
      "a field renamed",
      (c: any) => {
        c.schema.comment = c.schema.note;
        delete c.schema.note;
      },
      "breaking schema.note: field renamed to comment",
    ],
    [
      "a type narrowed",
      (c: any) => (c.schema.quantity.type = "decimal(4,0)"),
      "breaking schema.quantity.type: type int → decimal(4,0)",
    ],
    [
      "a type changed",
      (c: any) => (c.schema.note.type = "int"),
      "breaking schema.note.type: type string → int",
    ],
    [
      "optional → required",
      (c: any) => (c.schema.note.required = true),
      "breaking schema.note.required: optional → required",
    ],
    [
      "required → optional",
      (c: any) => (c.schema.order_id.required = false),
      "breaking schema.order_id.required: required → optional: nulls may now appear",
    ],
    [
      "a required field added",
      (c: any) => (c.schema.channel = field("string", { required: true })),
      "breaking schema.channel: required field added: existing producers do not send it",
    ],
    [
      "classification raised",
      (c: any) => (c.classification = "confidential"),
      "breaking classification: classification internal → confidential",
    ],
    [
      "freshness loosened",
      (c: any) => (c.slos.freshness = "1d"),
      "breaking slos.freshness: freshness 1h → 1d",
    ],
    [
      "availability loosened",
      (c: any) => (c.slos.availability = 95),
      "breaking slos.availability: availability 99 → 95",
    ],
    [
      "a field became PII",
      (c: any) => (c.schema.note.pii = true),
      "breaking schema.note.pii: became PII: consumers not admitted lose the field",
    ],
    [
      "a new accepted value",
      (c: any) => c.schema.status.accepted.push("lost"),
      "breaking schema.status.accepted: new accepted values: lost",
    ],
    ["a range widened", (c: any) => (c.schema.amount.min = -100), "breaking schema.amount.min: min 0 → -100"],
    [
      "uniqueness dropped",
      (c: any) => (c.schema.order_id.unique = false),
      "breaking schema.order_id.unique: no longer unique",
    ],
  ])("%s", (_, edit, expected) => {
    expect(changes(edit)).toEqual([expected]);
  });
});

describe("diffContracts: compatible changes", () => {
  it.each([
    [
      "an optional field added",
      (c: any) => (c.schema.channel = field("string")),
      "compatible schema.channel: optional field added",
    ],
    [
      "a type widened",
      (c: any) => (c.schema.quantity.type = "bigint"),
      "compatible schema.quantity.type: type int → bigint",
    ],
    [
      "decimal precision widened",
      (c: any) => (c.schema.amount.type = "decimal(18,2)"),
      "compatible schema.amount.type: type decimal(12,2) → decimal(18,2)",
    ],
    [
      "a description changed",
      (c: any) => (c.description = "One row per order line."),
      "compatible description: description changed",
    ],
    [
      "freshness tightened",
      (c: any) => (c.slos.freshness = "15m"),
      "compatible slos.freshness: freshness 1h → 15m",
    ],
    [
      "classification lowered",
      (c: any) => (c.classification = "public"),
      "compatible classification: classification internal → public",
    ],
    [
      "an accepted value removed",
      (c: any) => c.schema.status.accepted.pop(),
      "compatible schema.status.accepted: fewer accepted values",
    ],
  ])("%s", (_, edit, expected) => {
    expect(changes(edit)).toEqual([expected]);
  });

  it("finds nothing in an identical contract", () => {
    expect(diffContracts(base(), base())).toEqual([]);
  });
});
