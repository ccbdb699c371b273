/**
 * A product's contract compiled to DuckDB SQL over raw NDJSON lines (`line VARCHAR`): the reasons a
 * record breaks the message schema (the same rules as `messageSchema()`, which a test holds equal on
 * crafted records), the typed values of a valid record, and deterministic sample records.
 * Validation runs inside DuckDB so records stream through it: JavaScript never holds a table.
 */
import type { Contract } from "../components/contract/contract.js";
import { emptyStagingSql as emptyStaging } from "../components/contract/sql.js";
import type { Field } from "../components/declaration/schema.js";
import { duckdbType, parseDecimal } from "../components/declaration/types.js";
import { ident, jsonPath, literal, value } from "./sql.js";

const INTEGER_JSON = "('BIGINT', 'UBIGINT')";
const NUMBER_JSON = "('BIGINT', 'UBIGINT', 'DOUBLE')";
const RFC3339 = literal("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|z|[+-]\\d{2}:\\d{2})$");
const ISO_DATE = literal("^\\d{4}-\\d{2}-\\d{2}$");

/**
 * The columns every check reads, each line parsed once: its JSON types and texts at every field's
 * path (`field_types[i]`, `field_texts[i]`, in schema order) and its keys. Calling a JSON function per field and check
 * would parse each line dozens of times.
 */
export function parsedLinesSql(contract: Contract, rawLines: string): string {
  const paths = `[${Object.keys(contract.schema).map(jsonPath).join(", ")}]`;
  // Invalid JSON becomes NULL before any JSON function sees it: DuckDB may evaluate an expression
  // outside the CASE that guards it, and one malformed line must not fail the batch.
  return `SELECT line, json IS NOT NULL AS line_is_json,
    json_type(json) AS line_type,
    json_type(json, ${paths}) AS field_types,
    json_extract_string(json, ${paths}) AS field_texts,
    json_keys(json) AS line_keys
  FROM (SELECT *, CASE WHEN json_valid(line) THEN line END AS json FROM (${rawLines}))`;
}

/** Why one field's value breaks its rules, or NULL when it does not. */
function fieldReason(name: string, field: Field, index: number): string {
  const type = `field_types[${index}]`;
  const text = `field_texts[${index}]`;
  const says = (message: string) => literal(`${name}: ${message}`);
  const checks: string[] = [];
  const absent = `${type} IS NULL OR ${type} = 'NULL'`;
  if (field.required) checks.push(`WHEN ${absent} THEN ${says("required")}`);
  const decimal = parseDecimal(field.type);
  let typeCheck: string;
  let numeric = false;
  if (decimal) {
    const whole = decimal.precision > decimal.scale ? `[0-9]{1,${decimal.precision - decimal.scale}}` : "0";
    const fraction = decimal.scale > 0 ? `(\\.[0-9]{1,${decimal.scale}})?` : "";
    typeCheck = `NOT (${type} IN ${NUMBER_JSON} OR (${type} = 'VARCHAR' AND regexp_full_match(${text}, ${literal(`-?${whole}${fraction}`)})))`;
    numeric = true;
  } else {
    switch (field.type) {
      case "string":
        typeCheck = `${type} <> 'VARCHAR'`;
        break;
      case "int":
        typeCheck = `NOT (${type} IN ${INTEGER_JSON} AND TRY_CAST(${text} AS INTEGER) IS NOT NULL)`;
        numeric = true;
        break;
      case "bigint":
        typeCheck = `NOT (${type} IN ${INTEGER_JSON} AND TRY_CAST(${text} AS BIGINT) IS NOT NULL)`;
        numeric = true;
        break;
      case "double":
        typeCheck = `${type} NOT IN ${NUMBER_JSON}`;
        numeric = true;
        break;
      case "boolean":
        typeCheck = `${type} <> 'BOOLEAN'`;
        break;
      case "date":
        typeCheck = `NOT (${type} = 'VARCHAR' AND regexp_full_match(${text}, ${ISO_DATE}) AND TRY_CAST(${text} AS DATE) IS NOT NULL)`;
        break;
      default: // timestamp
        typeCheck = `NOT (${type} = 'VARCHAR' AND regexp_full_match(${text}, ${RFC3339}) AND TRY_CAST(${text} AS TIMESTAMPTZ) IS NOT NULL)`;
    }
  }
  checks.push(`WHEN ${absent} THEN NULL`);
  checks.push(`WHEN ${typeCheck} THEN ${says(`expected ${field.type}`)} || ', got ' || ${type}`);
  if (field.accepted) {
    const list = field.accepted.map(value).join(", ");
    const as = field.type === "string" ? text : `TRY_CAST(${text} AS DOUBLE)`;
    checks.push(`WHEN ${as} NOT IN (${list}) THEN ${says("not one of the accepted values")}`);
  }
  if (numeric && field.min !== undefined) {
    checks.push(
      `WHEN TRY_CAST(${text} AS DOUBLE) < ${field.min} THEN ${says(`below the minimum ${field.min}`)}`,
    );
  }
  if (numeric && field.max !== undefined) {
    checks.push(
      `WHEN TRY_CAST(${text} AS DOUBLE) > ${field.max} THEN ${says(`above the maximum ${field.max}`)}`,
    );
  }
  return `CASE ${checks.join(" ")} ELSE NULL END`;
}

/** The `staging` relation when nothing has been staged yet, in DuckDB's dialect. */
export const emptyStagingSql = (contract: Contract) => emptyStaging(contract, { ident, type: duckdbType });

/** SQL, over {@link parsedLinesSql}, for why a line breaks the contract ('' when it is a valid record). */
export function reasonSql(contract: Contract): string {
  const names = Object.keys(contract.schema);
  const unexpected = `list_filter(line_keys, key -> key NOT IN (${names.map(literal).join(", ")}))`;
  const perField = Object.entries(contract.schema).map(([name, field], i) => fieldReason(name, field, i + 1));
  return `CASE
    WHEN NOT line_is_json THEN 'not valid JSON'
    WHEN line_type <> 'OBJECT' THEN 'not a JSON object'
    ELSE concat_ws('; ', ${[...perField, `CASE WHEN len(${unexpected}) > 0 THEN 'unexpected field(s): ' || array_to_string(${unexpected}, ', ') END`].join(",\n      ")})
  END`;
}

/**
 * SQL, over {@link parsedLinesSql}, for the typed columns of a record, named and typed as the contract
 * says. `TRY_CAST` gives NULL instead of failing, for a pass over valid and invalid records alike.
 */
export function typedColumnsSql(contract: Contract, cast: "CAST" | "TRY_CAST" = "CAST"): string {
  return Object.entries(contract.schema)
    .map(([name, field], i) => {
      const text = `field_texts[${i + 1}]`;
      // Timestamps are stored in UTC, whatever offset the record carried (DuckDB without ICU works in UTC).
      const typed =
        field.type === "timestamp"
          ? `${cast}(${cast}(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`
          : `${cast}(${text} AS ${duckdbType(field.type)})`;
      return `${typed} AS ${ident(name)}`;
    })
    .join(",\n  ");
}

/**
 * SQL yielding `rows` deterministic raw lines (`line`) that honour the contract, for seed `seed`:
 * the same seed always gives the same records. Unique fields count up; accepted values, ranges and
 * optionality are respected, so generated records pass validation.
 */
export function generatedLinesSql(contract: Contract, rows: number, seed: number): string {
  const h = (name: string, salt = "") => `hash(${seed}, i, ${literal(name + salt)})`;
  const entries = Object.entries(contract.schema).map(([name, field]) => {
    const pick = (expression: string) =>
      field.required ? expression : `CASE WHEN ${h(name, "#null")} % 10 = 0 THEN NULL ELSE ${expression} END`;
    return `${literal(name)}, ${pick(generatedValue(name, field, h(name), rows))}`;
  });
  return `SELECT CAST(json_object(${entries.join(", ")}) AS VARCHAR) AS line FROM range(${rows}) AS t(i)`;
}

function generatedValue(name: string, field: Field, h: string, rows: number): string {
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
    case "string":
      // Unique keys count up; others take one of a bounded set of values, so joins find partners.
      return field.unique
        ? `${literal(`${name}-`)} || i`
        : `${literal(`${name}-`)} || (${h} % ${Math.max(1, Math.min(rows, 1000))})`;
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
