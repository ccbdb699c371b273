/**
 * A product's primary key (ODCS `primaryKey`): the fields marked `primaryKey: true`, in field
 * order. One field is a key when it is required and unique on its own, as it always was; several
 * are one key together (ODCS: several properties with `primaryKey`): each is required, and the
 * runner enforces that no two rows share the combination (`runner/enforce.ts`).
 */
import type { z } from "zod";
import type { FieldSchema } from "./fieldSchema.js";

type Field = Pick<z.output<typeof FieldSchema>, "required" | "unique" | "primaryKey">;

/** The key's fields, in field order; empty when the schema has no key. */
export const primaryKeyOf = (schema: Readonly<Record<string, Pick<Field, "primaryKey">>>): string[] =>
  Object.keys(schema).filter((name) => schema[name]!.primaryKey === true);

/**
 * Why the key of `schema` is not one the checks enforce; paths are relative to the schema's parent
 * (`at`: `["schema"]` or `["ingestion", "schema"]`). `engine` spark refuses a composite key: the
 * Spark driver does not check a combination.
 */
export function primaryKeyProblems(
  schema: Readonly<Record<string, Field>>,
  at: readonly string[],
  engine?: string,
): { path: string[]; message: string }[] {
  const key = primaryKeyOf(schema);
  if (key.length === 1) {
    const field = schema[key[0]!]!;
    return field.required && field.unique
      ? []
      : [
          {
            path: [...at, key[0]!, "primaryKey"],
            message: "a primary key field must also be required: true and unique: true",
          },
        ];
  }
  const problems = key
    .filter((name) => !schema[name]!.required)
    .map((name) => ({
      path: [...at, name, "primaryKey"],
      message: `a field of the composite primary key (${key.join(", ")}) must also be required: true; the combination is what is unique`,
    }));
  if (key.length > 1 && engine === "spark") {
    problems.push({
      path: [...at, key[0]!, "primaryKey"],
      message: `a composite primary key (${key.join(", ")}) is checked by the duckdb runner only; a Spark transform does not check it yet`,
    });
  }
  return problems;
}
