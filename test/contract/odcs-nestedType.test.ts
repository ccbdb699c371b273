/**
 * One ODCS object or array property as a mesh type (`components/contract/odcs/nestedType.ts`),
 * read on its own: what each nested shape becomes, every rule and option it drops named in a
 * warning, its PII and classification read as a top-level property's are, and where it fails.
 */
import { describe, expect, it } from "vitest";
import {
  isNestedProperty,
  type NestedContext,
  readNestedType,
} from "../../components/contract/odcs/nestedType.js";

type Obj = Record<string, unknown>;

/** A context that reads `pii: true` as personal data and records the classifications it is shown. */
const context = () => {
  const seen: string[] = [];
  const ctx: NestedContext = {
    warnings: [],
    pii: (prop) => prop.pii === true,
    classification: (prop, at) => {
      if (prop.classification !== undefined) seen.push(`${at}=${prop.classification}`);
    },
    precision: (prop) => {
      const declared = (prop.customProperties as Obj[] | undefined)?.find((c) => c.property === "precision");
      return declared === undefined ? undefined : { precision: Number(declared.value), scale: 2 };
    },
  };
  return { ctx, seen };
};
const read = (prop: Obj) => {
  const { ctx, seen } = context();
  return { reading: readNestedType(prop, "p", ctx), warnings: ctx.warnings, seen };
};
const NO_RULES =
  "ignored: fields inside a list or struct carry no rules in the mesh (any nested value may be null)";

describe("a nested property's type", () => {
  it("is a struct of snake_cased members or a list of its items, with formats and decimals read", () => {
    const { reading, warnings } = read({
      logicalType: "object",
      properties: [
        { name: "Count", logicalType: "integer", logicalTypeOptions: { format: "i64" } },
        { name: "ratio", logicalType: "number", logicalTypeOptions: { format: "f32" } },
        {
          name: "amount",
          logicalType: "number",
          physicalType: "numeric",
          customProperties: [{ property: "precision", value: 12 }],
        },
        { name: "tags", logicalType: "array", items: { logicalType: "string" } },
      ],
    });
    expect(reading).toEqual({
      type: "struct<count:bigint,ratio:double,amount:decimal(12,2),tags:list<string>>",
      pii: false,
    });
    expect(warnings).toEqual([
      "p.properties[0] (Count): renamed to count (mesh field names are snake_case)",
      "p.properties[2] (amount): physicalType numeric → decimal(12,2) (customProperties precision and scale)",
    ]);
  });

  it("is personal data when any member is, and shows every member's classification", () => {
    const { reading, seen } = read({
      logicalType: "array",
      items: {
        logicalType: "object",
        properties: [
          { name: "a", logicalType: "string", classification: "internal" },
          { name: "b", logicalType: "string", pii: true },
          { name: "c", logicalType: "string" },
        ],
      },
    });
    expect(reading).toEqual({ type: "list<struct<a:string,b:string,c:string>>", pii: true });
    expect(seen).toEqual(["p.items.properties[0]=internal"]);
  });

  it("names each rule and option a member carries as ignored, and not an empty or default one", () => {
    const { warnings } = read({
      logicalType: "object",
      properties: [
        {
          name: "a",
          logicalType: "string",
          required: true,
          unique: false,
          primaryKey: [],
          primaryKeyPosition: -1,
          quality: [{ metric: "nullValues" }],
          logicalTypeOptions: { maxLength: 3, format: "email" },
        },
        { name: "b", logicalType: "integer", primaryKeyPosition: 2, logicalTypeOptions: { format: "i32" } },
        { name: "c", logicalType: "string", primaryKey: true, classification: "public", tags: ["x"] },
        { name: "d", logicalType: "string", unique: true, examples: ["e"] },
      ],
    });
    expect(warnings).toEqual([
      `p.properties[0] (a): required, quality, logicalTypeOptions.maxLength, logicalTypeOptions.format ${NO_RULES}`,
      `p.properties[1] (b): primaryKeyPosition ${NO_RULES}`,
      `p.properties[2] (c): primaryKey ${NO_RULES}`,
      `p.properties[3] (d): unique ${NO_RULES}`,
      "p.properties[3].examples ignored: the mesh keeps no sample values",
    ]);
  });

  it("is json when its shape is not declared, saying what is not checked unless the source called it json", () => {
    const json = (prop: Obj) => {
      const r = read(prop);
      return [r.reading, ...r.warnings];
    };
    const asJson = { type: "json", pii: false };
    expect(json({ logicalType: "array" })).toEqual([
      asJson,
      "p: an array without items imported as json: its shape is not checked; declare a list<…> to have it checked",
    ]);
    expect(json({ logicalType: "array", items: null })[1]).toMatch(/^p: an array without items/);
    expect(json({ logicalType: "array", items: "string" })[1]).toMatch(/^p: an array without items/);
    expect(json({ logicalType: "object", properties: [] })).toEqual([
      asJson,
      "p: an object without properties imported as json: its shape is not checked; declare a struct<…> to have it checked",
    ]);
    expect(json({ logicalType: "object" })[1]).toMatch(/^p: an object without properties/);
    expect(json({ physicalType: " MAP<string,int>" })).toEqual([
      asJson,
      "p: a map (physicalType  MAP<string,int>) imported as json: its keys and values are not checked (the mesh has no map type)",
    ]);
    for (const physicalType of ["json", " JSONB ", "jsonb"]) {
      expect(json({ logicalType: "object", physicalType })).toEqual([asJson]);
    }
    for (const physicalType of ["json_text", "myjson", "json b"]) {
      expect(json({ logicalType: "object", physicalType })).toHaveLength(2);
    }
  });

  it("reads a map only by its physical type's first word", () => {
    const a = [{ name: "a", logicalType: "string" }];
    expect(read({ logicalType: "object", physicalType: "hashmap", properties: a }).reading).toEqual({
      type: "struct<a:string>",
      pii: false,
    });
    expect(isNestedProperty({ physicalType: " map<string,int>" })).toBe(true);
    expect(isNestedProperty({ physicalType: "int" })).toBe(false);
    expect(isNestedProperty({ logicalType: "string", physicalType: "map<string,int>" })).toBe(false);
    expect(isNestedProperty({ logicalType: "array" })).toBe(true);
    expect(isNestedProperty({ logicalType: "object" })).toBe(true);
    expect(
      read({
        logicalType: "object",
        physicalType: "mapping",
        properties: [{ name: "a", logicalType: "string" }],
      }).reading,
    ).toEqual({
      type: "struct<a:string>",
      pii: false,
    });
    expect(
      read({ logicalType: "array", physicalType: "map", items: { logicalType: "string" } }).warnings,
    ).toEqual([
      "p: a map (physicalType map) imported as json: its keys and values are not checked (the mesh has no map type)",
    ]);
  });
});

describe("a nested property that has no mesh type", () => {
  it("names the member and what is wrong with it", () => {
    const problem = (prop: Obj) => read(prop).reading;
    const struct = (...properties: Obj[]) => ({ logicalType: "object", properties });
    expect(problem(struct({ name: "!!", logicalType: "string" }))).toEqual({
      path: "p.properties[0] (!!)",
      problem: expect.stringMatching(/./),
    });
    expect(
      problem(struct({ name: "a", logicalType: "string" }, { name: "A", logicalType: "string" })),
    ).toEqual({
      path: "p.properties[1] (A)",
      problem: "is a once snake_cased, like an earlier property",
    });
    expect(problem(struct({ name: "t", logicalType: "time" }))).toEqual({
      path: "p.properties[0] (t)",
      problem: "logicalType time has no mesh type (dates and UTC timestamps only)",
    });
    expect(
      problem({
        logicalType: "array",
        items: { logicalType: "integer", logicalTypeOptions: { format: "u64" } },
      }),
    ).toEqual({
      path: "p.items",
      problem: "integer format u64 does not fit the mesh's 64-bit bigint",
    });
  });

  it("allows eight levels of lists and structs, a json leaf below them, and refuses a ninth where it starts", () => {
    const lists = (levels: number, leaf: Obj) => {
      let prop = leaf;
      for (let i = 0; i < levels; i++) prop = { logicalType: "array", items: prop };
      return read(prop).reading;
    };
    const structs = (levels: number) => {
      let prop: Obj = { name: "x", logicalType: "string" };
      for (let i = 0; i < levels; i++) prop = { name: "x", logicalType: "object", properties: [prop] };
      return read(prop).reading;
    };
    const deeper = "nests objects and arrays deeper than 8 levels";
    expect(lists(8, { logicalType: "string" })).toEqual({
      type: `${"list<".repeat(8)}string${">".repeat(8)}`,
      pii: false,
    });
    expect(lists(8, { logicalType: "object" })).toEqual({
      type: `${"list<".repeat(8)}json${">".repeat(8)}`,
      pii: false,
    });
    expect(lists(9, { logicalType: "string" })).toEqual({ path: `p${".items".repeat(8)}`, problem: deeper });
    expect(structs(8)).toEqual({ type: `${"struct<x:".repeat(8)}string${">".repeat(8)}`, pii: false });
    expect(structs(9)).toEqual({ path: `p${".properties[0]".repeat(8)}`, problem: deeper });
  });

  it("refuses a struct whose type is longer than the mesh's bound, at the property", () => {
    const properties = Array.from({ length: 20 }, (_, i) => ({
      name: `${"a".repeat(100)}_${i}`,
      logicalType: "string",
    }));
    expect(read({ logicalType: "object", properties }).reading).toEqual({
      path: "p",
      problem: "the type is longer than 2000 characters",
    });
  });

  it("lets an error that is not a reading's through", () => {
    const { ctx } = context();
    const failing = {
      ...ctx,
      pii: () => {
        throw new TypeError("broken reader");
      },
    };
    expect(() =>
      readNestedType({ logicalType: "array", items: { logicalType: "string" } }, "p", failing),
    ).toThrow("broken reader");
  });
});
