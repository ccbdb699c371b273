/**
 * A product's raw schema compiled to DuckDB SQL over raw NDJSON lines (`line VARCHAR`): the
 * problems that keep a record out of staging (the same rules as `messageSchema()` where JSON
 * Schema can say them; a test holds the two equal on crafted records), the typed values of a
 * valid record, and deterministic sample records. Validation runs inside DuckDB so records stream
 * through it: JavaScript never holds a table.
 *
 * The typed value of each field is computed first (NULL when the text cannot be one exactly), and
 * a record is valid only when every non-null JSON value gave a non-null typed value: a staged
 * record can never carry a NULL its JSON did not say, nor a value it did not say (nothing is
 * rounded, clamped or truncated; `0.005` for `decimal(12,2)` is a problem, not `0.01`).
 */
import { emptyStagingSql as emptyStaging } from "../components/contract/sql.js";
import type { RawRecords } from "../components/declaration/productModel.js";
import type { Field } from "../components/declaration/schema.js";
import { duckdbType, type FieldType, parseDecimal, typeTree } from "../components/declaration/types.js";
import { nestedFitsSql, nestedMisfitSql, nestedSampleSql, nestedTypedSql } from "./nestedRecordSql.js";
import { ident, jsonPath, literal, value } from "./sql.js";

export type RawSchema = Readonly<Record<string, Field>>;

/** `YYYY-MM-DD`, year 0001 or later (DuckDB's own cast accepts year 0 and rejects Feb 30). */
const ISO_DATE = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
/** RFC 3339 date-time with an offset, hours 00–23, at most microseconds (DuckDB's precision). */
const RFC3339 = `${ISO_DATE}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])`;
/** The JSON Schema patterns of the same rules (ECMAScript: the year-0 rule is a look-ahead). */
export const DATE_PATTERN = `^(?!0000)${ISO_DATE}$`;
export const TIMESTAMP_PATTERN = `^(?!0000)${RFC3339}$`;

/** One problem of a record: a short stable kind, the offending value (JSON text) and the reason. */
export const problemSql = (kind: string, valueSql: string, reasonSqlText: string) =>
  `{'kind': ${literal(kind)}, 'value': ${valueSql}, 'reason': ${reasonSqlText}}`;
const NO_VALUE = "NULL::VARCHAR";

/**
 * The columns every check reads, each line parsed by one JSON call for its values: the JSON text of
 * every declared field (`field_json[i]`, in schema order; NULL when absent), its keys (`line_keys`,
 * duplicates kept, a second call), and whether it is an object. Invalid JSON gives NULL lists
 * (`TRY`), so one malformed line never fails the batch. Other columns of `rawLines` pass through.
 */
export function parsedLinesSql(schema: RawSchema, rawLines: string): string {
  const paths = `[${Object.keys(schema).map(jsonPath).join(", ")}]`;
  return `SELECT *, ltrim(line, ' \t\r\n') LIKE '{%' AS line_is_object,
    TRY(json_extract(line, ${paths})) AS field_json,
    TRY(json_keys(line)) AS line_keys
  FROM (${rawLines})`;
}

const kinds = (f: string) => ({
  absent: `(${f} IS NULL OR ${f} = 'null')`,
  string: `starts_with(${f}, '"')`,
  boolean: `${f} IN ('true', 'false')`,
  // Anything else that is not an object or array: yyjson's numbers, NaN and ±Infinity included.
  number: `NOT (starts_with(${f}, '"') OR ${f} IN ('true', 'false') OR starts_with(${f}, '{') OR starts_with(${f}, '['))`,
});

/** A list or struct: its tree, which `nestedRecordSql.ts` walks; undefined for other types. */
const nestedTree = (type: FieldType) => {
  const tree = typeTree(type);
  return tree.kind === "list" || tree.kind === "struct" ? tree : undefined;
};

/** The SQL of one field's typed value from its JSON text `f` (NULL unless it is exactly one). */
function typedValueSql(fieldType: FieldType, f: string): string {
  const nested = nestedTree(fieldType);
  if (nested) return nestedTypedSql(nested, f, typedValueSql);
  const k = kinds(f);
  const text = `json_extract_string(${f}, '$')`;
  const decimal = parseDecimal(fieldType);
  if (decimal) {
    const type = duckdbType(fieldType);
    return `CASE WHEN ${k.string} AND regexp_full_match(${text}, '-?[0-9]+(\\.[0-9]+)?') THEN TRY_CAST(${text} AS ${type})
      WHEN ${k.number} THEN TRY_CAST(${f} AS ${type}) END`;
  }
  switch (fieldType) {
    case "json":
      // Any JSON value, as the minified text json_extract gives; JSON null is no value.
      return `CASE WHEN NOT ${k.absent} THEN CAST(${f} AS JSON) END`;
    case "string":
      return `CASE WHEN ${k.string} THEN ${text} END`;
    case "boolean":
      return `CASE ${f} WHEN 'true' THEN true WHEN 'false' THEN false END`;
    case "int":
    case "bigint":
      return `CASE WHEN regexp_full_match(${f}, '-?(0|[1-9][0-9]*)') THEN TRY_CAST(${f} AS ${duckdbType(fieldType)}) END`;
    case "double":
      return `CASE WHEN ${k.number} AND isfinite(TRY_CAST(${f} AS DOUBLE)) THEN TRY_CAST(${f} AS DOUBLE) END`;
    case "date":
      return `CASE WHEN ${k.string} AND regexp_full_match(${text}, ${literal(ISO_DATE)}) AND NOT starts_with(${text}, '0000') THEN TRY_CAST(${text} AS DATE) END`;
    default:
      // Timestamps are stored in UTC, whatever offset the record carried (DuckDB without ICU works in UTC).
      return `CASE WHEN ${k.string} AND regexp_full_match(${text}, ${literal(RFC3339)}) AND NOT starts_with(${text}, '0000') THEN TRY_CAST(TRY_CAST(upper(${text}) AS TIMESTAMPTZ) AS TIMESTAMP) END`;
  }
}

/**
 * SQL, over {@link parsedLinesSql}, for the typed columns of a record, named and typed as the raw
 * schema says: the exact value, or NULL when there is none (absent, null, or not exactly one).
 */
export function typedColumnsSql(schema: RawSchema): string {
  return Object.entries(schema)
    .map(([name, field], i) => `${typedValueSql(field.type, `field_json[${i + 1}]`)} AS ${ident(name)}`)
    .join(",\n  ");
}

/**
 * A value as it goes in a reason: its JSON text, shortened when long. As text: typed JSON, the
 * shortened value would be parsed back as JSON and fail the whole batch.
 */
const shown = (f: string) =>
  `CASE WHEN length(${f}) > 80 THEN left(${f}::VARCHAR, 77) || '...' ELSE ${f}::VARCHAR END`;

/** One field's problem (a struct, or NULL), given its JSON text `f` and its typed column `v`. */
function fieldProblem(name: string, field: Field, f: string, v: string): string {
  const k = kinds(f);
  const says = (kind: string, message: string) =>
    problemSql(kind, f, `${literal(`${name}: `)} || ${shown(f)} || ${literal(` ${message}`)}`);
  const checks: string[] = [];
  checks.push(
    `WHEN ${k.absent} THEN ${field.required ? problemSql("missing required field", NO_VALUE, literal(`${name}: required`)) : "NULL"}`,
  );
  const type = field.type;
  const decimal = parseDecimal(type);
  const outOfRange = says("out of range", `is out of range for ${type}`);
  const nested = nestedTree(type);
  if (nested) {
    // The whole value, then where inside it the first part that does not fit is, and why.
    const misfit = nestedMisfitSql(nested, f, typedValueSql);
    const reason = `${literal(`${name}: `)} || ${shown(f)} || ${literal(` is not a ${type}`)} || coalesce(CASE WHEN starts_with(${misfit}, ' ') THEN '' ELSE ${literal(`: ${name}`)} || ${misfit} END, '')`;
    checks.push(
      // Unknown (NULL) counts as not fitting: a value is staged only when it is known to fit.
      `WHEN NOT coalesce(${nestedFitsSql(nested, f, typedValueSql)}, false) THEN ${problemSql("wrong type", f, reason)}`,
    );
  } else if (decimal) {
    const text = `json_extract_string(${f}, '$')`;
    const whole = decimal.precision - decimal.scale;
    checks.push(`WHEN NOT (${k.string} OR ${k.number}) THEN ${says("wrong type", `is not a ${type}`)}`);
    checks.push(
      `WHEN ${k.string} AND NOT regexp_full_match(${text}, '-?[0-9]+(\\.[0-9]+)?') THEN ${says("wrong type", "is not a decimal number")}`,
    );
    const places = says(
      "too many decimal places",
      `has more than ${decimal.scale} decimal places for ${type}`,
    );
    // Written as a string: the digits themselves (leading zeros count, as in the JSON Schema pattern).
    checks.push(
      `WHEN ${k.string} AND length(split_part(${text}, '.', 2)) > ${decimal.scale} THEN ${places}`,
      `WHEN ${k.string} AND length(ltrim(split_part(${text}, '.', 1), '-')) > ${Math.max(whole, 1)} THEN ${outOfRange}`,
      `WHEN ${k.string} AND ${whole} = 0 AND ltrim(split_part(${text}, '.', 1), '-') <> '0' THEN ${outOfRange}`,
    );
    // Written as a JSON number (a double, as JSON parsers read it): finite, in range, and exactly
    // the decimal it casts to — a cast that rounds is a problem, never a staged value.
    checks.push(
      `WHEN ${k.number} AND NOT coalesce(isfinite(TRY_CAST(${f} AS DOUBLE)), false) THEN ${outOfRange}`,
      `WHEN ${k.number} AND ${v} IS NULL THEN ${outOfRange}`,
      `WHEN ${k.number} AND ${v}::DOUBLE <> TRY_CAST(${f} AS DOUBLE) THEN ${places}`,
    );
  } else {
    switch (type) {
      case "json":
        break; // any JSON value is one
      case "string":
        checks.push(`WHEN NOT ${k.string} THEN ${says("wrong type", "is not a string")}`);
        break;
      case "boolean":
        checks.push(`WHEN NOT ${k.boolean} THEN ${says("wrong type", "is not a boolean")}`);
        break;
      case "int":
      case "bigint":
        checks.push(
          `WHEN NOT ${k.number} THEN ${says("wrong type", `is not an integer`)}`,
          `WHEN ${f} IN ('NaN', 'Infinity', '-Infinity') OR NOT coalesce(isfinite(TRY_CAST(${f} AS DOUBLE)), false) THEN ${outOfRange}`,
          `WHEN NOT regexp_full_match(${f}, '-?(0|[1-9][0-9]*)') THEN ${says("wrong type", "is not an integer")}`,
          `WHEN ${v} IS NULL THEN ${outOfRange}`,
        );
        break;
      case "double":
        checks.push(
          `WHEN NOT ${k.number} THEN ${says("wrong type", "is not a number")}`,
          `WHEN ${v} IS NULL THEN ${outOfRange}`,
        );
        break;
      case "date":
        checks.push(
          `WHEN NOT ${k.string} THEN ${says("wrong type", "is not a date string (YYYY-MM-DD)")}`,
          `WHEN ${v} IS NULL THEN ${says("invalid date", "is not a valid date")}`,
        );
        break;
      default:
        checks.push(
          `WHEN NOT ${k.string} THEN ${says("wrong type", "is not a timestamp string (RFC 3339)")}`,
          `WHEN ${v} IS NULL THEN ${says("invalid timestamp", "is not a valid timestamp")}`,
        );
    }
  }
  // The guarantee, whatever the rules above missed: a non-null JSON value has a typed value.
  checks.push(`WHEN ${v} IS NULL THEN ${says("unreadable value", `cannot be stored as ${type}`)}`);
  if (field.accepted) {
    const list = field.accepted.map(value).join(", ");
    checks.push(
      `WHEN ${v} NOT IN (${list}) THEN ${says("not an accepted value", `is not one of the accepted values (${field.accepted.join(", ")})`)}`,
    );
  }
  if (field.min !== undefined)
    checks.push(
      `WHEN ${v} < ${field.min} THEN ${says("below minimum", `is below the minimum ${field.min}`)}`,
    );
  if (field.max !== undefined)
    checks.push(
      `WHEN ${v} > ${field.max} THEN ${says("above maximum", `is above the maximum ${field.max}`)}`,
    );
  if (field.minLength !== undefined)
    checks.push(
      `WHEN length(${v}) < ${field.minLength} THEN ${says("too short", `is shorter than ${field.minLength} characters`)}`,
    );
  if (field.maxLength !== undefined)
    checks.push(
      `WHEN length(${v}) > ${field.maxLength} THEN ${says("too long", `is longer than ${field.maxLength} characters`)}`,
    );
  if (field.pattern !== undefined)
    checks.push(
      `WHEN NOT regexp_matches(${v}, ${literal(field.pattern)}) THEN ${says("pattern mismatch", `does not match the pattern ${field.pattern}`)}`,
    );
  return `CASE ${checks.join("\n      ")} ELSE NULL END`;
}

/** The `staging` relation when nothing has been staged yet, in DuckDB's dialect. */
export const emptyStagingSql = (schema: RawSchema) => emptyStaging({ schema }, { ident, type: duckdbType });

/**
 * SQL, over {@link parsedLinesSql} and {@link typedColumnsSql} (its typed columns named as the
 * fields), for the problems of a line: a list of `{kind, value, reason}` structs, empty when the
 * line is a valid record. A line over `raw.maxRecordBytes` bytes is only that problem.
 */
export function problemsSql(raw: RawRecords): string {
  const names = Object.keys(raw.schema);
  const perField = Object.entries(raw.schema).map(([name, field], i) =>
    fieldProblem(name, field, `field_json[${i + 1}]`, ident(name)),
  );
  // Each duplicated key once, in the order it first repeats.
  const repeats = `list_filter(line_keys, (key, i) -> list_position(line_keys, key) <> i)`;
  const duplicated = `list_filter(${repeats}, (key, i) -> list_position(${repeats}, key) = i)`;
  const duplicates = `list_transform(${duplicated}, key -> ${problemSql(
    "duplicate field",
    NO_VALUE,
    `key || ': appears ' || CASE len(list_filter(line_keys, x -> x = key)) WHEN 2 THEN 'twice' ELSE len(list_filter(line_keys, x -> x = key)) || ' times' END || ' in the record'`,
  )})`;
  const undeclared = `list_filter(line_keys, key -> key NOT IN (${names.map(literal).join(", ")}))`;
  const unknown =
    raw.unknownFields === "reject"
      ? ` || CASE WHEN len(${undeclared}) > 0 THEN [${problemSql("undeclared field", NO_VALUE, `'undeclared field(s): ' || array_to_string(list_filter(${undeclared}, (key, i) -> list_position(${undeclared}, key) = i), ', ')`)}] ELSE [] END`
      : "";
  return `CASE
    WHEN strlen(line) > ${raw.maxRecordBytes} THEN [${problemSql("record too long", NO_VALUE, `'the record is ' || strlen(line) || ' bytes, over the limit of ${raw.maxRecordBytes}'`)}]
    WHEN field_json IS NULL OR line_keys IS NULL THEN [${problemSql("not valid JSON", NO_VALUE, "'not valid JSON'")}]
    WHEN NOT line_is_object THEN [${problemSql("not a JSON object", NO_VALUE, "'not a JSON object'")}]
    ELSE list_filter([${perField.join(",\n    ")}], p -> p IS NOT NULL) || ${duplicates}${unknown}
  END`;
}

/**
 * SQL, over {@link parsedLinesSql} with {@link typedColumnsSql}, for why a line breaks the raw
 * schema: '' when it is a valid record, else its problems' reasons joined by '; '.
 */
export function reasonSql(raw: RawRecords): string {
  return `coalesce(array_to_string(list_transform(${problemsSql(raw)}, p -> p.reason), '; '), '')`;
}

/** `rawLines` checked: its columns, the typed columns and `problems` (see {@link problemsSql}). */
export function checkedLinesSql(raw: RawRecords, rawLines: string): string {
  return `SELECT *, ${problemsSql(raw)} AS problems FROM (
    SELECT *, ${typedColumnsSql(raw.schema)} FROM (${parsedLinesSql(raw.schema, rawLines)}))`;
}

/**
 * SQL yielding `rows` deterministic raw lines (`line`) that honour the raw schema, for seed `seed`:
 * the same seed always gives the same records. Unique fields count up; accepted values, ranges and
 * optionality are respected, so generated records pass validation.
 */
export function generatedLinesSql(schema: RawSchema, rows: number, seed: number): string {
  const h = (name: string, salt = "") => `hash(${seed}, i, ${literal(name + salt)})`;
  const entries = Object.entries(schema).map(([name, field]) => {
    const pick = (expression: string) =>
      field.required ? expression : `CASE WHEN ${h(name, "#null")} % 10 = 0 THEN NULL ELSE ${expression} END`;
    return `${literal(name)}, ${pick(generatedValue(name, field, h(name), rows))}`;
  });
  return `SELECT CAST(json_object(${entries.join(", ")}) AS VARCHAR) AS line FROM range(${rows}) AS t(i)`;
}

function generatedValue(name: string, field: Field, h: string, rows: number): string {
  const nested = nestedTree(field.type);
  if (nested)
    return nestedSampleSql(nested, (type) =>
      generatedValue(name, { ...field, type, unique: false }, h, rows),
    );
  if (field.accepted)
    return `${`[${field.accepted.map(value).join(", ")}]`}[1 + (${h} % ${field.accepted.length})::BIGINT]`;
  const lo = field.min ?? 0;
  const hi = field.max ?? (field.min !== undefined ? field.min + 10_000 : 10_000);
  const decimal = parseDecimal(field.type);
  if (decimal) {
    const scale = 10 ** decimal.scale;
    const span = Math.min(Math.max(hi - lo, 0), 10 ** (decimal.precision - decimal.scale) - 1);
    return `CAST(${lo} + (${h} % ${Math.floor(span * scale) + 1})::BIGINT / ${scale} AS VARCHAR)`;
  }
  switch (field.type) {
    case "json":
      return `json_object('n', ${h} % 1000)`;
    case "string": {
      // Unique keys count up; others take one of a bounded set of values, so joins find partners.
      let text = field.unique
        ? `${literal(`${name}-`)} || i`
        : `${literal(`${name}-`)} || (${h} % ${Math.max(1, Math.min(rows, 1000))})`;
      // Within the length rules: padded, and cut from the left to keep the part that counts up.
      // (A pattern's values cannot be generated: records of a field with one may be quarantined.)
      if (field.minLength !== undefined)
        text = `(${text}) || repeat('x', greatest(0, ${field.minLength} - length(${text})))`;
      if (field.maxLength !== undefined) text = `right(${text}, ${field.maxLength})`;
      return text;
    }
    case "int":
    case "bigint":
      return field.unique ? `${lo} + i` : `${lo} + (${h} % ${Math.max(1, Math.floor(hi - lo) + 1)})::BIGINT`;
    case "double":
      return `${lo} + (${h} % 1000000)::DOUBLE / 1000000 * ${hi - lo}`;
    case "boolean":
      return `${h} % 2 = 0`;
    case "date":
      return `strftime(DATE '2026-01-01' + (${h} % 365)::INTEGER, '%Y-%m-%d')`;
    default:
      return `strftime(TIMESTAMP '2026-01-01' + to_seconds((${h} % 31536000)::BIGINT), '%Y-%m-%dT%H:%M:%SZ')`;
  }
}
