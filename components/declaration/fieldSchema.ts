/**
 * A field of a declared schema (a product's, or its raw records'): its name, type and quality
 * rules, as the one zod schema of the declaration (`schema.ts`) uses them.
 */
import { z } from "zod";
import { patternProblem } from "./fieldPattern.js";
import {
  canonicalType,
  FIELD_NAME,
  FIELD_NAME_RULE,
  FIELD_TYPE_CHOICES,
  type FieldType,
  fieldTypeProblem,
} from "./types.js";

/** A non-empty, trimmed text: `what` names it in the message. */
export const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${what} must not be empty` });

const FieldTypeSchema = z
  .string()
  .superRefine((type, ctx) => {
    const problem = fieldTypeProblem(type);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  // Lists and structs in their one spelling, so a diff never sees two spellings as two types.
  .transform((t) => canonicalType(t as FieldType))
  .meta({
    description: `One of ${FIELD_TYPE_CHOICES} (T any field type; lists and structs nest at most 8 deep, every nested value may be null).`,
  });

const NUMERIC_TYPES = ["int", "bigint", "double"];
const isNumeric = (type: string) => NUMERIC_TYPES.includes(type) || type.startsWith("decimal(");

/** A string length rule: a whole number of characters. */
const length = (rule: string) =>
  z
    .int({ error: `${rule} must be a whole number` })
    .min(0, { error: `${rule} must be 0 or more` })
    .optional();

/** One field of a schema: its type, description and quality rules. */
export const FieldSchema = z
  .object({
    type: FieldTypeSchema,
    description: text("description"),
    required: z.boolean().default(false).meta({ description: "Quality: the value is never null." }),
    pii: z.boolean().default(false).meta({ description: "Personally identifiable information." }),
    unique: z.boolean().default(false).meta({ description: "Quality: no two rows share a value." }),
    accepted: z
      .array(z.union([z.string(), z.number()]))
      .min(1, { error: "accepted must list at least one value" })
      .optional()
      .meta({ description: "Quality: the only values allowed." }),
    min: z.number().optional().meta({ description: "Quality: smallest value allowed (numeric fields)." }),
    max: z.number().optional().meta({ description: "Quality: largest value allowed (numeric fields)." }),
    minLength: length("minLength").meta({
      description: "Quality: fewest characters (Unicode code points) a value has (string fields).",
    }),
    maxLength: length("maxLength").meta({
      description: "Quality: most characters (Unicode code points) a value has (string fields).",
    }),
    pattern: z.string().optional().meta({
      description:
        "Quality: a regular expression every value matches somewhere (anchor it with ^…$ for the whole value), in the dialect DuckDB (RE2) and JSON Schema share: no backreferences or lookaround; at most 500 characters (string fields; not in the schema of a product whose transform runs on Spark).",
    }),
    primaryKey: z.boolean().optional().meta({
      description:
        "Part of the row's key (ODCS primaryKey): the field must also be required; a key of one field must be unique, a key of several is unique as a combination. The contract checks enforce both.",
    }),
  })
  .strict()
  .superRefine((field, ctx) => {
    if (fieldTypeProblem(field.type)) return; // reported on `type`; rules for a type need a valid one
    for (const bound of ["min", "max"] as const) {
      if (field[bound] !== undefined && !isNumeric(field.type)) {
        ctx.addIssue({
          code: "custom",
          path: [bound],
          message: `${bound} applies to numeric fields, not ${field.type}`,
        });
      }
    }
    for (const rule of ["minLength", "maxLength", "pattern"] as const) {
      if (field[rule] !== undefined && field.type !== "string") {
        ctx.addIssue({
          code: "custom",
          path: [rule],
          message: `${rule} applies to string fields, not ${field.type}`,
        });
      }
    }
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
      ctx.addIssue({
        code: "custom",
        path: ["minLength"],
        message: `minLength ${field.minLength} is greater than maxLength ${field.maxLength}`,
      });
    }
    const problem = field.pattern === undefined ? undefined : patternProblem(field.pattern);
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
    // Whether a key field must be unique depends on the other key fields: see primaryKey.ts.
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({
        code: "custom",
        path: ["min"],
        message: `min ${field.min} is greater than max ${field.max}`,
      });
    }
    if (field.accepted && !["string", "int", "bigint"].includes(field.type)) {
      ctx.addIssue({
        code: "custom",
        path: ["accepted"],
        message: `accepted values apply to string, int and bigint fields, not ${field.type}`,
      });
    }
    const wrongKind = field.accepted?.find(
      (v) => typeof v !== (field.type === "string" ? "string" : "number"),
    );
    if (wrongKind !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["accepted"],
        message: `accepted value ${JSON.stringify(wrongKind)} is not a ${field.type}`,
      });
    }
  });

/** A field's name: snake_case, at most 128 characters. */
export const fieldName = z.string().regex(FIELD_NAME, { error: FIELD_NAME_RULE });
