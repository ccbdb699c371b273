import { describe, expect, it } from "vitest";
import {
  canonicalType,
  duckdbType,
  FIELD_TYPE_CHOICES,
  type FieldType,
  fieldTypeProblem,
  glueType,
  hasParts,
  icebergType,
  isNestedType,
  jsonSchemaType,
  MAX_TYPE_DEPTH,
  MAX_TYPE_LENGTH,
  PRIMITIVE_TYPES,
  parseDecimal,
  sameDuckdbType,
  sparkType,
  warehouseDuckdbType,
} from "../../components/declaration/index.js";

/** The documented type map: contract → [Glue, DuckDB, Spark, JSON Schema]. */
const MAP: [FieldType, string, string, string, Record<string, unknown>][] = [
  ["string", "string", "VARCHAR", "STRING", { type: "string" }],
  ["int", "int", "INTEGER", "INT", { type: "integer", minimum: -2147483648, maximum: 2147483647 }],
  ["bigint", "bigint", "BIGINT", "BIGINT", { type: "integer" }],
  ["double", "double", "DOUBLE", "DOUBLE", { type: "number" }],
  ["boolean", "boolean", "BOOLEAN", "BOOLEAN", { type: "boolean" }],
  // Dates and timestamps also carry what the extract stage refuses that the formats allow.
  ["date", "date", "DATE", "DATE", { type: "string", format: "date", pattern: "^(?!0000)" }],
  [
    "timestamp",
    "timestamp",
    "TIMESTAMP",
    "TIMESTAMP",
    {
      type: "string",
      format: "date-time",
      pattern:
        "^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
    },
  ], // Any JSON value but null (an optional field adds null), kept as its text: a string outside DuckDB.
  ["json", "string", "JSON", "STRING", { type: ["object", "array", "string", "number", "boolean"] }],
];

describe("type map", () => {
  it.each(MAP)("%s → glue %s, duckdb %s, spark %s", (type, glue, duck, spark, json) => {
    expect(glueType(type)).toBe(glue);
    expect(duckdbType(type)).toBe(duck);
    expect(sparkType(type)).toBe(spark);
    expect(jsonSchemaType(type)).toEqual(json);
  });

  it("covers every primitive type", () => {
    expect(MAP.map(([t]) => t).sort()).toEqual([...PRIMITIVE_TYPES].sort());
  });

  it("maps no type that was never validated: that is a bug, named", () => {
    expect(() => duckdbType("map<string,int>" as FieldType)).toThrow(
      `bug: unvalidated field type map<string,int>: expected one of ${FIELD_TYPE_CHOICES}, got "map<string,int>"`,
    );
  });

  it("maps decimals with their precision and scale, normalising spaces", () => {
    for (const t of ["decimal(12,2)", "decimal( 12 , 2 )"] as FieldType[]) {
      expect(glueType(t)).toBe("decimal(12,2)");
      expect(duckdbType(t)).toBe("DECIMAL(12,2)");
      expect(sparkType(t)).toBe("DECIMAL(12,2)");
    }
    expect(glueType("decimal(38,0)")).toBe("decimal(38,0)");
  });
});

describe("jsonSchemaType for decimals", () => {
  const matches = (type: string, value: string) =>
    new RegExp(jsonSchemaType(type as FieldType).pattern as string).test(value);

  it("accepts numbers or exact decimal strings", () => {
    expect(jsonSchemaType("decimal(12,2)")).toEqual({
      type: ["number", "string"],
      pattern: "^-?[0-9]{1,10}(\\.[0-9]{1,2})?$",
    });
  });

  it("bounds integer and fraction digits in decimal strings", () => {
    for (const ok of ["0", "12", "-12.5", "1234567890.12"])
      expect(matches("decimal(12,2)", ok), ok).toBe(true);
    for (const bad of ["12345678901", "1.234", "1e3", "", "1.", ".5", "abc"]) {
      expect(matches("decimal(12,2)", bad), bad).toBe(false);
    }
  });

  it("has no fraction for scale 0", () => {
    expect(matches("decimal(5,0)", "12345")).toBe(true);
    expect(matches("decimal(5,0)", "123456")).toBe(false);
    expect(matches("decimal(5,0)", "1.5")).toBe(false);
  });

  it("allows no integer digits but 0 when scale equals precision", () => {
    // decimal(2,2) holds -0.99…0.99; "9.5" overflows it.
    expect(matches("decimal(2,2)", "0.99")).toBe(true);
    expect(matches("decimal(2,2)", "9.5")).toBe(false);
  });
});

describe("fieldTypeProblem", () => {
  it("accepts every primitive and valid decimals", () => {
    for (const t of [
      ...PRIMITIVE_TYPES,
      "decimal(1,0)",
      "decimal(38,38)",
      "decimal(12,2)",
      "decimal( 9 , 3 )",
    ]) {
      expect(fieldTypeProblem(t), t).toBeUndefined();
    }
  });

  it.each([
    ["money", `expected one of ${FIELD_TYPE_CHOICES}, got "money"`],
    ["String", `expected one of ${FIELD_TYPE_CHOICES}, got "String"`],
    ["JSON", `expected one of ${FIELD_TYPE_CHOICES}, got "JSON"`],
    ["decimal", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal"`],
    ["decimal(0,0)", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal(0,0)"`],
    ["decimal(10)", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal(10)"`],
    ["decimal(39,0)", "decimal precision 39 exceeds 38"],
    ["decimal(99,2)", "decimal precision 99 exceeds 38"],
    ["decimal(10,11)", "decimal scale 11 exceeds precision 10"],
    // The whole text is the type: nothing before or after it, not even a space.
    ["bigdecimal(10,2)", `expected one of ${FIELD_TYPE_CHOICES}, got "bigdecimal(10,2)"`],
    ["decimal(10,2) not null", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal(10,2) not null"`],
    [" int", `expected one of ${FIELD_TYPE_CHOICES}, got " int"`],
    ["int ", `expected one of ${FIELD_TYPE_CHOICES}, got "int "`],
  ])("rejects %j", (type, message) => {
    expect(fieldTypeProblem(type)).toBe(message);
  });

  it("lists the choices in its message", () => {
    expect(FIELD_TYPE_CHOICES).toBe(
      "string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>",
    );
  });
});

describe("parseDecimal", () => {
  it("returns precision and scale of decimals only", () => {
    expect(parseDecimal("decimal(18,4)")).toEqual({ precision: 18, scale: 4 });
    expect(parseDecimal("decimal( 7 ,0 )")).toEqual({ precision: 7, scale: 0 });
    expect(parseDecimal("double")).toBeUndefined();
    expect(parseDecimal("DECIMAL(18,4)")).toBeUndefined();
  });
});

describe("nested types", () => {
  const order = "struct<order:int,items:list<struct<sku:string,price:decimal(12,2)>>>" as FieldType;

  it("map to each system's list and struct, recursively", () => {
    expect(glueType(order)).toBe("struct<order:int,items:array<struct<sku:string,price:decimal(12,2)>>>");
    expect(duckdbType(order)).toBe(
      'STRUCT("order" INTEGER, "items" STRUCT("sku" VARCHAR, "price" DECIMAL(12,2))[])',
    );
    expect(sparkType(order)).toBe(
      "STRUCT<`order`: INT, `items`: ARRAY<STRUCT<`sku`: STRING, `price`: DECIMAL(12,2)>>>",
    );
    expect(glueType("list<list<bigint>>")).toBe("array<array<bigint>>");
    expect(duckdbType("list<list<bigint>>")).toBe("BIGINT[][]");
  });

  it("give every Iceberg list element and struct field its own id", () => {
    let id = 1;
    expect(icebergType(order, () => ++id)).toEqual({
      type: "struct",
      fields: [
        { id: 2, name: "order", required: false, type: "int" },
        {
          id: 3,
          name: "items",
          required: false,
          type: {
            type: "list",
            "element-id": 4,
            element: {
              type: "struct",
              fields: [
                { id: 5, name: "sku", required: false, type: "string" },
                { id: 6, name: "price", required: false, type: "decimal(12, 2)" },
              ],
            },
            "element-required": false,
          },
        },
      ],
    });
    expect(icebergType("bigint", () => ++id)).toBe("long");
    expect(id).toBe(6);
  });

  it("store each primitive as its Iceberg type, json as the string it is kept as", () => {
    const none = () => {
      throw new Error("a primitive takes no field id");
    };
    const stored = Object.fromEntries(PRIMITIVE_TYPES.map((t) => [t, icebergType(t, none)]));
    expect(stored).toEqual({
      string: "string",
      int: "int",
      bigint: "long",
      double: "double",
      boolean: "boolean",
      date: "date",
      timestamp: "timestamp",
      json: "string",
    });
  });

  it("read json back from the warehouse as text, at any depth, and every other type as it is", () => {
    expect(warehouseDuckdbType("json")).toBe("VARCHAR");
    expect(warehouseDuckdbType("list<struct<meta:json,n:int>>")).toBe(
      'STRUCT("meta" VARCHAR, "n" INTEGER)[]',
    );
    expect(warehouseDuckdbType("decimal(12,2)")).toBe("DECIMAL(12,2)");
  });

  it("keep a json member as JSON text: a string outside DuckDB", () => {
    const type: FieldType = "struct<meta:json,tags:list<json>>";
    expect(glueType(type)).toBe("struct<meta:string,tags:array<string>>");
    expect(duckdbType(type)).toBe('STRUCT("meta" JSON, "tags" JSON[])');
    expect(sparkType(type)).toBe("STRUCT<`meta`: STRING, `tags`: ARRAY<STRING>>");
    let id = 0;
    expect(icebergType("json", () => ++id)).toBe("string");
    expect(icebergType(type, () => ++id)).toEqual({
      type: "struct",
      fields: [
        { id: 1, name: "meta", required: false, type: "string" },
        {
          id: 2,
          name: "tags",
          required: false,
          type: { type: "list", "element-id": 3, element: "string", "element-required": false },
        },
      ],
    });
  });

  it("are JSON arrays and closed objects whose values may be null", () => {
    expect(jsonSchemaType("list<struct<qty:int,price:decimal(4,2)>>")).toEqual({
      type: "array",
      items: {
        anyOf: [
          {
            type: "object",
            properties: {
              qty: {
                anyOf: [{ type: "integer", minimum: -2147483648, maximum: 2147483647 }, { type: "null" }],
              },
              price: {
                anyOf: [
                  {
                    type: ["number", "string"],
                    pattern: "^-?[0-9]{1,2}(\\.[0-9]{1,2})?$",
                    exclusiveMinimum: -100,
                    exclusiveMaximum: 100,
                  },
                  { type: "null" },
                ],
              },
            },
            additionalProperties: false,
          },
          { type: "null" },
        ],
      },
    });
  });

  it("are spelled one way, spaces removed; other types stay as written", () => {
    expect(canonicalType("struct< a : int , b:list< decimal( 9, 2) > >" as FieldType)).toBe(
      "struct<a:int,b:list<decimal(9,2)>>",
    );
    expect(canonicalType("list <struct <a:int>>" as FieldType)).toBe("list<struct<a:int>>");
    expect(canonicalType("decimal( 9 , 2 )")).toBe("decimal( 9 , 2 )");
  });

  it("are told from other types however they are spaced", () => {
    for (const t of ["list<int>", " list <int>", "struct <a:json>"]) {
      expect(fieldTypeProblem(t), t).toBeUndefined();
      expect(isNestedType(t), t).toBe(true);
      expect(hasParts(t), t).toBe(true);
    }
    for (const t of ["int", "decimal(9,2)", "json"]) expect(isNestedType(t), t).toBe(false);
    expect(hasParts("json")).toBe(true);
    expect(hasParts("decimal(9,2)")).toBe(false);
  });

  it("accept any field type inside, up to the depth bound", () => {
    const deep = `${"list<".repeat(MAX_TYPE_DEPTH)}int${">".repeat(MAX_TYPE_DEPTH)}`;
    for (const t of ["list<int>", "struct<a:date>", "list<struct<a:list<timestamp>,b:boolean>>", deep])
      expect(fieldTypeProblem(t), t).toBeUndefined();
  });

  it.each([
    ["list<strng>", `list element: expected one of ${FIELD_TYPE_CHOICES}, got "strng"`],
    ["struct<qty:integer>", `struct field qty: expected one of ${FIELD_TYPE_CHOICES}, got "integer"`],
    ["struct<a:list<decimal(40,2)>>", "struct field a: list element: decimal precision 40 exceeds 38"],
    [
      "struct<Qty:int>",
      "struct field Qty: field names must be snake_case: lowercase letters, digits and _, starting with a letter, at most 128",
    ],
    ["struct<a:int,a:string>", "struct field a appears twice"],
    ["struct<>", 'struct: expected a field name at character 8, got ">"'],
    ["struct<a int>", 'struct field a: expected ":" at character 10, got "int>"'],
    ["list<int", 'list<int: expected ">" at the end'],
    ["list<int>>", 'unexpected text after the type at character 10, got ">"'],
    ["list<>", `list element: expected one of ${FIELD_TYPE_CHOICES}, got ""`],
    ["LIST<int>", `expected one of ${FIELD_TYPE_CHOICES}, got "LIST<int>"`],
    ["list", `expected one of ${FIELD_TYPE_CHOICES}, got "list"`],
    ["struct", `expected one of ${FIELD_TYPE_CHOICES}, got "struct"`],
    ["list<map<string,int>>", `list element: expected one of ${FIELD_TYPE_CHOICES}, got "map"`],
    ["struct<a:int,b:string", 'struct<a,b: expected ">" at the end'],
  ])("rejects %j naming the bad part", (type, message) => {
    expect(fieldTypeProblem(type)).toBe(message);
  });

  it("bounds hostile nesting by depth and by length, without deep recursion", () => {
    const tooDeep = `${"list<".repeat(MAX_TYPE_DEPTH + 1)}int${">".repeat(MAX_TYPE_DEPTH + 1)}`;
    expect(fieldTypeProblem(tooDeep)).toMatch(/nests lists and structs deeper than 8 levels$/);
    expect(fieldTypeProblem(`${"struct<a:".repeat(9)}int${">".repeat(9)}`)).toMatch(/deeper than 8 levels$/);
    expect(fieldTypeProblem("list<".repeat(100_000))).toBe("the type is longer than 2000 characters");
    const wide = `struct<${Array.from({ length: 400 }, (_, i) => `f${i}:int`).join(",")}>`;
    expect(fieldTypeProblem(wide)).toBe("the type is longer than 2000 characters");
  });

  it("read a type of up to 2000 characters, spaces included", () => {
    const spaced = (length: number) => `list<${" ".repeat(length - "list<int>".length)}int>`;
    expect(fieldTypeProblem(spaced(MAX_TYPE_LENGTH))).toBeUndefined();
    expect(fieldTypeProblem(spaced(MAX_TYPE_LENGTH + 1))).toBe("the type is longer than 2000 characters");
  });

  it("compare DuckDB type strings however struct field names are quoted", () => {
    // DESCRIBE quotes only keywords; the C API quotes every name.
    expect(
      sameDuckdbType('STRUCT("order" INTEGER, sku VARCHAR)[]', 'STRUCT("order" INTEGER, "sku" VARCHAR)[]'),
    ).toBe(true);
    expect(sameDuckdbType("STRUCT(a INTEGER)", 'STRUCT("a" BIGINT)')).toBe(false);
    // One quoted name with a comma inside is not two fields.
    expect(sameDuckdbType('STRUCT("a INTEGER, b" INTEGER)', 'STRUCT("a" INTEGER, "b" INTEGER)')).toBe(false);
  });
});
