/**
 * One field of a declared schema (`components/declaration/fieldSchema.ts`): each rule a field may
 * carry, refused with a message that names the rule and the field's type when the type cannot
 * carry it, and nothing but the type's own problem when the type itself is wrong.
 */
import { describe, expect, it } from "vitest";
import { FieldSchema } from "../../components/declaration/fieldSchema.js";

/** Each issue as [code, path, message]; none when the field is valid. */
const issues = (field: Record<string, unknown>) => {
  const parsed = FieldSchema.safeParse({ description: "d", ...field });
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.code, i.path.join("."), i.message]);
};

describe("a field's type and description", () => {
  it("reports only the type when the type is wrong, whatever rules the field carries", () => {
    expect(issues({ type: "strin", min: 1, pattern: "(" })).toEqual([
      [
        "custom",
        "type",
        'expected one of string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>, got "strin"',
      ],
    ]);
  });

  it("needs a description with more than blanks", () => {
    expect(issues({ type: "string", description: "  " })).toEqual([
      ["too_small", "description", "description must not be empty"],
    ]);
  });

  it("defaults its rules to off", () => {
    expect(FieldSchema.parse({ type: "string", description: "d" })).toEqual({
      type: "string",
      description: "d",
      required: false,
      pii: false,
      unique: false,
    });
  });
});

describe("a field's bounds", () => {
  it("apply to every numeric type, a bound equal to the other included", () => {
    for (const type of ["int", "bigint", "double", "decimal(10,2)"]) {
      expect(issues({ type, min: 0, max: 0 }), type).toEqual([]);
    }
  });

  it("are refused on other types and when min is above max", () => {
    expect(issues({ type: "string", min: 1 })).toEqual([
      ["custom", "min", "min applies to numeric fields, not string"],
    ]);
    expect(issues({ type: "date", max: 1 })).toEqual([
      ["custom", "max", "max applies to numeric fields, not date"],
    ]);
    expect(issues({ type: "int", min: 5, max: 3 })).toEqual([
      ["custom", "min", "min 5 is greater than max 3"],
    ]);
  });
});

describe("a field's string rules", () => {
  it("are refused on other types, and lengths that are not whole, not 0 or more, or crossed", () => {
    expect(issues({ type: "int", minLength: 1, maxLength: 2, pattern: "a" })).toEqual([
      ["custom", "minLength", "minLength applies to string fields, not int"],
      ["custom", "maxLength", "maxLength applies to string fields, not int"],
      ["custom", "pattern", "pattern applies to string fields, not int"],
    ]);
    expect(issues({ type: "string", minLength: 1.5, maxLength: -1 })).toEqual([
      ["invalid_type", "minLength", "minLength must be a whole number"],
      ["too_small", "maxLength", "maxLength must be 0 or more"],
    ]);
    expect(issues({ type: "string", minLength: 4, maxLength: 3 })).toEqual([
      ["custom", "minLength", "minLength 4 is greater than maxLength 3"],
    ]);
    expect(issues({ type: "string", minLength: 3, maxLength: 3 })).toEqual([]);
    expect(issues({ type: "string", minLength: 3 })).toEqual([]);
  });

  it("refuse a pattern that is no regular expression, at the pattern", () => {
    expect(issues({ type: "string", pattern: "(a" })).toEqual([
      [
        "custom",
        "pattern",
        "pattern is not a valid regular expression for JSON Schema validators: Invalid regular expression: /(a/u: Unterminated group",
      ],
    ]);
  });
});

describe("a field's accepted values", () => {
  it("list at least one value of the field's own kind, on strings and whole numbers only", () => {
    expect(issues({ type: "string", accepted: ["a"] })).toEqual([]);
    expect(issues({ type: "int", accepted: [1] })).toEqual([]);
    expect(issues({ type: "bigint", accepted: [1] })).toEqual([]);
    expect(issues({ type: "string", accepted: [] })).toEqual([
      ["too_small", "accepted", "accepted must list at least one value"],
    ]);
    expect(issues({ type: "double", accepted: [1] })).toEqual([
      ["custom", "accepted", "accepted values apply to string, int and bigint fields, not double"],
    ]);
    expect(issues({ type: "int", accepted: [1, "a"] })).toEqual([
      ["custom", "accepted", 'accepted value "a" is not a int'],
    ]);
    expect(issues({ type: "string", accepted: ["a", 1] })).toEqual([
      ["custom", "accepted", "accepted value 1 is not a string"],
    ]);
  });
});
