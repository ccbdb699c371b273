import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { domainJsonSchema } from "../../components/declaration/jsonSchema.js";

describe("schema/domain.schema.json", () => {
  it("is generated from the zod schema (run `npm run schema` after changing it)", () => {
    const committed = JSON.parse(readFileSync("schema/domain.schema.json", "utf8"));
    expect(committed).toEqual(domainJsonSchema());
  });

  it("requires what a domain team must write and leaves defaults optional", () => {
    const schema = domainJsonSchema() as { required: string[]; properties: Record<string, any> };
    expect(schema.required).toEqual(["name", "owner", "description", "dataProducts"]);
    const product = schema.properties.dataProducts.items;
    expect(product.required).toEqual([
      "name",
      "version",
      "description",
      "classification",
      "schema",
      "transform",
      "slos",
    ]);
    expect(product.properties.classification.enum).toEqual([
      "public",
      "internal",
      "confidential",
      "restricted",
    ]);
  });
});
