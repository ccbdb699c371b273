/**
 * The ODCS import of one table's properties (`components/contract/odcs/importTable.ts`): what each
 * property's description, classification, marks and options become, and the warning for each thing
 * the mesh drops — no more (a warning for something read would hide it) and no less.
 */
import { describe, expect, it } from "vitest";
import { fromOdcs } from "../../components/contract/odcs/importOdcs.js";

type Obj = Record<string, unknown>;

const contract = (properties: Obj[], table: Obj = {}) => ({
  apiVersion: "v3.1.0",
  kind: "DataContract",
  id: "rates",
  name: "rates",
  version: "1.0.0",
  status: "active",
  schema: [{ name: "rates", physicalType: "table", ...table, properties }],
});
const prop = (name: string, extra: Obj = {}): Obj => ({
  name,
  logicalType: "string",
  description: `${name}.`,
  ...extra,
});
/** The warnings about the table's properties and the table itself (not the contract's defaults). */
const tableWarnings = (warnings: readonly string[]) => warnings.filter((w) => w.startsWith("schema[0]"));

describe("a property's description", () => {
  it("falls back to its business name, which then is not reported as dropped", () => {
    const { product, warnings } = fromOdcs(
      contract([{ name: "code", logicalType: "string", businessName: "Rate code" }]),
    );
    expect(product.schema.code!.description).toBe("Rate code");
    expect(tableWarnings(warnings)).toEqual([
      'schema[0].properties[0] (code): no description; using "Rate code"',
    ]);
  });

  it("falls back to a TODO when blank and without a business name", () => {
    const { product, warnings } = fromOdcs(contract([prop("code", { description: "  " })]));
    expect(product.schema.code!.description).toBe("TODO: describe code.");
    expect(tableWarnings(warnings)).toEqual([
      'schema[0].properties[0] (code): no description; using "TODO: describe code."',
    ]);
  });

  it("keeps the description and reports a different business name as dropped", () => {
    const { product, warnings } = fromOdcs(contract([prop("code", { businessName: "Rate code" })]));
    expect(product.schema.code!.description).toBe("code.");
    expect(tableWarnings(warnings)).toEqual([
      "schema[0].properties[0].businessName ignored: the mesh keeps one description per field",
    ]);
  });
});

describe("a property's classification", () => {
  it("raises the product to a mesh level in any case, and names a level the mesh does not have", () => {
    const { product, warnings } = fromOdcs(
      contract([prop("a", { classification: "Restricted" }), prop("b", { classification: "secret" })]),
    );
    expect(product.classification).toBe("restricted");
    expect(tableWarnings(warnings)).toEqual([
      "schema[0].properties[1] (b): classification secret ignored: not one of public, internal, confidential, restricted",
    ]);
  });

  it("marks the field as PII when the classification says personal data, without a warning", () => {
    const { product, warnings } = fromOdcs(contract([prop("a", { classification: " PII " })]));
    expect(product.schema.a!.pii).toBe(true);
    expect(tableWarnings(warnings)).toEqual([]);
  });
});

describe("a property's custom properties", () => {
  it("reads the PII marks other tools write, and names each other custom property it drops", () => {
    const { product, warnings } = fromOdcs(
      contract([
        prop("a", { customProperties: [{ property: "tags", value: "finance, PII" }] }),
        prop("b", { customProperties: [{ property: "data_classification", value: "personal data" }] }),
        prop("c", {
          customProperties: [
            { property: "containsPii", value: "no" },
            { property: "owner", value: "rates-team" },
          ],
        }),
        prop("d", { customProperties: [{ property: "classification", value: "internal" }] }),
      ]),
    );
    expect(product.schema.a!.pii).toBe(true);
    expect(product.schema.b!.pii).toBe(true);
    expect(product.schema.c!.pii).toBeUndefined();
    expect(product.schema.d!.pii).toBeUndefined();
    expect(tableWarnings(warnings)).toEqual([
      "schema[0].properties[2].customProperties[1] (owner) ignored: not a property the mesh reads",
      "schema[0].properties[3].customProperties[0] (classification) ignored: not a property the mesh reads",
    ]);
  });

  it("reads precision and scale with a decimal's type, without reporting them as dropped", () => {
    const { product, warnings } = fromOdcs(
      contract([
        prop("amount", {
          logicalType: "number",
          physicalType: "decimal",
          customProperties: [
            { property: "precision", value: 12 },
            { property: "scale", value: "2" },
          ],
        }),
      ]),
    );
    expect(product.schema.amount!.type).toBe("decimal(12,2)");
    expect(tableWarnings(warnings)).toEqual([
      "schema[0].properties[0] (amount): physicalType decimal → decimal(12,2) (customProperties precision and scale)",
    ]);
  });
});

describe("a table marked as personal data as a whole", () => {
  it("warns of each tag and custom property it drops, not of the marks it read", () => {
    const { product, warnings } = fromOdcs(
      contract([prop("a")], {
        tags: ["finance", "pii"],
        customProperties: [
          { property: "costCenter", value: "42" },
          { property: "containsPii", value: "yes" },
        ],
      }),
    );
    expect(product.classification).toBe("confidential");
    expect(tableWarnings(warnings)).toEqual([
      "schema[0].customProperties[0] (costCenter) ignored: not a property the mesh reads",
      "schema[0].tags finance ignored: the mesh has no tags",
      "schema[0] (rates): marked as personal data as a whole; the mesh marks fields: set pii: true on the personal ones (the product is at least confidential)",
    ]);
  });

  it("is not marked by a custom property that says no", () => {
    const { product, warnings } = fromOdcs(
      contract([prop("a")], { customProperties: [{ property: "isPii", value: "false" }] }),
    );
    expect(product.classification).toBe("internal");
    expect(tableWarnings(warnings)).toEqual([]);
  });
});

describe("a property's storage", () => {
  it("says nothing of a physical type that is the mesh's own, in any case, nor of a view", () => {
    const { warnings } = fromOdcs(
      contract(
        [
          prop("n", { logicalType: "integer", physicalType: "INT" }),
          prop("s", { physicalType: "String", physicalName: "s" }),
          prop("t", { physicalName: "t_col" }),
        ],
        { physicalType: "VIEW" },
      ),
    );
    expect(tableWarnings(warnings)).toEqual([
      "schema[0].properties[2].physicalName ignored: the mesh names its own tables",
    ]);
  });
});

describe("a property's rules", () => {
  it("refuses multipleOf: the mesh cannot check it", () => {
    expect(() =>
      fromOdcs(contract([prop("n", { logicalType: "integer", logicalTypeOptions: { multipleOf: 5 } })])),
    ).toThrow(
      "schema[0].properties[0].logicalTypeOptions.multipleOf: multipleOf constraints have no place in the mesh model",
    );
  });

  it("keeps unique and accepted values beside the bounds", () => {
    const { product } = fromOdcs(
      contract([
        prop("n", {
          logicalType: "integer",
          unique: true,
          logicalTypeOptions: { minimum: 1, maximum: 3 },
          quality: [{ metric: "invalidValues", arguments: { validValues: [1, 2, 3] }, mustBe: 0 }],
        }),
      ]),
    );
    expect(product.schema.n).toEqual({
      type: "int",
      unique: true,
      accepted: [1, 2, 3],
      min: 1,
      max: 3,
      description: "n.",
    });
  });
});

describe("a table's properties together", () => {
  it("refuses two properties that are one name once snake_cased", () => {
    expect(() => fromOdcs(contract([prop("OrderId"), prop("order_id")]))).toThrow(
      "schema[0].properties[1] (order_id): is order_id once snake_cased, like an earlier property",
    );
  });

  it("keeps a composite key in field order, saying so when the positions differ", () => {
    const { product, warnings } = fromOdcs(
      contract([
        prop("b", { primaryKey: true, primaryKeyPosition: 2, required: true }),
        prop("a", { primaryKey: true, primaryKeyPosition: 1, required: true }),
      ]),
    );
    expect(Object.keys(product.schema)).toEqual(["b", "a"]);
    expect(tableWarnings(warnings)).toEqual([
      "schema[0] (rates): primary key (a, b) kept in field order (b, a): the mesh numbers a key's fields in field order",
    ]);
  });

  it("reads ids of the table and its properties silently: the mesh names its own", () => {
    expect(tableWarnings(fromOdcs(contract([prop("a", { id: "a_id" })], { id: "t_id" })).warnings)).toEqual(
      [],
    );
  });
});

describe("a property's bounds from both an inclusive and an exclusive option", () => {
  it("keep the tighter on each side, in any order", () => {
    const bounded = (options: Obj) =>
      fromOdcs(contract([prop("n", { logicalType: "integer", logicalTypeOptions: options })])).product.schema
        .n;
    expect(bounded({ minimum: 5, exclusiveMinimum: 10, maximum: 100, exclusiveMaximum: 50 })).toMatchObject({
      min: 11,
      max: 49,
    });
    expect(bounded({ exclusiveMinimum: 1, minimum: 5, exclusiveMaximum: 100, maximum: 50 })).toMatchObject({
      min: 5,
      max: 50,
    });
  });
});

describe("a property's PII and decimal custom properties", () => {
  it("reads a tag under tag or tags and a classification under data-classification, nothing like them", () => {
    const marked = (property: string, value: unknown) =>
      fromOdcs(contract([prop("a", { customProperties: [{ property, value }] })])).product.schema.a!.pii ??
      false;
    expect(marked("Tag", "pii")).toBe(true);
    expect(marked("data-classification", "PII")).toBe(true);
    expect(marked("xtags", "pii")).toBe(false);
    expect(marked("tagsx", "pii")).toBe(false);
    expect(marked("containsPii", "Yes")).toBe(true);
    expect(marked("containsPii", 1)).toBe(true);
    expect(marked("containsPii", "yess")).toBe(false);
  });

  it("refuses a precision or scale that is not a whole number rather than dropping digits", () => {
    const decimal = (precision: unknown, scale: unknown) => () =>
      fromOdcs(
        contract([
          prop("d", {
            logicalType: "number",
            physicalType: "decimal",
            customProperties: [
              { property: "precision", value: precision },
              { property: "scale", value: scale },
            ],
          }),
        ]),
      );
    expect(decimal("12", "2x")).toThrow(
      "schema[0].properties[0] (d): physicalType decimal with customProperties precision/scale: precision 12 and scale 2x must be whole numbers",
    );
    expect(decimal(12.5, 2)).toThrow("precision 12.5 and scale 2 must be whole numbers");
    expect(decimal("12", "2")().product.schema.d!.type).toBe("decimal(12,2)");
  });
});
