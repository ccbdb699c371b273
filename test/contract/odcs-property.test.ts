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
