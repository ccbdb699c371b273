import { describe, expect, it } from "vitest";
import type { Classifiers } from "../../components/contract/change.js";
import type { Contract } from "../../components/contract/contract.js";
import { diffContracts, formatChange } from "../../components/contract/diff.js";

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
      line: field("struct<sku:string,qty:int>"),
      codes: field("list<int>"),
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
      "a field added to a struct",
      (c: any) => (c.schema.line.type = "struct<sku:string,qty:int,note:string>"),
      "breaking schema.line.type: type struct<sku:string,qty:int> → struct<sku:string,qty:int,note:string>",
    ],
    [
      "a struct field widened",
      (c: any) => (c.schema.line.type = "struct<sku:string,qty:bigint>"),
      "breaking schema.line.type: type struct<sku:string,qty:int> → struct<sku:string,qty:bigint>",
    ],
    [
      "a list's element widened",
      (c: any) => (c.schema.codes.type = "list<bigint>"),
      "breaking schema.codes.type: type list<int> → list<bigint>",
    ],
    [
      "required → optional",
      (c: any) => (c.schema.order_id.required = false),
      "breaking schema.order_id.required: required → optional",
    ],
    [
      "a required field added",
      (c: any) => (c.schema.channel = field("string", { required: true })),
      "breaking schema.channel: required field added",
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
    ["a field became PII", (c: any) => (c.schema.note.pii = true), "breaking schema.note.pii: became PII"],
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

describe("diffContracts: list and struct types", () => {
  it.each([
    ["codes", "list<bigint>", "a change inside one, even a widening"],
    ["codes", "int", "a list that became a single value"],
    ["quantity", "list<int>", "a single value that became a list"],
  ])("says why %s → %s is breaking: %s", (name, type) => {
    const after = structuredClone(base()) as any;
    after.schema[name].type = type;
    expect(diffContracts(base(), after).map((c) => [c.class, c.reason])).toEqual([
      [
        "breaking",
        "the type of a list or struct changed: consumers that read its parts may fail or lose values",
      ],
    ]);
  });
});

describe("diffContracts: json types", () => {
  it.each([
    ["note", "json", "consumers that read it as string now receive JSON text, which any JSON value may be"],
    [
      "line",
      "json",
      "consumers that read it as struct<sku:string,qty:int> now receive JSON text, which any JSON value may be",
    ],
  ])("says a change of %s to json is breaking, and why", (name, type, reason) => {
    const after = structuredClone(base()) as any;
    after.schema[name].type = type;
    expect(diffContracts(base(), after).map((c) => [c.class, c.path, c.reason])).toEqual([
      ["breaking", `schema.${name}.type`, reason],
    ]);
  });

  it("says a change from json to a declared shape is breaking, and why", () => {
    const before = structuredClone(base()) as any;
    before.schema.line.type = "json";
    expect(diffContracts(before, base()).map((c) => [c.class, c.description, c.reason])).toEqual([
      [
        "breaking",
        "type json → struct<sku:string,qty:int>",
        "consumers that read it as JSON text now receive a struct<sku:string,qty:int>, and values that are no struct<sku:string,qty:int> are refused",
      ],
    ]);
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
      "compatible schema.status.accepted: accepted values removed: closed",
    ],
  ])("%s", (_, edit, expected) => {
    expect(changes(edit)).toEqual([expected]);
  });

  it("finds nothing in an identical contract", () => {
    expect(diffContracts(base(), base())).toEqual([]);
  });
});

/**
 * A contract that uses every key: a PII field, listed consumers, a row-count rule and a bounded
 * amount, so each classifier can be exercised both ways.
 */
const full = (): Contract => {
  const c = structuredClone(base()) as any;
  c.schema.amount.max = 10_000;
  c.schema.email = field("string", { pii: true });
  c.schema.code = field("string", { minLength: 2, maxLength: 8, pattern: "^[A-Z]+$" });
  c.access = { pii: ["billing"], consumers: ["billing", "finance"] };
  c.quality = { rowCount: { min: 10, max: 1000 } };
  c.terms = "Internal use only.";
  return c;
};

/** The classified changes, with their reasons, from `full()` edited by `before` to `full()` edited by `after`. */
function diff(after: (c: any) => void, before: (c: any) => void = () => {}) {
  const [a, b] = [structuredClone(full()) as any, structuredClone(full()) as any];
  before(a);
  after(b);
  return diffContracts(a, b).map((c) => `${c.class} ${formatChange(c)}`);
}

describe("diffContracts: field rules, in the consumer's favour", () => {
  it.each([
    [
      "max raised",
      (c: any) => (c.schema.amount.max = 20_000),
      "breaking schema.amount.max: max 10000 → 20000 (values above 10000 may now appear)",
    ],
    [
      "max dropped",
      (c: any) => delete c.schema.amount.max,
      "breaking schema.amount.max: max 10000 → none (values above 10000 may now appear)",
    ],
    [
      "min dropped",
      (c: any) => delete c.schema.amount.min,
      "breaking schema.amount.min: min 0 → none (values below 0 may now appear)",
    ],
    [
      "accepted list dropped",
      (c: any) => delete c.schema.status.accepted,
      "breaking schema.status.accepted: accepted values dropped (values other than open, closed may now appear)",
    ],
    [
      "an accepted value replaced",
      (c: any) => (c.schema.status.accepted = ["open", "lost"]),
      "breaking schema.status.accepted: new accepted values: lost (consumers may now see values they do not handle)",
    ],
    [
      "maxLength raised",
      (c: any) => (c.schema.code.maxLength = 12),
      "breaking schema.code.maxLength: maxLength 8 → 12 (values longer than 8 characters may now appear)",
    ],
    [
      "minLength dropped",
      (c: any) => delete c.schema.code.minLength,
      "breaking schema.code.minLength: minLength 2 → none (values shorter than 2 characters may now appear)",
    ],
    [
      "pattern dropped",
      (c: any) => delete c.schema.code.pattern,
      "breaking schema.code.pattern: pattern dropped (values not matching ^[A-Z]+$ may now appear)",
    ],
    [
      "pattern changed, even to one that looks narrower",
      (c: any) => (c.schema.code.pattern = "^[A-F]+$"),
      "breaking schema.code.pattern: pattern ^[A-Z]+$ → ^[A-F]+$ (values not matching ^[A-Z]+$ may now appear: the mesh cannot prove the new pattern is narrower)",
    ],
    [
      "minLength lowered",
      (c: any) => (c.schema.code.minLength = 1),
      "breaking schema.code.minLength: minLength 2 → 1 (values shorter than 2 characters may now appear)",
    ],
    [
      "a decimal's precision lowered",
      (c: any) => (c.schema.amount.type = "decimal(10,2)"),
      "breaking schema.amount.type: type decimal(12,2) → decimal(10,2) (consumers that read it as decimal(12,2) may fail or lose values)",
    ],
    [
      "a decimal's scale lowered, even with more digits",
      (c: any) => (c.schema.amount.type = "decimal(13,0)"),
      "breaking schema.amount.type: type decimal(12,2) → decimal(13,0) (consumers that read it as decimal(12,2) may fail or lose values)",
    ],
    [
      "optional → required",
      (c: any) => (c.schema.note.required = true),
      "breaking schema.note.required: optional → required (records with a null here are now refused, so rows consumers received may stop arriving)",
    ],
    [
      "required → optional",
      (c: any) => (c.schema.order_id.required = false),
      "breaking schema.order_id.required: required → optional (nulls may now appear)",
    ],
    [
      "a field became PII",
      (c: any) => (c.schema.note.pii = true),
      "breaking schema.note.pii: became PII (consumers not admitted to the PII lose the field: they read the PII-free projection)",
    ],
    [
      "uniqueness dropped",
      (c: any) => (c.schema.order_id.unique = false),
      "breaking schema.order_id.unique: no longer unique (duplicates may now appear)",
    ],
  ])("%s is breaking", (_, edit, expected) => {
    expect(diff(edit)).toEqual([expected]);
  });

  it.each([
    [
      "a type widened",
      (c: any) => (c.schema.quantity.type = "bigint"),
      "compatible schema.quantity.type: type int → bigint (every int value fits a bigint)",
    ],
    [
      "a decimal's precision raised",
      (c: any) => (c.schema.amount.type = "decimal(18,2)"),
      "compatible schema.amount.type: type decimal(12,2) → decimal(18,2) (every decimal(12,2) value fits a decimal(18,2))",
    ],
    [
      "a decimal spelled with a space",
      (c: any) => (c.schema.amount.type = "decimal(12, 2)"),
      "compatible schema.amount.type: type decimal(12,2) → decimal(12, 2) (every decimal(12,2) value fits a decimal(12, 2))",
    ],
    [
      "minLength raised",
      (c: any) => (c.schema.code.minLength = 3),
      "compatible schema.code.minLength: minLength 2 → 3 (values shorter than 3 characters no longer appear; every value was allowed before)",
    ],
    [
      "max lowered",
      (c: any) => (c.schema.amount.max = 5000),
      "compatible schema.amount.max: max 10000 → 5000 (values above 5000 no longer appear; every value was allowed before)",
    ],
    [
      "max added",
      (c: any) => (c.schema.quantity.max = 99),
      "compatible schema.quantity.max: max none → 99 (values above 99 no longer appear; every value was allowed before)",
    ],
    [
      "min raised",
      (c: any) => (c.schema.amount.min = 1),
      "compatible schema.amount.min: min 0 → 1 (values below 1 no longer appear; every value was allowed before)",
    ],
    [
      "accepted values dropped",
      (c: any) => (c.schema.status.accepted = ["open"]),
      "compatible schema.status.accepted: accepted values removed: closed (every value that appears was accepted before)",
    ],
    [
      "an accepted list added",
      (c: any) => (c.schema.note.accepted = ["a", "b"]),
      "compatible schema.note.accepted: accepted values now a, b (values are limited to those)",
    ],
    [
      "maxLength lowered",
      (c: any) => (c.schema.code.maxLength = 4),
      "compatible schema.code.maxLength: maxLength 8 → 4 (values longer than 4 characters no longer appear; every value was allowed before)",
    ],
    [
      "minLength added",
      (c: any) => (c.schema.note.minLength = 1),
      "compatible schema.note.minLength: minLength none → 1 (values shorter than 1 characters no longer appear; every value was allowed before)",
    ],
    [
      "a pattern added",
      (c: any) => (c.schema.note.pattern = "^\\S"),
      "compatible schema.note.pattern: pattern now ^\\S (values are limited to those it matches)",
    ],
    [
      "unique added",
      (c: any) => (c.schema.note.unique = true),
      "compatible schema.note.unique: now unique (duplicates no longer appear)",
    ],
    [
      "a field no longer PII",
      (c: any) => (c.schema.email.pii = false),
      "compatible schema.email.pii: no longer PII (consumers not admitted to the PII gain the field)",
    ],
    [
      "a field's description",
      (c: any) => (c.schema.note.description = "A free-text note."),
      "compatible schema.note.description: description changed (informational: the values are unchanged)",
    ],
  ])("%s is compatible", (_, edit, expected) => {
    expect(diff(edit)).toEqual([expected]);
  });

  it("accepted values only reordered are no change", () => {
    expect(diff((c) => c.schema.status.accepted.reverse())).toEqual([]);
  });
});

describe("diffContracts: fields removed, renamed and added", () => {
  it.each([
    [
      "a field renamed",
      (c: any) => {
        c.schema.comment = c.schema.note;
        delete c.schema.note;
      },
      ["breaking schema.note: field renamed to comment (consumers that read it by its old name fail)"],
    ],
    [
      "a field removed and one of another type, described alike, added",
      (c: any) => {
        delete c.schema.note;
        c.schema.comment = field("int", { description: c.schema.status.description });
      },
      [
        "breaking schema.note: field removed (consumers that read it fail)",
        "compatible schema.comment: optional field added (a new column, which existing queries do not read)",
      ],
    ],
    [
      "a field removed and one of its type, described otherwise, added",
      (c: any) => {
        delete c.schema.note;
        c.schema.comment = field("string", { description: "A comment." });
      },
      [
        "breaking schema.note: field removed (consumers that read it fail)",
        "compatible schema.comment: optional field added (a new column, which existing queries do not read)",
      ],
    ],
    [
      "two alike fields removed and one like them added",
      (c: any) => {
        c.schema.comment = c.schema.note;
        delete c.schema.note;
        delete c.schema.status;
      },
      [
        "breaking schema.status: field renamed to comment (consumers that read it by its old name fail)",
        "breaking schema.note: field removed (consumers that read it fail)",
      ],
    ],
    [
      "a required field added",
      (c: any) => (c.schema.channel = field("string", { required: true })),
      [
        "breaking schema.channel: required field added (records without it are refused, so rows consumers received may stop arriving)",
      ],
    ],
    [
      "an optional field added",
      (c: any) => (c.schema.channel = field("string")),
      ["compatible schema.channel: optional field added (a new column, which existing queries do not read)"],
    ],
  ])("%s", (_, edit, expected) => {
    expect(diff(edit)).toEqual(expected);
  });
});

describe("diffContracts: access", () => {
  it.each([
    [
      "a domain dropped from access.pii",
      (c: any) => (c.access.pii = []),
      "breaking access.pii: billing removed (billing loses the PII fields (email): it reads the PII-free projection)",
    ],
    [
      "a domain dropped from access.consumers",
      (c: any) => (c.access.consumers = ["billing"]),
      "breaking access.consumers: finance removed (finance may no longer consume the product)",
    ],
  ])("%s is breaking", (_, edit, expected) => {
    expect(diff(edit)).toEqual([expected]);
  });

  it.each([
    [
      "a domain added to access.pii",
      (c: any) => c.access.pii.push("finance"),
      "compatible access.pii: finance added (finance reads the PII fields too: it only gains columns)",
    ],
    [
      "a domain added to access.consumers",
      (c: any) => c.access.consumers.push("sales"),
      "compatible access.consumers: sales added (sales may now consume the product)",
    ],
  ])("%s is compatible", (_, edit, expected) => {
    expect(diff(edit)).toEqual([expected]);
  });

  it("a domain dropped from access.pii of a product without PII fields changes nothing it reads", () => {
    const noPii = (c: any) => delete c.schema.email;
    const after = (c: any) => {
      noPii(c);
      c.access.pii = [];
    };
    expect(diff(after, noPii)).toEqual([
      "compatible access.pii: billing removed (no field is PII: billing reads the same table)",
    ]);
  });

  it("a consumers list on an open product is breaking: it served every domain", () => {
    const open = (c: any) => delete c.access.consumers;
    expect(diff((c) => (c.access.consumers = ["billing"]), open)).toEqual([
      "breaking access.consumers: consumers limited to billing (every domain of the mesh could consume the product: the others no longer may)",
    ]);
    expect(diff(open)).toEqual([
      "compatible access.consumers: consumers no longer listed (every domain of the mesh may now consume it)",
    ]);
  });

  it("a consumers list on an open product names each domain it keeps, or none", () => {
    const open = (c: any) => delete c.access.consumers;
    expect(diff((c) => (c.access.consumers = ["billing", "finance"]), open)).toEqual([
      "breaking access.consumers: consumers limited to billing, finance (every domain of the mesh could consume the product: the others no longer may)",
    ]);
    const openWithoutPii = (c: any) => (c.access = { pii: [] });
    expect(diff((c) => (c.access = { pii: [], consumers: [] }), openWithoutPii)).toEqual([
      "breaking access.consumers: consumers limited to none (every domain of the mesh could consume the product: the others no longer may)",
    ]);
  });

  it("a domain dropped from access.pii is told every PII field it loses", () => {
    const twoPii = (c: any) => (c.schema.phone = field("string", { pii: true }));
    const dropped = (c: any) => {
      twoPii(c);
      c.access.pii = [];
    };
    expect(diff(dropped, twoPii)).toEqual([
      "breaking access.pii: billing removed (billing loses the PII fields (email, phone): it reads the PII-free projection)",
    ]);
  });

  it("a consumers list on a confidential product only adds: unlisted, it served none", () => {
    const closed = (c: any) => {
      c.classification = "confidential";
      c.access = { pii: [] };
    };
    const listed = (c: any) => {
      closed(c);
      c.access.consumers = ["billing"];
    };
    expect(diff(listed, closed)).toEqual([
      "compatible access.consumers: billing added (billing may now consume the product)",
    ]);
    expect(diff(closed, listed)).toEqual([
      "breaking access.consumers: billing removed (billing may no longer consume the product)",
    ]);
  });

  it.each([
    [
      "raised, its consumers listed",
      (c: any) => (c.classification = "confidential"),
      () => {},
      "breaking classification: classification internal → confidential (consumers must handle the data as confidential)",
    ],
    [
      "raised, already closed to unlisted domains",
      (c: any) => {
        c.classification = "restricted";
        c.access = { pii: [] };
      },
      (c: any) => {
        c.classification = "confidential";
        c.access = { pii: [] };
      },
      "breaking classification: classification confidential → restricted (consumers must handle the data as restricted)",
    ],
    [
      "lowered",
      (c: any) => (c.classification = "public"),
      () => {},
      "compatible classification: classification internal → public (consumers may handle the data under looser rules)",
    ],
  ])("a classification %s", (_, after, before, expected) => {
    expect(diff(after, before)).toEqual([expected]);
  });

  it("a raised classification says when it closes an open product to every domain", () => {
    const open = (c: any) => delete c.access.consumers;
    const raised = (c: any) => {
      open(c);
      c.classification = "confidential";
    };
    expect(diff(raised, open)).toEqual([
      "breaking classification: classification internal → confidential (consumers must handle the data as confidential, and a confidential product that lists no consumers serves none)",
    ]);
  });
});

describe("diffContracts: status", () => {
  it.each([
    ["active", "deprecated", "breaking", "its consumers must migrate off it before it is retired"],
    ["active", "retired", "breaking", "it takes no new consumers and its consumers must migrate off it"],
    ["deprecated", "retired", "breaking", "it takes no new consumers and its consumers must migrate off it"],
    [
      "active",
      "draft",
      "breaking",
      "a draft may change without notice: consumers lose the stability promise",
    ],
    ["draft", "active", "compatible", "consumers get a supported product"],
    ["deprecated", "active", "compatible", "consumers get a supported product"],
    ["retired", "deprecated", "compatible", "consumers get more time to migrate"],
  ])("%s → %s is %s", (from, to, cls, reason) => {
    expect(
      diff(
        (c) => (c.status = to),
        (c) => (c.status = from),
      ),
    ).toEqual([`${cls} status: status ${from} → ${to} (${reason})`]);
  });
});

describe("diffContracts: schedule", () => {
  it.each([
    [
      "hourly → daily",
      "0 * * * *",
      "@daily",
      "breaking",
      "refreshed less often: 1d between runs at most, was 1h between runs at most; consumers see staler data",
    ],
    [
      "daily → hourly",
      "0 0 * * *",
      "0 * * * *",
      "compatible",
      "refreshed more often: 1h between runs at most, was 1d between runs at most",
    ],
    [
      "same frequency, another minute",
      "0 * * * *",
      "30 * * * *",
      "compatible",
      "refreshed as often: 1h between runs at most",
    ],
    [
      "weekdays only → every day",
      "0 6 * * 1-5",
      "0 6 * * *",
      "compatible",
      "refreshed more often: 1d between runs at most, was 3d between runs at most",
    ],
  ])("%s is %s", (_, from, to, cls, reason) => {
    expect(
      diff(
        (c) => (c.schedule = to),
        (c) => (c.schedule = from),
      ),
    ).toEqual([`${cls} schedule: schedule "${from}" → "${to}" (${reason})`]);
  });
});

describe("diffContracts: quality rules", () => {
  it("a row-count rule removed is breaking, bound by bound", () => {
    expect(diff((c) => delete c.quality.rowCount)).toEqual([
      "breaking quality.rowCount.min: min 10 → none (a table with fewer than 10 rows now passes the quality check and reaches consumers)",
      "breaking quality.rowCount.max: max 1000 → none (a table with more than 1000 rows now passes the quality check and reaches consumers)",
    ]);
  });

  it("a row-count rule added is compatible", () => {
    expect(
      diff(
        (c) => (c.quality.rowCount = { min: 1 }),
        (c) => (c.quality = {}),
      ),
    ).toEqual([
      "compatible quality.rowCount.min: min none → 1 (a table with fewer than 1 rows is held back; every table that passes passed before)",
    ]);
  });

  it.each([
    ["min lowered", (c: any) => (c.quality.rowCount.min = 5), "breaking quality.rowCount.min: min 10 → 5"],
    [
      "max raised",
      (c: any) => (c.quality.rowCount.max = 5000),
      "breaking quality.rowCount.max: max 1000 → 5000",
    ],
    ["min raised", (c: any) => (c.quality.rowCount.min = 20), "compatible quality.rowCount.min: min 10 → 20"],
    [
      "max lowered",
      (c: any) => (c.quality.rowCount.max = 500),
      "compatible quality.rowCount.max: max 1000 → 500",
    ],
  ])("%s", (_, edit, expected) => {
    expect(diff(edit).map((line) => line.replace(/ \(.*\)$/, ""))).toEqual([expected]);
  });
});

describe("diffContracts: SLOs, identity and informational keys", () => {
  it.each([
    [
      "freshness loosened",
      (c: any) => (c.slos.freshness = "1d"),
      "breaking slos.freshness: freshness 1h → 1d (data may be up to 1d old, consumers were promised 1h)",
    ],
    [
      "freshness tightened",
      (c: any) => (c.slos.freshness = "15m"),
      "compatible slos.freshness: freshness 1h → 15m (consumers are promised fresher data)",
    ],
    [
      "availability dropped",
      (c: any) => delete c.slos.availability,
      "breaking slos.availability: availability 99 → none (the product may be unavailable longer than consumers planned for)",
    ],
    [
      "availability raised",
      (c: any) => (c.slos.availability = 99.9),
      "compatible slos.availability: availability 99 → 99.9 (consumers are promised more availability)",
    ],
    [
      "the domain renamed",
      (c: any) => (c.domain = "commerce"),
      "breaking domain: domain sales → commerce (consumers read sales: it no longer exists)",
    ],
    [
      "the product renamed",
      (c: any) => (c.product = "purchases"),
      "breaking product: product orders → purchases (consumers read orders: it no longer exists)",
    ],
    [
      "the owner",
      (c: any) => (c.owner.email = "orders@example.com"),
      "compatible owner: owner changed (informational: who to ask changed, the data did not)",
    ],
    [
      "the description",
      (c: any) => (c.description = "One row per order line."),
      "compatible description: description changed (informational: the data is unchanged)",
    ],
    [
      "the terms of use",
      (c: any) => (c.terms = "Internal use; no resale."),
      "compatible terms: terms of use changed (informational: the data is unchanged)",
    ],
  ])("%s", (_, edit, expected) => {
    expect(diff(edit)).toEqual([expected]);
  });

  it("an availability promised where there was none is compatible", () => {
    expect(
      diff(
        (c) => (c.slos.availability = 99.9),
        (c) => delete c.slos.availability,
      ),
    ).toEqual([
      "compatible slos.availability: availability none → 99.9 (consumers are promised more availability)",
    ]);
  });

  it("leaves the id and version to the version gate", () => {
    const major = (c: any) => {
      c.id = "sales.orders.v2";
      c.version = "2.0.0";
    };
    expect(diff(major)).toEqual([]);
  });
});

describe("the classifier tables", () => {
  it("do not compile without a classifier for every key, optional keys included", () => {
    // Checked by `tsc` (npm run typecheck): remove `-?` from `Classifiers` and this line compiles,
    // so the directive below fails; every table in diff.ts and fieldDiff.ts has this type.
    const { terms: _, ...withoutTerms } = {} as Classifiers<Contract>;
    // @ts-expect-error `terms` is optional in a contract but must be classified
    const table: Classifiers<Contract> = withoutTerms;
    expect(table).not.toHaveProperty("terms");
  });
});

describe("diffContracts: history and metric checks, in the consumer's favour", () => {
  const volume = (maxPercent: number, extra: object = {}) => ({
    maxPercent,
    lastRuns: 7,
    severity: "error",
    ...extra,
  });
  const nulls = (threshold: object, extra: object = {}) => ({
    metric: "nullValues",
    field: "email",
    unit: "percent",
    severity: "error",
    ...threshold,
    ...extra,
  });
  const sqlCheck = (threshold: object, extra: object = {}) => ({
    name: "no_refunds",
    query: "SELECT count(*) FROM {object} WHERE amount <= 0",
    severity: "error",
    ...threshold,
    ...extra,
  });
  const withQuality = (quality: object) => (c: any) => Object.assign(c.quality, quality);

  it.each([
    [
      "volumeChange added",
      {},
      { volumeChange: volume(30) },
      "compatible quality.volumeChange: added (a table that fails it is held back)",
    ],
    [
      "volumeChange removed",
      { volumeChange: volume(30) },
      {},
      "breaking quality.volumeChange: removed (a table that failed it now reaches consumers)",
    ],
    [
      "volumeChange.maxPercent raised",
      { volumeChange: volume(30) },
      { volumeChange: volume(50) },
      "breaking quality.volumeChange.maxPercent: 30 → 50 (a table whose row count moved more than before now reaches consumers)",
    ],
    [
      "volumeChange.maxPercent lowered",
      { volumeChange: volume(30) },
      { volumeChange: volume(20) },
      "compatible quality.volumeChange.maxPercent: 30 → 20 (a table whose row count moves that far is held back; every table that passes passed before)",
    ],
    [
      "volumeChange.lastRuns changed",
      { volumeChange: volume(30) },
      { volumeChange: volume(30, { lastRuns: 14 }) },
      "compatible quality.volumeChange.lastRuns: 7 → 14 (the median is taken over another number of runs; the allowed change is the same)",
    ],
    [
      "volumeChange made a warning",
      { volumeChange: volume(30) },
      { volumeChange: volume(30, { severity: "warning" }) },
      "breaking quality.volumeChange.severity: error → warning (a table that fails the check now reaches consumers)",
    ],
    [
      "freshness field changed",
      { freshness: { field: "a", severity: "error" } },
      { freshness: { field: "b", severity: "error" } },
      "breaking quality.freshness.field: a → b (freshness is measured on another field: data fresh by the new one may be stale by the old)",
    ],
    [
      "freshness made an error",
      { freshness: { field: "a", severity: "warning" } },
      { freshness: { field: "a", severity: "error" } },
      "compatible quality.freshness.severity: warning → error (a table that fails the check is now held back)",
    ],
    [
      "freshness check added",
      {},
      { freshness: { field: "a", severity: "error" } },
      "compatible quality.freshness: added (a table that fails it is held back)",
    ],
    [
      "freshness check removed",
      { freshness: { field: "a", severity: "error" } },
      {},
      "breaking quality.freshness: removed (a table that failed it now reaches consumers)",
    ],
    [
      "a metric threshold tightened",
      { metrics: [nulls({ mustBeLessThan: 5 })] },
      { metrics: [nulls({ mustBeBetween: [0, 1] })] },
      "compatible quality.metrics.nullValues:email: mustBeLessThan 5 percent → mustBeBetween [0,1] percent (every table the new threshold passes passed before)",
    ],
    [
      "a metric threshold loosened",
      { metrics: [nulls({ mustBeLessThan: 5 })] },
      { metrics: [nulls({ mustBeLessOrEqualTo: 5 })] },
      "breaking quality.metrics.nullValues:email: mustBeLessThan 5 percent → mustBeLessOrEqualTo 5 percent (a table the old threshold held back now passes and reaches consumers)",
    ],
    [
      "a metric's unit changed",
      { metrics: [nulls({ mustBe: 0 })] },
      { metrics: [nulls({ mustBe: 0 }, { unit: "rows" })] },
      "breaking quality.metrics.nullValues:email: measured differently (its unit or value lists changed: what it passes changed)",
    ],
    [
      "a metric made a warning",
      { metrics: [nulls({ mustBeLessThan: 5 })] },
      { metrics: [nulls({ mustBeLessThan: 5 }, { severity: "warning" })] },
      "breaking quality.metrics.nullValues:email.severity: error → warning (a table that fails the check now reaches consumers)",
    ],
    [
      "an invalidValues metric's valid values changed",
      { metrics: [nulls({ mustBeLessThan: 1 }, { metric: "invalidValues", validValues: ["a", "b"] })] },
      { metrics: [nulls({ mustBeLessThan: 1 }, { metric: "invalidValues", validValues: ["a", "b", "c"] })] },
      "breaking quality.metrics.invalidValues:email: measured differently (its unit or value lists changed: what it passes changed)",
    ],
    [
      "a missingValues metric's missing values changed",
      { metrics: [nulls({ mustBeLessThan: 5 }, { metric: "missingValues", missingValues: [""] })] },
      { metrics: [nulls({ mustBeLessThan: 5 }, { metric: "missingValues", missingValues: ["", "n/a"] })] },
      "breaking quality.metrics.missingValues:email: measured differently (its unit or value lists changed: what it passes changed)",
    ],
    [
      "a table's rowCount metric tightened, named without a field",
      { metrics: [{ metric: "rowCount", unit: "rows", mustBeGreaterThan: 0, severity: "warning" }] },
      { metrics: [{ metric: "rowCount", unit: "rows", mustBeGreaterThan: 100, severity: "warning" }] },
      "compatible quality.metrics.rowCount: mustBeGreaterThan 0 rows → mustBeGreaterThan 100 rows (every table the new threshold passes passed before)",
    ],
    [
      "a metric removed",
      { metrics: [nulls({ mustBe: 0 })] },
      { metrics: [] },
      "breaking quality.metrics.nullValues:email: removed (a table that failed it now reaches consumers)",
    ],
    [
      "a metric added",
      {},
      { metrics: [nulls({ mustBe: 0 })] },
      "compatible quality.metrics.nullValues:email: added (a table that fails it is held back)",
    ],
    [
      "an SQL check added",
      {},
      { sql: [sqlCheck({ mustBe: 0 })] },
      "compatible quality.sql.no_refunds: added (a table that fails it is held back)",
    ],
    [
      "an SQL check removed",
      { sql: [sqlCheck({ mustBe: 0 })] },
      { sql: [] },
      "breaking quality.sql.no_refunds: removed (a table that failed it now reaches consumers)",
    ],
    [
      "an SQL check's query changed",
      { sql: [sqlCheck({ mustBe: 0 })] },
      { sql: [sqlCheck({ mustBe: 0 }, { query: "SELECT count(*) FROM {object} WHERE amount < 0" })] },
      "breaking quality.sql.no_refunds.query: query changed (another query cannot be compared with the old: a table it held back may now pass)",
    ],
    [
      "an SQL check's field changed, its query not",
      { sql: [sqlCheck({ mustBe: 0 }, { field: "amount" })] },
      { sql: [sqlCheck({ mustBe: 0 }, { field: "quantity" })] },
      "breaking quality.sql.no_refunds.query: query changed (another query cannot be compared with the old: a table it held back may now pass)",
    ],
    [
      "an SQL check's threshold narrowed",
      { sql: [sqlCheck({ mustBeLessThan: 5 })] },
      { sql: [sqlCheck({ mustBeBetween: [0, 1] })] },
      "compatible quality.sql.no_refunds: mustBeLessThan 5 → mustBeBetween [0,1] (every table the new threshold passes passed before)",
    ],
    [
      "an SQL check's threshold widened",
      { sql: [sqlCheck({ mustBe: 0 })] },
      { sql: [sqlCheck({ mustBeLessThan: 3 })] },
      "breaking quality.sql.no_refunds: mustBe 0 → mustBeLessThan 3 (a table the old threshold held back now passes and reaches consumers)",
    ],
    [
      "an SQL check's severity lowered",
      { sql: [sqlCheck({ mustBe: 0 })] },
      { sql: [sqlCheck({ mustBe: 0 }, { severity: "warning" })] },
      "breaking quality.sql.no_refunds.severity: error → warning (a table that fails the check now reaches consumers)",
    ],
  ])("%s", (_, before, after, expected) => {
    expect(diff(withQuality(after), withQuality(before))).toEqual([expected]);
  });

  it("a metric's valid values only reordered are no change", () => {
    const valid = (...validValues: string[]) =>
      withQuality({ metrics: [nulls({ mustBeLessThan: 1 }, { metric: "invalidValues", validValues })] });
    expect(diff(valid("b", "a"), valid("a", "b"))).toEqual([]);
  });

  // A threshold is the set of values it passes; the new one is compatible when that set is inside
  // the old one, an end the two share included only if the old one included it too.
  it.each([
    ["compatible", { mustBeGreaterOrEqualTo: 1 }, { mustBeGreaterThan: 1 }],
    ["breaking", { mustBeGreaterThan: 1 }, { mustBeGreaterOrEqualTo: 1 }],
    ["compatible", { mustBeGreaterThan: 0 }, { mustBeGreaterThan: 1 }],
    ["breaking", { mustBeGreaterThan: 1 }, { mustBeGreaterThan: 0 }],
    ["compatible", { mustBeLessOrEqualTo: 5 }, { mustBeLessThan: 5 }],
    ["breaking", { mustBeLessThan: 5 }, { mustBeLessOrEqualTo: 5 }],
    ["compatible", { mustBeLessThan: 5 }, { mustBe: 0 }],
    ["compatible", { mustBe: 0 }, { mustBeBetween: [0, 0] }],
    ["compatible", { mustBeBetween: [0, 5] }, { mustBe: 0 }],
    ["compatible", { mustBeBetween: [0, 5] }, { mustBe: 5 }],
    ["compatible", { mustBeBetween: [0, 5] }, { mustBeBetween: [0, 3] }],
    ["compatible", { mustBeBetween: [0, 5] }, { mustBeBetween: [2, 5] }],
    ["breaking", { mustBeBetween: [1, 5] }, { mustBeBetween: [0, 5] }],
    ["breaking", { mustBeBetween: [0, 5] }, { mustBeBetween: [0, 6] }],
    // All but a value or a range: the mesh does not compare these, so any change is breaking.
    ["breaking", { mustNotBe: 0 }, { mustNotBe: 1 }],
    ["breaking", { mustBe: 0 }, { mustNotBe: 1 }],
    ["breaking", { mustNotBeBetween: [0, 5] }, { mustBe: 1 }],
  ])("%s when an SQL check's threshold goes from %j to %j", (cls, before, after) => {
    const classes = diff(withQuality({ sql: [sqlCheck(after)] }), withQuality({ sql: [sqlCheck(before)] }));
    expect(classes.map((line) => line.replace(/: .*/, ""))).toEqual([`${cls} quality.sql.no_refunds`]);
  });
});

describe("diffContracts: a composite primary key", () => {
  const keyed =
    (...fields: string[]) =>
    (c: any) => {
      for (const f of fields) Object.assign(c.schema[f], { required: true, primaryKey: true });
    };

  it.each([
    [
      "added",
      keyed("order_id", "quantity"),
      () => {},
      "compatible schema.primaryKey: primary key none → (order_id, quantity) (a table that repeats a combination of its fields is held back)",
    ],
    [
      "made of other fields",
      keyed("order_id", "status"),
      keyed("order_id", "quantity"),
      "breaking schema.primaryKey: primary key (order_id, quantity) → (order_id, status) (consumers that join or deduplicate on (order_id, quantity) can no longer rely on it being unique)",
    ],
    [
      "removed",
      () => {},
      keyed("order_id", "quantity"),
      "breaking schema.primaryKey: primary key (order_id, quantity) → none (consumers that join or deduplicate on (order_id, quantity) can no longer rely on it being unique)",
    ],
  ])("%s", (_, after, before, expected) => {
    expect(diff(after, before).filter((c) => c.includes("schema.primaryKey"))).toEqual([expected]);
  });

  it("finds no change when the same fields stay the key", () => {
    expect(diff(keyed("order_id", "quantity"), keyed("order_id", "quantity"))).toEqual([]);
  });

  it("leaves a key of one field to its required and unique rules", () => {
    expect(diff(keyed("order_id"), () => {})).toEqual([
      "compatible schema.order_id.primaryKey: primary key changed (informational: its required and unique rules are diffed on their own)",
    ]);
  });
});
