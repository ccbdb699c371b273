/**
 * The JSON Schema (draft 2020-12) of one record on a product's ingestion topic, compiled from its
 * contract. Producers and the pipeline's extract stage validate records against it; invalid records
 * go to the dead-letter topic.
 */
import { jsonSchemaType } from "../declaration/types.js";
import type { Contract } from "./contract.js";

export type JsonSchema = Record<string, unknown>;

export function messageSchema(contract: Contract): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, field] of Object.entries(contract.schema)) {
    const base = jsonSchemaType(field.type);
    const typed: JsonSchema = {
      ...base,
      description: field.description,
      ...(field.accepted ? { enum: field.accepted } : {}),
      ...(field.min !== undefined ? { minimum: field.min } : {}),
      ...(field.max !== undefined ? { maximum: field.max } : {}),
      ...(field.pii ? { "x-pii": true } : {}),
    };
    // An optional field may be absent or null.
    properties[name] = field.required ? typed : { anyOf: [typed, { type: "null" }] };
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:datamesh:${contract.id}:${contract.version}`,
    title: `${contract.domain}/${contract.product} v${contract.version}`,
    description: contract.description,
    type: "object",
    properties,
    required: Object.entries(contract.schema)
      .filter(([, f]) => f.required)
      .map(([name]) => name),
    additionalProperties: false,
  };
}
