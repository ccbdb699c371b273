/**
 * The closed set of column types a data product may declare, and the one table that maps each to
 * every system that stores or checks it. Everything that needs a type mapping calls these functions.
 * The grammar of a type (and its nesting) is `typeGrammar.ts`; each mapping recurses over its tree.
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
 * | json          | string          | JSON            | STRING          | any non-null JSON value                    |
 * | list<T>       | array<T>        | T[]             | ARRAY<T>        | `{type: "array", items: T or null}`        |
 * | struct<a:T>   | struct<a:T>     | STRUCT("a" T)   | STRUCT<`a`: T>  | `{type: "object", properties: {a: T or null}}` |
 *
 * Iceberg names lists and structs with JSON objects that carry a field id for every element and
 * struct field ({@link icebergType}). Inside a list or struct every value may be null: nested
 * fields carry no rules of their own.
 *
 * `json` is a value of any JSON shape kept as its (minified) JSON text: DuckDB's built-in JSON type,
 * which is VARCHAR underneath, and a string in the warehouse and in Spark, where readers parse it.
 */
import { formatType, type PrimitiveType, parseFieldType, type TypeNode, typeTree } from "./typeGrammar.js";

export {
  DECIMAL_PATTERN,
  FIELD_NAME,
  FIELD_NAME_RULE,
  FIELD_TYPE_CHOICES,
  type FieldType,
  formatType,
  hasParts,
  isNestedType,
  MAX_TYPE_DEPTH,
  MAX_TYPE_LENGTH,
  PRIMITIVE_TYPES,
  type PrimitiveType,
  parseFieldType,
  type StructField,
  type TypeNode,
  typeTree,
} from "./typeGrammar.js";

import type { FieldType } from "./typeGrammar.js";

export interface Decimal {
  readonly precision: number;
  readonly scale: number;
}

/** The precision and scale of a `decimal(p,s)` type, or undefined for other types. */
export function parseDecimal(type: string): Decimal | undefined {
  const parsed = parseFieldType(type);
  return "type" in parsed && parsed.type.kind === "decimal"
    ? { precision: parsed.type.precision, scale: parsed.type.scale }
    : undefined;
}

/** Undefined when `type` is a valid field type, otherwise why not. */
export function fieldTypeProblem(type: string): string | undefined {
  const parsed = parseFieldType(type);
  return "problem" in parsed ? parsed.problem : undefined;
}

/**
 * The spelling a declaration keeps: a list or struct in its one canonical form (so a diff or a
 * lock never sees `struct<a: int>` and `struct<a:int>` as two types); other types as written.
 */
export function canonicalType(type: FieldType): FieldType {
  const tree = typeTree(type);
  return tree.kind === "list" || tree.kind === "struct" ? (formatType(tree) as FieldType) : type;
}

/** Glue's (Hive's) type, which is also Spark's `DataType.catalogString()`. */
export function glueType(type: FieldType): string {
  const glue = (t: TypeNode): string => {
    switch (t.kind) {
      case "list":
        return `array<${glue(t.element)}>`;
      case "struct":
        return `struct<${t.fields.map((f) => `${f.name}:${glue(f.type)}`).join(",")}>`;
      case "primitive":
        // Glue and Hive have no JSON type: the text is a string, which Athena's json functions read.
        return t.name === "json" ? "string" : t.name;
      default:
        return formatType(t);
    }
  };
  return glue(typeTree(type));
}

const ICEBERG: Record<PrimitiveType, string> = {
  string: "string",
  int: "int",
  bigint: "long",
  double: "double",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamp",
  json: "string",
};

/** Iceberg's JSON form of a type: a name for a primitive, an object for a list or struct. */
export type IcebergType =
  | string
  | {
      readonly type: "list";
      readonly "element-id": number;
      readonly element: IcebergType;
      readonly "element-required": false;
    }
  | {
      readonly type: "struct";
      readonly fields: readonly {
        readonly id: number;
        readonly name: string;
        readonly required: false;
        readonly type: IcebergType;
      }[];
    };

/**
 * The Iceberg type (table spec, "Schemas and Data Types", and its JSON serialization) a field is
 * stored as. Every list element and struct field needs a field id unique in the table's schema:
 * `nextId` hands them out (the caller's counter, which also numbers the top-level columns).
 */
export function icebergType(type: FieldType, nextId: () => number): IcebergType {
  const iceberg = (t: TypeNode): IcebergType => {
    switch (t.kind) {
      case "primitive":
        return ICEBERG[t.name];
      case "decimal":
        return `decimal(${t.precision}, ${t.scale})`;
      case "list":
        return {
          type: "list",
          "element-id": nextId(),
          element: iceberg(t.element),
          "element-required": false,
        };
      case "struct":
        return {
          type: "struct",
          fields: t.fields.map((f) => ({
            id: nextId(),
            name: f.name,
            required: false,
            type: iceberg(f.type),
          })),
        };
    }
  };
  return iceberg(typeTree(type));
}

/** json has no entry: its DuckDB type depends on where the value is read (duckdbTypeOf). */
const DUCKDB: Record<Exclude<PrimitiveType, "json">, string> = {
  string: "VARCHAR",
  int: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

/**
 * DuckDB's type, spelled as its C API names it (`STRUCT("a" INTEGER)[]`: every struct field quoted,
 * so a keyword such as `order` is a name); `DESCRIBE` quotes only keywords, so columns compare
 * through {@link sameDuckdbType}.
 */
export function duckdbType(type: FieldType): string {
  // JSON is built into DuckDB (no extension to load): a VARCHAR whose every value is valid JSON text.
  return duckdbTypeOf(type, "JSON");
}

/**
 * The DuckDB type of a column read back from the warehouse: a json value is stored as a string
 * (Iceberg has no JSON type), so it reads back as VARCHAR, at any depth. Inputs and a product's own
 * earlier rows are typed with it, so plan-time binding sees what the run reads.
 */
export function warehouseDuckdbType(type: FieldType): string {
  return duckdbTypeOf(type, "VARCHAR");
}

function duckdbTypeOf(type: FieldType, json: string): string {
  const duck = (t: TypeNode): string => {
    switch (t.kind) {
      case "primitive":
        return t.name === "json" ? json : DUCKDB[t.name];
      case "decimal":
        return `DECIMAL(${t.precision},${t.scale})`;
      case "list":
        return `${duck(t.element)}[]`;
      case "struct":
        return `STRUCT(${t.fields.map((f) => `"${f.name}" ${duck(f.type)}`).join(", ")})`;
    }
  };
  return duck(typeTree(type));
}

/**
 * DuckDB type strings compared for equality however their struct field names are quoted: a quoted
 * name that needs no quotes is unquoted, in both. The quoted token ends at its first lone `"`, so
 * a name with quotes, commas or spaces stays one token and cannot pass for two fields.
 */
export function sameDuckdbType(a: string, b: string): boolean {
  const plain = (s: string) =>
    s.replace(/"((?:[^"]|"")*)"/g, (quoted, name: string) =>
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoted,
    );
  return plain(a) === plain(b);
}

export function sparkType(type: FieldType): string {
  const spark = (t: TypeNode): string => {
    switch (t.kind) {
      case "primitive":
        return t.name === "string" || t.name === "json"
          ? "STRING"
          : t.name === "int"
            ? "INT"
            : DUCKDB[t.name];
      case "decimal":
        return `DECIMAL(${t.precision},${t.scale})`;
      case "list":
        return `ARRAY<${spark(t.element)}>`;
      case "struct":
        return `STRUCT<${t.fields.map((f) => `\`${f.name}\`: ${spark(f.type)}`).join(", ")}>`;
    }
  };
  return spark(typeTree(type));
}

/** JSON Schema (draft 2020-12 keywords) that one message field must satisfy. */
export function jsonSchemaType(type: FieldType): Record<string, unknown> {
  return jsonSchemaOf(typeTree(type));
}

/** Inside a list or struct a value may be null: nested fields have no `required`. */
const orNull = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });

function jsonSchemaOf(t: TypeNode): Record<string, unknown> {
  switch (t.kind) {
    case "decimal": {
      // Decimals travel as JSON numbers or, to keep exactness, as decimal strings.
      // decimal(p,p) holds only fractions: its whole part can only be 0.
      const integer = t.precision > t.scale ? `[0-9]{1,${t.precision - t.scale}}` : "0";
      const fraction = t.scale > 0 ? `(\\.[0-9]{1,${t.scale}})?` : "";
      return { type: ["number", "string"], pattern: `^-?${integer}${fraction}$` };
    }
    case "list":
      return { type: "array", items: orNull(nestedJsonSchema(t.element)) };
    case "struct":
      return {
        type: "object",
        properties: Object.fromEntries(t.fields.map((f) => [f.name, orNull(nestedJsonSchema(f.type))])),
        additionalProperties: false,
      };
    case "primitive":
      return primitiveJsonSchema(t.name);
  }
}

/**
 * A nested value's schema: a decimal also carries the bounds of a number (a top-level field's are
 * added with its rules by `contract/messageSchema.ts`).
 */
function nestedJsonSchema(t: TypeNode): Record<string, unknown> {
  const schema = jsonSchemaOf(t);
  if (t.kind !== "decimal") return schema;
  const bound = 10 ** (t.precision - t.scale);
  return { ...schema, exclusiveMinimum: -bound, exclusiveMaximum: bound };
}

function primitiveJsonSchema(type: PrimitiveType): Record<string, unknown> {
  switch (type) {
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
    case "json":
      // Any JSON value but null, which only an optional field (or a nested value) may be.
      return { type: ["object", "array", "string", "number", "boolean"] };
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
}
