/** A declared list or struct field: its type spelled one way, and the value rules it cannot have refused. */
import { describe, expect, it } from "vitest";
import { FieldSchema } from "../../components/declaration/fieldSchema.js";

const issues = (field: Record<string, unknown>) => {
  const parsed = FieldSchema.safeParse({ description: "A field.", ...field });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("list and struct fields", () => {
  it("are kept in one spelling", () => {
    const parsed = FieldSchema.parse({
      type: "struct< sku : string, qty:list< int > >",
      description: "A line.",
    });
    expect(parsed.type).toBe("struct<sku:string,qty:list<int>>");
    expect(FieldSchema.parse({ type: "decimal( 9 , 2 )", description: "An amount." }).type).toBe(
      "decimal( 9 , 2 )",
    );
  });

  it.each([
    [{ type: "list<int>", min: 0 }, "min: min applies to numeric fields, not list<int>"],
    [{ type: "struct<a:int>", max: 9 }, "max: max applies to numeric fields, not struct<a:int>"],
    [{ type: "list<string>", pattern: "^a" }, "pattern: pattern applies to string fields, not list<string>"],
    [
      { type: "list<string>", maxLength: 3 },
      "maxLength: maxLength applies to string fields, not list<string>",
    ],
    [
      { type: "list<string>", accepted: ["a"] },
      "accepted: accepted values apply to string, int and bigint fields, not list<string>",
    ],
  ])("refuse a value rule that does not apply: %j", (field, message) => {
    expect(issues(field)).toContain(message);
  });

  it("allow required and unique, which apply to the whole value", () => {
    expect(issues({ type: "list<int>", required: true, unique: true })).toEqual([]);
  });

  it("name the bad part of a type", () => {
    expect(issues({ type: "struct<qty:integer>" })).toEqual([
      'type: struct field qty: expected one of string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>, got "integer"',
    ]);
  });
});

describe("json fields", () => {
  it.each([
    [{ type: "json", min: 0 }, "min: min applies to numeric fields, not json"],
    [{ type: "json", maxLength: 3 }, "maxLength: maxLength applies to string fields, not json"],
    [{ type: "json", minLength: 1 }, "minLength: minLength applies to string fields, not json"],
    [{ type: "json", pattern: "^\\{" }, "pattern: pattern applies to string fields, not json"],
    [
      { type: "json", accepted: ["a"] },
      "accepted: accepted values apply to string, int and bigint fields, not json",
    ],
  ])("refuse a value rule that does not apply: %j", (field, message) => {
    expect(issues(field)).toContain(message);
  });

  it("allow required, unique and json inside lists and structs", () => {
    expect(issues({ type: "json", required: true, unique: true })).toEqual([]);
    expect(FieldSchema.parse({ type: "list< struct<meta: json> >", description: "Events." }).type).toBe(
      "list<struct<meta:json>>",
    );
  });
});
