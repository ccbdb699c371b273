/**
 * ODCS `object` and `array` properties: imported as struct and list types (their nested rules
 * named as ignored, their PII marks kept on the column), exported back as nested properties and
 * items, and stable through the round trip.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contractOf } from "../../components/contract/contract.js";
import { toOdcs } from "../../components/contract/odcs/exportOdcs.js";
import { fromOdcs } from "../../components/contract/odcs/importOdcs.js";
import { DataProductSchema, type DomainDeclaration } from "../../components/declaration/schema.js";

const shipments = () =>
  parse(readFileSync(join("test", "contract", "fixtures", "odcs", "shipments.odcs.yaml"), "utf8"));

/** The shipments contract with `property` added to its table. */
function withProperty(property: Record<string, unknown>) {
  const doc = shipments();
  doc.schema[0].properties.push({ description: "Nested.", ...property });
  return doc;
}

const address = {
  name: "deliveryAddress",
  logicalType: "object",
  physicalType: "RECORD",
  properties: [
    { name: "Street", logicalType: "string", required: true, logicalTypeOptions: { maxLength: 80 } },
    { name: "zip", logicalType: "string" },
    { name: "floor", logicalType: "integer", logicalTypeOptions: { format: "i64" } },
  ],
};
const lines = {
  name: "lines",
  logicalType: "array",
  items: {
    logicalType: "object",
    properties: [
      { name: "sku", logicalType: "string" },
      { name: "price", logicalType: "number", physicalType: "numeric(12,2)" },
      { name: "codes", logicalType: "array", items: { logicalType: "integer" } },
    ],
  },
};

describe("ODCS import of object and array properties", () => {
  it("reads an object as a struct and an array as a list, recursively", () => {
    const imported = fromOdcs(withProperty(lines));
    expect(imported.product.schema.lines!.type).toBe(
      "list<struct<sku:string,price:decimal(12,2),codes:list<int>>>",
    );
    const struct = fromOdcs(withProperty(address));
    expect(struct.product.schema.delivery_address!.type).toBe(
      "struct<street:string,zip:string,floor:bigint>",
    );
    expect(struct.warnings).toContain(
      "schema[0].properties[6].properties[0] (Street): renamed to street (mesh field names are snake_case)",
    );
  });

  it("names the rules of nested properties it cannot keep in a warning", () => {
    const imported = fromOdcs(withProperty(address));
    expect(imported.warnings).toContain(
      "schema[0].properties[6].properties[0] (Street): required, logicalTypeOptions.maxLength ignored: fields inside a list or struct carry no rules in the mesh (any nested value may be null)",
    );
    // The type-choosing format of an integer is read, not ignored.
    expect(imported.warnings.join("\n")).not.toMatch(/properties\[2\].*format/);
  });

  it.each([
    ["a PII tag", { tags: ["pii"] }],
    ["a pii custom property", { customProperties: [{ property: "pii", value: true }] }],
    ["a sensitive classification", { classification: "sensitive" }],
  ])("makes the whole column personal data when a nested property has %s", (_, mark) => {
    const nested = structuredClone(lines);
    Object.assign(nested.items.properties[0]!, mark);
    expect(fromOdcs(withProperty(nested)).product.schema.lines!.pii).toBe(true);
    expect(fromOdcs(withProperty(lines)).product.schema.lines!.pii).toBeUndefined();
  });

  it("raises the product's classification by a nested property's", () => {
    const nested = structuredClone(address);
    Object.assign(nested.properties[1]!, { classification: "restricted" });
    expect(fromOdcs(withProperty(address)).product.classification).toBe("confidential");
    expect(fromOdcs(withProperty(nested)).product.classification).toBe("restricted");
  });

  it.each([
    [
      "an array without items",
      { name: "tags", logicalType: "array" },
      "schema[0].properties[6] (tags): an array without items imported as json: its shape is not checked; declare a list<…> to have it checked",
    ],
    [
      "an object without properties",
      { name: "extra", logicalType: "object" },
      "schema[0].properties[6] (extra): an object without properties imported as json: its shape is not checked; declare a struct<…> to have it checked",
    ],
    [
      "a map",
      {
        name: "extra",
        logicalType: "object",
        physicalType: "map<string,string>",
        properties: [{ name: "value", logicalType: "string" }],
      },
      "schema[0].properties[6] (extra): a map (physicalType map<string,string>) imported as json: its keys and values are not checked (the mesh has no map type)",
    ],
  ])("imports %s as json, naming what is not checked", (_, property, warning) => {
    const imported = fromOdcs(withProperty(property));
    const name = String(property.name);
    expect(imported.product.schema[name]!.type).toBe("json");
    expect(imported.warnings).toContain(warning);
    // The warning above names the physicalType: no second one says it became a string.
    expect(imported.warnings.join("\n")).not.toMatch(/physicalType map<string,string> →/);
  });

  it("imports an object without properties inside a struct as a json member", () => {
    const nested = {
      name: "event",
      logicalType: "object",
      properties: [
        { name: "kind", logicalType: "string" },
        { name: "payload", logicalType: "object" },
      ],
    };
    const imported = fromOdcs(withProperty(nested));
    expect(imported.product.schema.event!.type).toBe("struct<kind:string,payload:json>");
    expect(imported.warnings).toContain(
      "schema[0].properties[6].properties[1] (payload): an object without properties imported as json: its shape is not checked; declare a struct<…> to have it checked",
    );
  });

  it("imports physicalType json, the source's own JSON type, as json without a warning", () => {
    const imported = fromOdcs(withProperty({ name: "extra", logicalType: "object", physicalType: "json" }));
    expect(imported.product.schema.extra!.type).toBe("json");
    expect(imported.warnings.join("\n")).not.toMatch(/properties\[6\]/);
  });

  it.each([
    [
      "a nested time",
      { name: "slot", logicalType: "object", properties: [{ name: "at", logicalType: "time" }] },
      "schema[0].properties[6].properties[0] (at) in schema[0].properties[6] (slot): logicalType time has no mesh type (dates and UTC timestamps only)",
    ],
    [
      "two nested properties one once snake_cased",
      {
        name: "o",
        logicalType: "object",
        properties: [
          { name: "aB", logicalType: "string" },
          { name: "a_b", logicalType: "string" },
        ],
      },
      "schema[0].properties[6].properties[1] (a_b) in schema[0].properties[6] (o): is a_b once snake_cased, like an earlier property",
    ],
  ])("refuses %s, naming where", (_, property, message) => {
    expect(() => fromOdcs(withProperty(property))).toThrow(message);
  });

  it("refuses nesting deeper than the mesh's bound", () => {
    let deep: Record<string, unknown> = { logicalType: "string" };
    for (let i = 0; i < 12; i++) deep = { logicalType: "array", items: deep };
    expect(() => fromOdcs(withProperty({ name: "deep", ...deep }))).toThrow(
      /nests objects and arrays deeper than 8 levels/,
    );
  });

  it("refuses a list's size options at the top as ignored, and value bounds on a list", () => {
    const sized = fromOdcs(withProperty({ ...lines, logicalTypeOptions: { minItems: 1 } }));
    expect(sized.warnings).toContain(
      "schema[0].properties[6].logicalTypeOptions.minItems ignored: the mesh checks no sizes or required members of lists and structs",
    );
  });
});

describe("ODCS export of list and struct fields", () => {
  const declaration = () => {
    const imported = fromOdcs(withProperty(lines));
    return DataProductSchema.parse(imported.product);
  };
  const domain = {
    name: "logistics",
    owner: { team: "logistics", email: "l@example.com" },
  } as DomainDeclaration;

  it("writes nested properties and items with their types", () => {
    const doc = toOdcs(contractOf(domain, declaration())) as {
      schema: { properties: Record<string, unknown>[] }[];
    };
    const property = doc.schema[0]!.properties.find((p) => p.name === "lines");
    expect(property).toMatchObject({
      logicalType: "array",
      physicalType: "array<struct<sku:string,price:decimal(12,2),codes:array<int>>>",
      items: {
        logicalType: "object",
        physicalType: "struct<sku:string,price:decimal(12,2),codes:array<int>>",
        properties: [
          { name: "sku", logicalType: "string", physicalType: "string" },
          { name: "price", logicalType: "number", physicalType: "decimal(12,2)" },
          {
            name: "codes",
            logicalType: "array",
            physicalType: "array<int>",
            items: { logicalType: "integer", logicalTypeOptions: { format: "i32" }, physicalType: "int" },
          },
        ],
      },
    });
  });

  it("writes a json field as an object without properties of physicalType json, and reads it back", () => {
    const product = DataProductSchema.parse(
      fromOdcs(
        withProperty({
          name: "extra",
          logicalType: "object",
          properties: [{ name: "meta", logicalType: "object" }],
        }),
      ).product,
    );
    product.schema.payload = { ...product.schema.extra!, type: "json", required: true };
    const doc = toOdcs(contractOf(domain, product)) as {
      schema: { properties: Record<string, unknown>[] }[];
    };
    const payload = doc.schema[0]!.properties.find((p) => p.name === "payload");
    expect(payload).toMatchObject({ logicalType: "object", physicalType: "json", required: true });
    expect(payload).not.toHaveProperty("properties");
    expect(doc.schema[0]!.properties.find((p) => p.name === "extra")).toMatchObject({
      physicalType: "struct<meta:string>",
      properties: [{ name: "meta", logicalType: "object", physicalType: "json" }],
    });
    const again = fromOdcs(doc);
    expect(DataProductSchema.parse(again.product)).toEqual(product);
    expect(again.warnings.join("\n")).not.toMatch(/json/);
  });

  it("imports what it exports, unchanged", () => {
    const product = declaration();
    const again = fromOdcs(toOdcs(contractOf(domain, product)));
    expect(DataProductSchema.parse(again.product)).toEqual(product);
    expect(again.warnings.join("\n")).not.toMatch(/inside a list or struct/);
  });
});
