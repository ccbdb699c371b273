/**
 * ODCS `object` and `array` properties as mesh `struct<…>` and `list<…>` types, recursively: an
 * object's `properties` become the struct's fields (snake_cased), an array's `items` its element.
 * Inside a list or struct the mesh keeps types only (every nested value may be null), so a nested
 * property's own rules (required, unique, bounds, quality) are named in a warning; a nested
 * property marked as personal data makes the whole column personal data.
 *
 * A property whose shape is not declared (an object without properties, an array without items, a
 * map, whose keys are data) is a mesh `json` value, with a warning that its shape is not checked;
 * `physicalType: json`, which the export writes for `json`, is one silently.
 */

import {
  FIELD_NAME,
  FIELD_NAME_RULE,
  type FieldType,
  fieldTypeProblem,
  MAX_TYPE_DEPTH,
} from "../../declaration/types.js";
import { child } from "./errors.js";
import { ignoredFields } from "./ignored.js";
import { toSnakeCase } from "./names.js";
import { type Declared, meshTypeOf } from "./types.js";

type Obj = Record<string, unknown>;

export interface NestedContext {
  readonly warnings: string[];
  /** Whether a property is marked as personal data, as a top-level property is read. */
  readonly pii: (prop: Obj, base: string) => boolean;
  /** Reads a property's classification into the product's, as a top-level property's is. */
  readonly classification: (prop: Obj, at: string) => void;
  /** `precision`/`scale` custom properties of a bare decimal, as a top-level property is read. */
  readonly precision: (prop: Obj) => Declared | undefined;
}

export type NestedReading =
  | { readonly type: FieldType; readonly pii: boolean }
  | { readonly problem: string; readonly path: string };

/** Keys of a nested property the reading uses; the rest are warned about as ignored. */
const HANDLED = [
  "name",
  "logicalType",
  "physicalType",
  "description",
  "properties",
  "items",
  "classification",
  "customProperties",
  "tags",
];
/** Rules a nested property may carry that the mesh does not check inside a list or struct. */
const RULES = ["required", "unique", "primaryKey", "primaryKeyPosition", "quality"];

class NestedProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A map's keys are data, not declared fields: read as a struct, its values would be lost. */
const isMap = (prop: Obj) => /^\s*map\b/i.test(String(prop.physicalType ?? ""));
/** The source system's JSON type: the shape is the data's own. */
const JSON_PHYSICAL = /^\s*jsonb?\s*$/i;

export const isNestedProperty = (prop: Obj) =>
  prop.logicalType === "object" ||
  prop.logicalType === "array" ||
  (prop.logicalType === undefined && isMap(prop));

/** Why a property's shape is undeclared (so it is read as `json`), or undefined when it is declared. */
function undeclaredShape(prop: Obj): string | undefined {
  if (isMap(prop)) return `a map (physicalType ${prop.physicalType})`;
  if (prop.logicalType === "array") {
    const items = prop.items;
    return items === undefined || items === null || typeof items !== "object"
      ? "an array without items"
      : undefined;
  }
  const members = prop.properties;
  return !Array.isArray(members) || members.length === 0 ? "an object without properties" : undefined;
}

/**
 * The mesh type of an `object` or `array` property at `base` (its ODCS path), or the problem and
 * the path of the nested part that has none.
 */
export function readNestedType(prop: Obj, base: string, ctx: NestedContext, label = base): NestedReading {
  const state = { pii: false };
  try {
    const type = nestedType(prop, base, label, ctx, state, 0);
    const problem = fieldTypeProblem(type);
    if (problem) return { path: base, problem };
    return { type: type as FieldType, pii: state.pii };
  } catch (e) {
    if (e instanceof NestedProblem) return { path: e.path, problem: e.message };
    throw e;
  }
}

/** The type of an object or array property at `base` (named `label` in warnings). */
function nestedType(
  prop: Obj,
  base: string,
  label: string,
  ctx: NestedContext,
  state: { pii: boolean },
  depth: number,
): string {
  const undeclared = undeclaredShape(prop);
  if (undeclared !== undefined) {
    // A map's keys are data: no struct declares them, so there is no type to suggest.
    const unchecked = isMap(prop)
      ? "its keys and values are not checked (the mesh has no map type)"
      : `its shape is not checked; declare a ${prop.logicalType === "array" ? "list<…>" : "struct<…>"} to have it checked`;
    if (!JSON_PHYSICAL.test(String(prop.physicalType ?? "")))
      ctx.warnings.push(`${label}: ${undeclared} imported as json: ${unchecked}`);
    return "json";
  }
  // A json value is a leaf; a declared list or struct is one more level, refused here, at the
  // part that goes too deep, before the recursion goes deeper still.
  if (depth >= MAX_TYPE_DEPTH)
    throw new NestedProblem(base, `nests objects and arrays deeper than ${MAX_TYPE_DEPTH} levels`);
  if (prop.logicalType === "array") {
    const items = prop.items as Obj;
    const at = child(base, "items");
    return `list<${memberType(items, at, at, ctx, state, depth + 1)}>`;
  }
  const members = prop.properties as Obj[];
  const names = new Set<string>();
  const fields = members.map((member, i) => {
    const original = String(member.name);
    const at = child(child(base, "properties"), i);
    const name = toSnakeCase(original);
    if (!FIELD_NAME.test(name)) throw new NestedProblem(`${at} (${original})`, FIELD_NAME_RULE);
    if (names.has(name))
      throw new NestedProblem(`${at} (${original})`, `is ${name} once snake_cased, like an earlier property`);
    names.add(name);
    if (name !== original)
      ctx.warnings.push(`${at} (${original}): renamed to ${name} (mesh field names are snake_case)`);
    return `${name}:${memberType(member, at, `${at} (${original})`, ctx, state, depth + 1)}`;
  });
  return `struct<${fields.join(",")}>`;
}

/** The type of a struct field or list element (at `base`, named `label`), its rules named as ignored. */
function memberType(
  member: Obj,
  base: string,
  label: string,
  ctx: NestedContext,
  state: { pii: boolean },
  depth: number,
): string {
  state.pii ||= ctx.pii(member, base);
  ctx.classification(member, base);
  const rules = RULES.filter((r) => {
    const v = member[r];
    return v !== undefined && v !== false && v !== -1 && !(Array.isArray(v) && v.length === 0);
  });
  const options = { ...((member.logicalTypeOptions as Obj | undefined) ?? {}) };
  // An integer's or number's format chooses its type: read with it, not a rule.
  const format =
    member.logicalType === "integer" || member.logicalType === "number" ? options.format : undefined;
  if (format !== undefined) delete options.format;
  if (Object.keys(options).length > 0)
    rules.push(...Object.keys(options).map((k) => `logicalTypeOptions.${k}`));
  if (rules.length > 0) {
    ctx.warnings.push(
      `${label}: ${rules.join(", ")} ignored: fields inside a list or struct carry no rules in the mesh (any nested value may be null)`,
    );
  }
  ctx.warnings.push(...ignoredFields(member, [...HANDLED, ...RULES, "logicalTypeOptions"], base));
  if (isNestedProperty(member)) return nestedType(member, base, label, ctx, state, depth);
  const reading = meshTypeOf(
    member.logicalType as string | undefined,
    format as string | undefined,
    member.physicalType as string | undefined,
    ctx.precision(member),
  );
  if ("problem" in reading) throw new NestedProblem(label, reading.problem);
  if (reading.warning) ctx.warnings.push(`${label}: ${reading.warning}`);
  return reading.type;
}
