/**
 * The raw-record rules of a list or struct field, in DuckDB SQL over its JSON text: whether the
 * value fits the type all the way down, and its typed value. `recordSql.ts` uses them for a field
 * whose type nests; the leaves (primitives, decimals) are its own typed values, passed in, so a
 * string inside a struct is read exactly as a string column is.
 *
 * Inside a list or struct every value may be null (nested fields carry no rules), a struct
 * refuses keys it does not declare and keys that repeat (JSON Schema's `additionalProperties:
 * false`, and what it cannot say), and a decimal must be exact as a top-level one must: a value
 * that does not fit quarantines the whole record, never a half-cast one.
 */
import type { FieldType } from "../components/declaration/types.js";
import { duckdbType, formatType, type TypeNode } from "../components/declaration/types.js";
import { literal } from "./sql.js";

/** The typed value of a primitive or decimal from its JSON text `f` (NULL unless exactly one). */
export type LeafSql = (type: FieldType, f: string) => string;

const absent = (f: string) => `(${f} IS NULL OR ${f} = 'null')`;
/** A list's elements as JSON texts (minified, as `json_extract` gives them). */
const elements = (f: string) => `CAST(json_extract(${f}, '$[*]') AS VARCHAR[])`;
/**
 * `body` over the JSON of each member of a struct, read by one call and bound to a lambda parameter
 * (member i is `s<depth>[i]`): the SQL stays linear in the type, however deep structs nest.
 */
function withMembers(
  type: Extract<TypeNode, { kind: "struct" }>,
  f: string,
  depth: number,
  body: (member: (i: number) => string) => string,
): string {
  const s = `s${depth}`;
  const paths = type.fields.map((m) => literal(`$."${m.name}"`)).join(", ");
  return `list_transform([json_extract(${f}, [${paths}])], ${s} -> ${body((i) => `${s}[${i + 1}]`)})[1]`;
}
/** Lambda parameters are named by depth, so an inner lambda never shadows an outer one. */
const param = (depth: number) => `e${depth}`;

/** SQL for the typed value of a nested type from its JSON text `f`: NULL where it does not fit. */
export function nestedTypedSql(type: TypeNode, f: string, leaf: LeafSql, depth = 0): string {
  switch (type.kind) {
    case "list": {
      const e = param(depth);
      return `CASE WHEN starts_with(${f}, '[') THEN list_transform(${elements(f)}, ${e} -> ${nestedTypedSql(type.element, e, leaf, depth + 1)}) END`;
    }
    case "struct": {
      const members = withMembers(type, f, depth, (member) => {
        const each = type.fields.map(
          (m, i) => `${literal(m.name)}: ${nestedTypedSql(m.type, member(i), leaf, depth + 1)}`,
        );
        return `{${each.join(", ")}}`;
      });
      // Cast, so a struct of all-NULL members still has the declared member types.
      return `CASE WHEN starts_with(${f}, '{') THEN CAST(${members} AS ${duckdbType(formatType(type) as FieldType)}) END`;
    }
    default:
      return leaf(formatType(type) as FieldType, f);
  }
}

/**
 * SQL, true when the JSON text `f` is null or a value of `type` all the way down. The leaves'
 * rule is the top-level one: a non-null JSON value has a typed value; a decimal's is also exact.
 */
export function nestedFitsSql(type: TypeNode, f: string, leaf: LeafSql, depth = 0): string {
  switch (type.kind) {
    case "list": {
      const e = param(depth);
      const each = `list_bool_and(list_transform(${elements(f)}, ${e} -> ${nestedFitsSql(type.element, e, leaf, depth + 1)}))`;
      return `(${absent(f)} OR (starts_with(${f}, '[') AND coalesce(${each}, true)))`;
    }
    case "struct": {
      const k = `k${depth}`;
      const keys = `json_keys(${f})`;
      const names = type.fields.map((m) => literal(m.name)).join(", ");
      const declared = `coalesce(list_bool_and(list_transform(${keys}, ${k} -> ${k} IN (${names}))), true)`;
      const once = `len(list_distinct(${keys})) = len(${keys})`;
      const members = withMembers(type, f, depth, (member) =>
        type.fields.map((m, i) => nestedFitsSql(m.type, member(i), leaf, depth + 1)).join(" AND "),
      );
      return `(${absent(f)} OR (starts_with(${f}, '{') AND ${declared} AND ${once} AND ${members}))`;
    }
    case "decimal": {
      const v = leaf(formatType(type) as FieldType, f);
      const text = `json_extract_string(${f}, '$')`;
      const whole = type.precision - type.scale;
      // The digits of a decimal string, as the JSON Schema pattern bounds them; a JSON number
      // exactly the decimal it casts to (a cast that rounds is no value).
      const digits = `-?${whole > 0 ? `[0-9]{1,${whole}}` : "0"}${type.scale > 0 ? `(\\.[0-9]{1,${type.scale}})?` : ""}`;
      return `(${absent(f)} OR (${v} IS NOT NULL AND CASE WHEN starts_with(${f}, '"') THEN regexp_full_match(${text}, ${literal(digits)}) ELSE ${v}::DOUBLE = TRY_CAST(${f} AS DOUBLE) END))`;
    }
    case "primitive":
      return `(${absent(f)} OR ${leaf(type.name, f)} IS NOT NULL)`;
  }
}

/**
 * SQL, over a JSON text `f` that does not fit `type` (see {@link nestedFitsSql}), for where the first
 * misfit is and why, as a path from the value: `[2].codes[1] is not a bigint`, `.extra is not
 * declared`; starting with a space when the value itself is not a `type`. NULL where it fits.
 */
export function nestedMisfitSql(type: TypeNode, f: string, leaf: LeafSql, depth = 0): string {
  const name = formatType(type);
  const not = ` is not ${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
  switch (type.kind) {
    case "list": {
      const e = param(depth);
      const i = `i${depth}`;
      const each = `list_filter(list_transform(${elements(f)}, (${e}, ${i}) -> '[' || ${i} || ']' || ${nestedMisfitSql(type.element, e, leaf, depth + 1)}), m -> m IS NOT NULL)[1]`;
      return `CASE WHEN ${absent(f)} THEN NULL WHEN NOT starts_with(${f}, '[') THEN ${literal(not)} ELSE ${each} END`;
    }
    case "struct": {
      const k = `k${depth}`;
      const keys = `json_keys(${f})`;
      const names = type.fields.map((m) => literal(m.name)).join(", ");
      const undeclared = `'.' || list_filter(${keys}, ${k} -> ${k} NOT IN (${names}))[1] || ' is not declared'`;
      const repeated = `'.' || list_filter(${keys}, (${k}, i) -> list_position(${keys}, ${k}) <> i)[1] || ' appears twice'`;
      const members = withMembers(type, f, depth, (member) => {
        const each = type.fields.map(
          (m, i) => `${literal(`.${m.name}`)} || ${nestedMisfitSql(m.type, member(i), leaf, depth + 1)}`,
        );
        return `coalesce(${each.join(", ")})`;
      });
      return `CASE WHEN ${absent(f)} THEN NULL WHEN NOT starts_with(${f}, '{') THEN ${literal(not)} ELSE coalesce(${undeclared}, ${repeated}, ${members}) END`;
    }
    default:
      return `CASE WHEN ${nestedFitsSql(type, f, leaf, depth)} THEN NULL ELSE ${literal(not)} END`;
  }
}

/**
 * SQL for a sample JSON value of a nested type (a list of one element, a struct with every
 * member), its leaves from `leaf` (the generator of a top-level field of that type).
 */
export function nestedSampleSql(type: TypeNode, leaf: (type: FieldType) => string): string {
  switch (type.kind) {
    case "list":
      return `json_array(${nestedSampleSql(type.element, leaf)})`;
    case "struct":
      return `json_object(${type.fields.map((m) => `${literal(m.name)}, ${nestedSampleSql(m.type, leaf)}`).join(", ")})`;
    default:
      return leaf(formatType(type) as FieldType);
  }
}
