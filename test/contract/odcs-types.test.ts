/**
 * The one table between mesh field types and ODCS types (`components/contract/odcs/types.ts`):
 * export writes each mesh type as ODCS logicalType, format and physicalType; import reads a source
 * system's physical type only when it names the type exactly — an unsigned, array or longer type
 * that merely starts or ends like a known one is not guessed into a mesh type.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_DECIMAL, meshTypeOf, odcsTypeOf } from "../../components/contract/odcs/types.js";
import type { FieldType } from "../../components/declaration/types.js";

/** The mesh type a physical type alone gives (no logicalType), or the problem. */
const physical = (physicalType: string) => {
  const reading = meshTypeOf(undefined, undefined, physicalType);
  return "type" in reading ? reading.type : "refused";
};

describe("export of a mesh type", () => {
  it("writes each scalar as its ODCS logical type, format and Glue type", () => {
    const table: [FieldType, object][] = [
      ["string", { logicalType: "string", physicalType: "string" }],
      ["int", { logicalType: "integer", format: "i32", physicalType: "int" }],
      ["bigint", { logicalType: "integer", format: "i64", physicalType: "bigint" }],
      ["double", { logicalType: "number", format: "f64", physicalType: "double" }],
      ["boolean", { logicalType: "boolean", physicalType: "boolean" }],
      ["date", { logicalType: "date", physicalType: "date" }],
      ["timestamp", { logicalType: "timestamp", physicalType: "timestamp" }],
      ["decimal(12,2)" as FieldType, { logicalType: "number", physicalType: "decimal(12,2)" }],
      ["json", { logicalType: "object", physicalType: "json" }],
    ];
    for (const [type, odcs] of table) expect(odcsTypeOf(type), type).toEqual(odcs);
  });

  it("writes lists and structs as arrays and objects", () => {
    expect(odcsTypeOf("list<string>" as FieldType).logicalType).toBe("array");
    expect(odcsTypeOf("struct<a:int>" as FieldType).logicalType).toBe("object");
  });
});

describe("import of a logical type", () => {
  it("takes the mesh's own scalar types as they are", () => {
    for (const type of ["string", "boolean", "date", "timestamp"]) {
      expect(meshTypeOf(type, undefined, "whatever")).toEqual({ type });
    }
  });

  it("reads an integer's format, refusing one wider than 64 signed bits", () => {
    const formats: [string, string][] = [
      ["i8", "int"],
      ["i16", "int"],
      ["i32", "int"],
      ["u8", "int"],
      ["u16", "int"],
      ["i64", "bigint"],
      ["u32", "bigint"],
    ];
    for (const [format, type] of formats)
      expect(meshTypeOf("integer", format, "bigint"), format).toEqual({ type });
    for (const format of ["u64", "i128", "u128", "i7"]) {
      expect(meshTypeOf("integer", format, undefined)).toEqual({
        problem: `integer format ${format} does not fit the mesh's 64-bit bigint`,
      });
    }
  });

  it("reads an integer without a format as its physical type's width, else 32 bits", () => {
    expect(meshTypeOf("integer", undefined, " int8 ")).toEqual({ type: "bigint" });
    expect(meshTypeOf("integer", undefined, "smallint")).toEqual({ type: "int" });
    expect(meshTypeOf("integer", undefined, undefined)).toEqual({ type: "int" });
  });

  it("reads a number by its format first, then its decimal or integer physical type, else a double", () => {
    expect(meshTypeOf("number", "f32", "decimal(10,2)")).toEqual({ type: "double" });
    expect(meshTypeOf("number", undefined, " numeric(10, 2) ")).toEqual({ type: "decimal(10,2)" });
    expect(meshTypeOf("number", undefined, "int8")).toEqual({ type: "bigint" });
    expect(meshTypeOf("number", undefined, "INTEGER")).toEqual({ type: "int" });
    expect(meshTypeOf("number", undefined, "text")).toEqual({ type: "double" });
    expect(meshTypeOf("number", undefined, "numeric[]")).toEqual({ type: "double" });
    expect(meshTypeOf("number", undefined, undefined)).toEqual({ type: "double" });
  });

  it("refuses a decimal the mesh cannot hold, naming the physical type", () => {
    const reading = meshTypeOf("number", undefined, "decimal(50,2)");
    expect(reading).toEqual({ problem: expect.stringMatching(/^physicalType decimal\(50,2\): .+/) });
  });

  it("gives a bare decimal the declared precision and scale, else the default, and says which", () => {
    expect(meshTypeOf("number", undefined, " NUMERIC ")).toEqual({
      type: DEFAULT_DECIMAL,
      warning: `physicalType  NUMERIC  has no precision and scale; using ${DEFAULT_DECIMAL}: declare the product's own if it needs more digits`,
    });
    expect(meshTypeOf(undefined, undefined, " decimal ")).toEqual({
      type: DEFAULT_DECIMAL,
      warning: `physicalType  decimal  has no precision and scale; using ${DEFAULT_DECIMAL}: declare the product's own if it needs more digits`,
    });
    expect(meshTypeOf(undefined, undefined, "bignumeric", { precision: 12, scale: 2 })).toEqual({
      type: "decimal(12,2)",
      warning: "physicalType bignumeric → decimal(12,2) (customProperties precision and scale)",
    });
    expect(meshTypeOf(undefined, undefined, "decimal", { precision: 50, scale: 2 })).toEqual({
      problem: expect.stringMatching(/^physicalType decimal with customProperties precision\/scale: .+/),
    });
  });

  it("refuses time, bare objects and arrays, and logical types ODCS does not have", () => {
    expect(meshTypeOf("time", undefined, undefined)).toEqual({
      problem: "logicalType time has no mesh type (dates and UTC timestamps only)",
    });
    for (const type of ["object", "array"]) {
      expect(meshTypeOf(type, undefined, undefined)).toEqual({
        problem: `${type}-typed properties are read with their properties or items`,
      });
    }
    expect(meshTypeOf("binary", undefined, "bytea")).toEqual({
      problem: "logicalType binary has no mesh type",
    });
  });
});

describe("import of a physical type alone", () => {
  it("recognises a source system's spellings of each mesh type", () => {
    const table: [string, string][] = [
      ["BIGINT", "bigint"],
      ["int8", "bigint"],
      ["int64", "bigint"],
      ["long", "bigint"],
      ["bigserial", "bigint"],
      ["serial8", "bigint"],
      ["int", "int"],
      ["int2", "int"],
      ["int4", "int"],
      ["int32", "int"],
      ["integer", "int"],
      ["smallint", "int"],
      ["tinyint", "int"],
      ["mediumint", "int"],
      ["serial", "int"],
      ["smallserial", "int"],
      ["double", "double"],
      ["double precision", "double"],
      ["float", "double"],
      ["float8", "double"],
      ["float(53)", "double"],
      ["real", "double"],
      ["bool", "boolean"],
      ["BOOLEAN", "boolean"],
      ["date", "date"],
      ["timestamp", "timestamp"],
      ["timestamptz", "timestamp"],
      ["datetime", "timestamp"],
      ["timestamp_ntz", "timestamp"],
      ["TIMESTAMP(6)", "timestamp"],
      ["timestamp with time zone", "timestamp"],
      ["timestamp(3) without time zone", "timestamp"],
      ["string", "string"],
      ["text", "string"],
      ["uuid", "string"],
      ["bpchar", "string"],
      ["char(3)", "string"],
      ["character", "string"],
      ["character varying(10)", "string"],
      ["varchar(255)", "string"],
      ["nvarchar", "string"],
      ["nvarchar(50)", "string"],
      ["varchar2(20)", "string"],
      ["VARCHAR2", "string"],
      ["nvarchar2(10)", "string"],
      ["varchar[16]", "string"],
      ["numeric(10, 2)", "decimal(10,2)"],
      ["NUMBER(10)", "decimal(10,0)"],
      ["decimal (12 , 3 )", "decimal(12,3)"],
      ["bignumeric(20,10)", "decimal(20,10)"],
      [" decimal(12,2) ", "decimal(12,2)"],
      [" tinyint ", "int"],
    ];
    for (const [physicalType, type] of table) expect(physical(physicalType), physicalType).toBe(type);
  });

  it("refuses a type that only starts or ends like one it knows", () => {
    for (const physicalType of [
      "bigint2",
      "ulong",
      "uint",
      "int128",
      "bfloat16",
      "real[]",
      "bool[]",
      "xbool",
      "sysdate",
      "timestamp[]",
      "xtimestamp",
      "text[]",
      "mytext",
      "numeric(10,2)[]",
      "xnumeric(10,2)",
      "xnumeric",
      "varchar16",
      "nvarchar3",
    ]) {
      expect(physical(physicalType), physicalType).toBe("refused");
    }
  });

  it("names what is missing when it cannot read a type", () => {
    expect(meshTypeOf(undefined, undefined, undefined)).toEqual({
      problem: "no logicalType or physicalType: the mesh needs a column type",
    });
    expect(meshTypeOf(undefined, undefined, "blob")).toEqual({
      problem: "no logicalType, and physicalType blob names no mesh type",
    });
  });
});
