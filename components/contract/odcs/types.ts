/**
 * The one table between mesh field types and ODCS v3.1 types (the mesh's own type table, Glue,
 * DuckDB, Spark and JSON Schema, is components/declaration/types.ts; `physicalType` is its Glue type).
 *
 * | mesh          | logicalType | logicalTypeOptions.format | physicalType  |
 * |---------------|-------------|---------------------------|---------------|
 * | string        | string      |                           | string        |
 * | int           | integer     | i32                       | int           |
 * | bigint        | integer     | i64                       | bigint        |
 * | double        | number      | f64                       | double        |
 * | decimal(p,s)  | number      |                           | decimal(p,s)  |
 * | boolean       | boolean     |                           | boolean       |
 * | date          | date        |                           | date          |
 * | timestamp     | timestamp   |                           | timestamp     |
 * | json          | object      |                           | json          |
 *
 * Import reads the table backwards. ODCS `integer` and `number` are coarser than the mesh types, so
 * `format` decides first, then `physicalType` (a source system's `int8`, `numeric(10,2)`…, a bare
 * `numeric` with `precision`/`scale` custom properties, else {@link DEFAULT_DECIMAL}), then the ODCS
 * default (`integer` is i32; `number` is a double). ODCS `time` has no mesh type; 128-bit and
 * unsigned 64-bit integers do not fit `bigint`. `object` and `array` are a mesh `struct<…>` and
 * `list<…>`: their properties and items are read by `nestedType.ts`, written by `exportOdcs.ts`;
 * `json` is an `object` without properties whose physicalType (`json`, BigQuery's and Postgres'
 * name) tells the import it is one, where the Glue table stores the text as a string.
 */
import {
  type FieldType,
  fieldTypeProblem,
  glueType,
  parseDecimal,
  typeTree,
} from "../../declaration/types.js";

export interface OdcsType {
  readonly logicalType: string;
  readonly format?: string;
  readonly physicalType: string;
}

const LOGICAL: Record<string, { logicalType: string; format?: string }> = {
  string: { logicalType: "string" },
  int: { logicalType: "integer", format: "i32" },
  bigint: { logicalType: "integer", format: "i64" },
  double: { logicalType: "number", format: "f64" },
  boolean: { logicalType: "boolean" },
  date: { logicalType: "date" },
  timestamp: { logicalType: "timestamp" },
};

export function odcsTypeOf(type: FieldType): OdcsType {
  if (type === "json") return { logicalType: "object", physicalType: "json" };
  const kind = typeTree(type).kind;
  const logical =
    kind === "list"
      ? { logicalType: "array" }
      : kind === "struct"
        ? { logicalType: "object" }
        : parseDecimal(type)
          ? { logicalType: "number" }
          : LOGICAL[type];
  if (!logical) throw new Error(`unmapped field type ${type}`);
  return { ...logical, physicalType: glueType(type) };
}

const INTEGER_FORMATS: Record<string, FieldType | undefined> = {
  i8: "int",
  i16: "int",
  i32: "int",
  u8: "int",
  u16: "int",
  i64: "bigint",
  u32: "bigint",
  u64: undefined,
  i128: undefined,
  u128: undefined,
};

/** Source-system physical types the import recognises, for a hint when the logical type is coarse. */
const PHYSICAL: readonly [RegExp, FieldType][] = [
  [/^(bigint|int8|int64|long|bigserial|serial8)$/i, "bigint"],
  [/^(int|int2|int4|int32|integer|smallint|tinyint|mediumint|serial|serial4|smallserial)$/i, "int"],
  [/^(double( precision)?|float\d*(\(.*\))?|real)$/i, "double"],
  [/^(bool|boolean)$/i, "boolean"],
  [/^date$/i, "date"],
  [
    /^(timestamp|timestamptz|datetime|timestamp(_ntz|_ltz|_tz)?)(\(\d\))?( with(out)? time zone)?$/i,
    "timestamp",
  ],
  [/^(string|text|uuid|bpchar|(var)?char(acter)?( varying)?|n?varchar2?)([([]\d+[)\]])?$/i, "string"],
];

const physicalHint = (physicalType: string | undefined): FieldType | undefined =>
  physicalType === undefined ? undefined : PHYSICAL.find(([re]) => re.test(physicalType.trim()))?.[1];

/** `decimal(10,2)` / `numeric(10, 2)` → `decimal(10,2)`, `numeric(10)` → `decimal(10,0)`; else undefined. */
function decimalOf(physicalType: string | undefined): string | undefined {
  const m = /^(decimal|numeric|number|bignumeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/i.exec(
    physicalType?.trim() ?? "",
  );
  return m ? `decimal(${m[2]},${m[3] ?? 0})` : undefined;
}

/** A decimal physical type without precision and scale: `decimal`, `numeric`, BigQuery `BIGNUMERIC`. */
const BARE_DECIMAL = /^(decimal|numeric|bignumeric)$/i;

/**
 * The decimal a bare `decimal`/`numeric` becomes: BigQuery's NUMERIC and the widest Iceberg
 * precision, nine fractional digits. Narrower than the source system's unbounded numerics, so it is
 * a warning, not a silent choice; a product needing another precision declares it.
 */
export const DEFAULT_DECIMAL = "decimal(38,9)";

export type TypeReading =
  | { readonly type: FieldType; readonly warning?: string }
  | { readonly problem: string };

/** The decimal for a bare `decimal` physical type: the declared precision, else the default. */
function bareDecimal(physicalType: string, declared: Declared | undefined): TypeReading {
  if (declared && "problem" in declared)
    return {
      problem: `physicalType ${physicalType} with customProperties precision/scale: ${declared.problem}`,
    };
  if (declared) {
    const type = `decimal(${declared.precision},${declared.scale})`;
    const problem = fieldTypeProblem(type);
    return problem
      ? { problem: `physicalType ${physicalType} with customProperties precision/scale: ${problem}` }
      : {
          type: type as FieldType,
          warning: `physicalType ${physicalType} → ${type} (customProperties precision and scale)`,
        };
  }
  return {
    type: DEFAULT_DECIMAL as FieldType,
    warning: `physicalType ${physicalType} has no precision and scale; using ${DEFAULT_DECIMAL}: declare the product's own if it needs more digits`,
  };
}

/** A bare decimal's `precision`/`scale` custom properties, or why they cannot be read. */
export type Declared = { readonly precision: number; readonly scale: number } | { readonly problem: string };

/** The mesh type of an ODCS property, or why it has none. */
export function meshTypeOf(
  logicalType: string | undefined,
  format: string | undefined,
  physicalType: string | undefined,
  declared?: Declared,
): TypeReading {
  const decimal = decimalOf(physicalType);
  switch (logicalType) {
    case "string":
    case "boolean":
    case "date":
    case "timestamp":
      return { type: logicalType };
    case "integer": {
      if (format !== undefined) {
        const type = INTEGER_FORMATS[format];
        return type
          ? { type }
          : { problem: `integer format ${format} does not fit the mesh's 64-bit bigint` };
      }
      return { type: physicalHint(physicalType) === "bigint" ? "bigint" : "int" };
    }
    case "number": {
      if (format !== undefined) return { type: "double" }; // f32 or f64: the schema allows no other
      if (decimal) {
        const problem = fieldTypeProblem(decimal);
        return problem
          ? { problem: `physicalType ${physicalType}: ${problem}` }
          : { type: decimal as FieldType };
      }
      if (physicalType !== undefined && BARE_DECIMAL.test(physicalType.trim()))
        return bareDecimal(physicalType, declared);
      const hint = physicalHint(physicalType);
      return { type: hint === "int" || hint === "bigint" ? hint : "double" };
    }
    case "time":
      return { problem: "logicalType time has no mesh type (dates and UTC timestamps only)" };
    case "object":
    case "array":
      // Only with their properties or items: `nestedType.ts` reads those.
      return { problem: `${logicalType}-typed properties are read with their properties or items` };
    case undefined: {
      if (physicalType !== undefined && BARE_DECIMAL.test(physicalType.trim()))
        return bareDecimal(physicalType, declared);
      const type = (decimal as FieldType | undefined) ?? physicalHint(physicalType);
      if (type) return { type };
      return {
        problem:
          physicalType === undefined
            ? "no logicalType or physicalType: the mesh needs a column type"
            : `no logicalType, and physicalType ${physicalType} names no mesh type`,
      };
    }
    default:
      return { problem: `logicalType ${logicalType} has no mesh type` };
  }
}
