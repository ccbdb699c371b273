/**
 * The closed set of column types a data product may declare, and the one table that maps each to
 * every system that stores or checks it. Everything that needs a type mapping calls these functions.
 *
 * | contract      | Glue / Iceberg  | DuckDB          | Spark SQL       | JSON Schema (message)                      |
 * |---------------|-----------------|-----------------|-----------------|--------------------------------------------|
 * | string        | string          | VARCHAR         | STRING          | `{type: "string"}`                         |
 * | int           | int             | INTEGER         | INT             | `{type: "integer", 32-bit bounds}`         |
 * | bigint        | bigint          | BIGINT          | BIGINT          | `{type: "integer"}`                        |
 * | double        | double          | DOUBLE          | DOUBLE          | `{type: "number"}`                         |
 * | decimal(p,s)  | decimal(p,s)    | DECIMAL(p,s)    | DECIMAL(p,s)    | `{type: ["number","string"]}` decimal text |
 * | boolean       | boolean         | BOOLEAN         | BOOLEAN         | `{type: "boolean"}`                        |
 * | date          | date            | DATE            | DATE            | `{type: "string", format: "date"}`         |
 * | timestamp     | timestamp       | TIMESTAMP       | TIMESTAMP       | `{type: "string", format: "date-time"}`    |
 */

export const PRIMITIVE_TYPES = ["string", "int", "bigint", "double", "boolean", "date", "timestamp"] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];
/** `decimal(p,s)`: precision 1–38, scale 0–p (the Iceberg and Glue bounds). */
export const DECIMAL_PATTERN = /^decimal\(\s*([1-9][0-9]?)\s*,\s*([0-9][0-9]?)\s*\)$/;
export type FieldType = PrimitiveType | `decimal(${number},${number})`;

/** Human-readable list used in error messages. */
export const FIELD_TYPE_CHOICES = "string, int, bigint, double, decimal(p,s), boolean, date, timestamp";

export interface Decimal {
  readonly precision: number;
  readonly scale: number;
}

/** The precision and scale of a `decimal(p,s)` type, or undefined for other types. */
export function parseDecimal(type: string): Decimal | undefined {
  const m = DECIMAL_PATTERN.exec(type);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : undefined;
}

/** Undefined when `type` is a valid field type, otherwise why not. */
export function fieldTypeProblem(type: string): string | undefined {
  if ((PRIMITIVE_TYPES as readonly string[]).includes(type)) return undefined;
  const d = parseDecimal(type);
  if (!d) return `expected one of ${FIELD_TYPE_CHOICES}, got "${type}"`;
  if (d.precision > 38) return `decimal precision ${d.precision} exceeds 38`;
  if (d.scale > d.precision) return `decimal scale ${d.scale} exceeds precision ${d.precision}`;
  return undefined;
}

export function glueType(type: FieldType): string {
  const d = parseDecimal(type);
  return d ? `decimal(${d.precision},${d.scale})` : type;
}

const ICEBERG: Record<PrimitiveType, string> = {
  string: "string",
  int: "int",
  bigint: "long",
  double: "double",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamp",
};

/** The Iceberg type (table spec, "Schemas and Data Types") a field is stored as. */
export function icebergType(type: FieldType): string {
  const d = parseDecimal(type);
  return d ? `decimal(${d.precision}, ${d.scale})` : ICEBERG[type as PrimitiveType];
}

const DUCKDB: Record<PrimitiveType, string> = {
  string: "VARCHAR",
  int: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

export function duckdbType(type: FieldType): string {
  const d = parseDecimal(type);
  return d ? `DECIMAL(${d.precision},${d.scale})` : DUCKDB[type as PrimitiveType];
}

export function sparkType(type: FieldType): string {
  const d = parseDecimal(type);
  if (d) return `DECIMAL(${d.precision},${d.scale})`;
  return type === "string" ? "STRING" : type === "int" ? "INT" : duckdbType(type);
}

/** JSON Schema (draft 2020-12 keywords) that one message field must satisfy. */
export function jsonSchemaType(type: FieldType): Record<string, unknown> {
  const d = parseDecimal(type);
  if (d) {
    // Decimals travel as JSON numbers or, to keep exactness, as decimal strings.
    // decimal(p,p) holds only fractions: its whole part can only be 0.
    const integer = d.precision > d.scale ? `[0-9]{1,${d.precision - d.scale}}` : "0";
    const fraction = d.scale > 0 ? `(\\.[0-9]{1,${d.scale}})?` : "";
    return { type: ["number", "string"], pattern: `^-?${integer}${fraction}$` };
  }
  switch (type as PrimitiveType) {
    case "string":
      return { type: "string" };
    case "int":
      return { type: "integer", minimum: -2147483648, maximum: 2147483647 };
    case "bigint":
      return { type: "integer" };
    case "double":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "date":
      // Year 0000 is no date a warehouse stores.
      return { type: "string", format: "date", pattern: "^(?!0000)" };
    case "timestamp":
      // RFC 3339 as the extract stage reads it: T, hours 00–23, at most microseconds, an offset.
      return {
        type: "string",
        format: "date-time",
        pattern:
          "^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
      };
  }
  throw new Error(`unmapped field type ${type}`);
}
