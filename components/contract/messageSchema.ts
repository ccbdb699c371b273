/**
 * The JSON Schema (draft 2020-12) of one raw record on a product's ingestion topic, compiled from
 * its raw schema (`RawRecords`). Producers validate records against it; the extract stage applies
 * the same rules in SQL (`runner/recordSql.ts`; a test holds the two equal on crafted records).
 *
 * What JSON Schema cannot say, so only the extract stage checks it:
 * - a key that appears twice in one object (JSON parsers keep one of them);
 * - a decimal's scale and range when written as a JSON number (`multipleOf` is imprecise for
 *   binary floats; the string pattern is exact), and `min`/`max` of a decimal written as a string;
 * - integers past ±2^53 for bigint (JavaScript numbers lose them), and `1.0` for an integer type
 *   (the extract stage wants an integer literal; a parsed `1.0` is indistinguishable from `1`);
 * - leap seconds (`23:59:60` passes `date-time`; DuckDB cannot store them, so the stage rejects them);
 * - the few places ECMA-262 and RE2 read one `pattern` differently (`\s`, `.` on `\r`: see
 *   `declaration/fieldPattern.ts`): the stage's RE2 decides.
 */
import type { RawRecords } from "../declaration/productModel.js";
import { jsonSchemaType, parseDecimal } from "../declaration/types.js";
import type { Contract } from "./contract.js";

export type JsonSchema = Record<string, unknown>;

/** How the schema names itself: the product version the topic carries. */
export type MessageSchemaId = Pick<Contract, "id" | "version" | "domain" | "product" | "description">;

export function messageSchema(raw: RawRecords, id: MessageSchemaId): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, field] of Object.entries(raw.schema)) {
    const base = jsonSchemaType(field.type);
    const decimal = parseDecimal(field.type);
    // A decimal written as a number: its whole part within the precision (exclusive bounds).
    const bound = decimal ? 10 ** (decimal.precision - decimal.scale) : undefined;
    const typed: JsonSchema = {
      ...base,
      ...(bound !== undefined ? { exclusiveMinimum: -bound, exclusiveMaximum: bound } : {}),
      description: field.description,
      ...(field.accepted ? { enum: field.accepted } : {}),
      ...(field.min !== undefined ? { minimum: field.min } : {}),
      ...(field.max !== undefined ? { maximum: field.max } : {}),
      ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
      ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
      ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
      ...(field.pii ? { "x-pii": true } : {}),
    };
    // An optional field may be absent or null.
    properties[name] = field.required ? typed : { anyOf: [typed, { type: "null" }] };
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:datamesh:${id.id}:${id.version}`,
    title: `${id.domain}/${id.product} v${id.version}`,
    description: id.description,
    type: "object",
    properties,
    required: Object.entries(raw.schema)
      .filter(([, f]) => f.required)
      .map(([name]) => name),
    // "drop": undeclared fields are dropped by the extract stage, so a record may carry them.
    additionalProperties: raw.unknownFields === "drop",
  };
}
