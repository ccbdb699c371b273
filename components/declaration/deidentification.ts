/**
 * When an aggregate de-identifies the columns it reads, so that its output need not be marked
 * PII (see `piiFlow.ts`) nor classified like its input.
 *
 * De-identified: an aggregate `count`, `sum`, `avg`, `stddev…` or `var…` of a bare column, with no
 * FILTER and no DISTINCT (but for `count`), in a SELECT that reads exactly one input (or `staging`) directly — no join, CTE or
 * subquery, which could repeat rows — in at most one grouping set (no ROLLUP/CUBE, whose subtotals
 * subtract to the groups HAVING hides), and whose HAVING requires `count(*) >= k` (k at least
 * {@link MIN_GROUP_SIZE}). Its limits: k counts rows, not people; a tenant who knows k-1 members
 * of a group, or publishes overlapping groups, can still subtract; a group whose other members are
 * 0 or NULL gives a sum away. A group key is never de-identified: a shared email is still an email.
 *
 * Keyed hashing is not offered: a key the tenant's SQL could use is a key it could read, and an
 * unkeyed hash of an email (md5, sha256, hash) is undone by hashing a list of emails, so a hash of
 * PII stays PII (`transformed`).
 */
import { type Deps, MIN_GROUP_SIZE } from "./lineage.js";
import type { From } from "./lineageScope.js";
import { isNode, type Node } from "./transformSql.js";

/** Aggregates whose result over a large enough group does not give one member's value away. */
const DEIDENTIFYING_AGGREGATES = new Set([
  "count",
  "sum",
  "avg",
  "mean",
  "stddev",
  "stddev_samp",
  "stddev_pop",
  "variance",
  "var_samp",
  "var_pop",
]);

/**
 * Whether aggregates of this SELECT de-identify: one input read directly, one grouping set, and
 * HAVING requiring `count(*) >= k` with k at least the platform's minimum group size.
 */
export function deidentifies(node: Node, from: From): boolean {
  if (!isNode(node.from_table) || node.from_table.type !== "BASE_TABLE") return false;
  if (from.bound.length !== 1 || !from.bound[0]!.base) return false;
  if (((node.group_sets as unknown[] | undefined) ?? []).length > 1) return false;
  return conjuncts(node.having).some((c) => minimumCount(c) >= MIN_GROUP_SIZE);
}

const conjuncts = (expr: unknown): Node[] =>
  !isNode(expr)
    ? []
    : expr.type === "CONJUNCTION_AND"
      ? (expr.children as Node[]).flatMap(conjuncts)
      : [expr];

/** The k of `count(*) >= k` (or `> k-1`, `k <= count(*)`, `k-1 < count(*)`); 0 for anything else. */
function minimumCount(expr: Node): number {
  const isCountStar = (e: unknown) =>
    isNode(e) &&
    e.class === "FUNCTION" &&
    e.function_name === "count_star" &&
    !e.filter &&
    !e.distinct &&
    ((e.children as unknown[] | undefined) ?? []).length === 0;
  const integer = (e: unknown) => {
    const n = isNode(e) && e.class === "CONSTANT" ? constantNumber(e.value) : Number.NaN;
    return Number.isInteger(n) ? n : Number.NaN;
  };
  const bound = (countSide: unknown, constantSide: unknown, offset: number) =>
    isCountStar(countSide) && !Number.isNaN(integer(constantSide)) ? integer(constantSide) + offset : 0;
  switch (expr.type) {
    case "COMPARE_GREATERTHANOREQUALTO":
      return bound(expr.left, expr.right, 0);
    case "COMPARE_GREATERTHAN":
      return bound(expr.left, expr.right, 1);
    case "COMPARE_LESSTHANOREQUALTO":
      return bound(expr.right, expr.left, 0);
    case "COMPARE_LESSTHAN":
      return bound(expr.right, expr.left, 1);
    default:
      return 0;
  }
}

/** Numeric types whose serialized constant is the number itself. */
const NUMBER_TYPES = new Set([
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
  "FLOAT",
  "DOUBLE",
]);

/**
 * The number a constant of DuckDB's parse tree stands for; NaN for any other constant. A DECIMAL
 * is serialized scaled (`1.0` is 10 at scale 1): read unscaled, `count(*) >= 1.0` would pass for
 * groups of ten. A string counts only as digits, as DuckDB casts it to the count's integer type.
 */
function constantNumber(constant: unknown): number {
  if (!isNode(constant) || constant.is_null === true || !isNode(constant.type)) return Number.NaN;
  const { value, type } = constant;
  if (typeof value === "number" && NUMBER_TYPES.has(String(type.id))) return value;
  if (typeof value === "number" && type.id === "DECIMAL" && isNode(type.type_info)) {
    const scale = type.type_info.scale;
    return typeof scale === "number" ? value / 10 ** scale : Number.NaN;
  }
  if (typeof value === "string" && type.id === "VARCHAR" && /^\s*\d+\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

/**
 * Whether `aggregate` (a call of an aggregate function reading `read`), in a SELECT that
 * {@link deidentifies}, de-identifies: over the whole group (no FILTER) and over one column as it
 * is — not an alias of an expression such as a CASE, which could pick out one row as a FILTER would.
 */
export function deidentifyingAggregate(aggregate: Node, read: Deps): boolean {
  const args = (aggregate.children as Node[] | undefined) ?? [];
  const name = String(aggregate.function_name).toLowerCase();
  return (
    DEIDENTIFYING_AGGREGATES.has(name) &&
    !aggregate.filter &&
    // DISTINCT aggregates fewer values than the rows HAVING counts: ten orders of one amount are
    // a group of ten to count(*), but avg(DISTINCT amount) is that one amount. count(DISTINCT x)
    // gives only a number of values away, never one of them.
    (aggregate.distinct !== true || name === "count") &&
    args.length === 1 &&
    args[0]!.class === "COLUMN_REF" &&
    [...read.values()].every((d) => d.kind === "direct")
  );
}
