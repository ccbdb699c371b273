import { describe, expect, it } from "vitest";
import {
  duckdbType,
  FIELD_TYPE_CHOICES,
  type FieldType,
  fieldTypeProblem,
  glueType,
  jsonSchemaType,
  PRIMITIVE_TYPES,
  parseDecimal,
  sparkType,
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
  ],
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
    ["decimal", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal"`],
    ["decimal(0,0)", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal(0,0)"`],
    ["decimal(10)", `expected one of ${FIELD_TYPE_CHOICES}, got "decimal(10)"`],
    ["decimal(39,0)", "decimal precision 39 exceeds 38"],
    ["decimal(99,2)", "decimal precision 99 exceeds 38"],
    ["decimal(10,11)", "decimal scale 11 exceeds precision 10"],
  ])("rejects %j", (type, message) => {
    expect(fieldTypeProblem(type)).toBe(message);
  });

  it("lists the choices in its message", () => {
    expect(FIELD_TYPE_CHOICES).toBe("string, int, bigint, double, decimal(p,s), boolean, date, timestamp");
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
