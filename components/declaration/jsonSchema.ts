import { z } from "zod";
import { DomainSchema } from "./schema.js";

/** The JSON Schema of what a domain team writes (defaults optional), derived from the zod schema. */
export function domainJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(DomainSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://datamesh.dev/schema/domain.schema.json",
    title: "Data mesh domain declaration",
  };
}
