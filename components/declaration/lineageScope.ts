/**
 * Name resolution for column lineage (see `columnLineage.ts`): what a FROM clause puts in scope and
 * what a column name in an expression refers to. DuckDB's rules, as far as lineage needs them: a
 * name is a column of a FROM relation before it is a select-list alias; `USING`/`NATURAL` merge
 * the joined columns into one; a relation's name used as a column is the whole row as a struct;
 * `a.b.c` is relation `a`'s column `b`'s field `c`, or column `a`'s field `b.c`; a name found nowhere
 * in the query is looked up in the enclosing query (correlated subqueries, LATERAL).
 *
 * Whatever cannot be resolved this way resolves to the fallback: every column of every input the
 * query reads, `transformed`. Never fewer sources than the truth: PII checks rely on it.
 */
import { type Deps, merge, NO_DEPS, through } from "./lineage.js";
import type { Node } from "./transformSql.js";

/** An output column of a query or relation; `name` undefined where DuckDB would generate one. */
export interface Column {
  readonly name?: string;
  readonly deps: Deps;
  /** Offset in the SQL where it is computed. */
  readonly at?: number;
}

/** A query's result: its columns (undefined when its shape cannot be known) and what decides its rows. */
export interface Result {
  readonly columns?: readonly Column[];
  readonly rowDeps: Deps;
}

/** A relation of a FROM clause, by the name the query refers to it with. */
export interface Bound {
  readonly alias: string;
  /** Undefined when its columns cannot be known (a table function, PIVOT, …). */
  readonly columns?: readonly Column[];
  /** What any of its columns depends on when `columns` is undefined. */
  readonly opaque: Deps;
  /** An input or `staging` itself, not a CTE or subquery: rows are the input's rows. */
  readonly base?: boolean;
}

export interface From {
  readonly bound: readonly Bound[];
  /** What `*` expands to; undefined when some relation's columns cannot be known. */
  readonly star?: readonly Column[];
  /** Columns merged by `USING` / `NATURAL`, by lower-cased name. */
  readonly merged: ReadonlyMap<string, Deps>;
  readonly rowDeps: Deps;
}

export const EMPTY_FROM: From = { bound: [], star: [], merged: new Map(), rowDeps: NO_DEPS };

/** A relation the transform may read: an input's view or `staging`, with its visible columns. */
export interface LineageRelation {
  /** The name the SQL reads it by: `orders__orders` or `staging`. */
  readonly view: string;
  /** The contract id, or `staging`. */
  readonly input: string;
  readonly columns: readonly string[];
}

export interface Context {
  readonly relations: ReadonlyMap<string, LineageRelation>;
  /** DuckDB's aggregate function names. */
  readonly aggregates: ReadonlySet<string>;
  /** Every column of every input the query names: the over-approximation. */
  readonly fallback: Deps;
}

export interface Env {
  readonly ctx: Context;
  /** CTEs in scope, by lower-cased name. */
  readonly ctes: ReadonlyMap<string, Result>;
  /** The enclosing query's scope, for correlated and LATERAL references. */
  readonly outer?: Scope;
}

export interface Scope {
  readonly env: Env;
  readonly from: From;
  /** Select-list aliases defined so far, by lower-cased name. */
  readonly aliases: Map<string, Deps>;
  /** Lambda parameters in scope (`x -> …`): they carry nothing of their own. */
  readonly lambdas: ReadonlySet<string>;
  /** Aggregates here de-identify (see `columnLineage.ts`). */
  readonly deidentifying: boolean;
}

export const lower = (s: unknown) => String(s).toLowerCase();

/** The merged dependencies of columns. */
export const depsOfColumns = (columns: readonly Column[]): Deps => merge(...columns.map((c) => c.deps));

/** Everything a bound relation's rows carry: the whole row. */
const rowOf = (b: Bound): Deps => (b.columns ? depsOfColumns(b.columns) : b.opaque);

/** The column `name` of a bound relation; undefined when it has none of that name. */
function columnOf(b: Bound, name: string): Deps | undefined {
  if (!b.columns) return b.opaque;
  const found = b.columns.filter((c) => c.name !== undefined && lower(c.name) === name);
  return found.length > 0 ? depsOfColumns(found) : undefined;
}

/** What `names` (`column_names` of a COLUMN_REF) refers to in `scope`; undefined if nothing. */
export function lookup(names: readonly string[], scope: Scope): Deps | undefined {
  const [first, ...rest] = names.map(lower);
  if (first === undefined) return undefined;
  if (rest.length === 0 && scope.lambdas.has(first)) return NO_DEPS;
  const here =
    rest.length === 0 ? unqualified(first, scope.from, scope.aliases) : qualified(first, rest, scope);
  // Only a guess (a relation whose columns are unknown may hold it): the enclosing query may too.
  const outer = (!here || !here.certain) && scope.env.outer ? lookup(names, scope.env.outer) : undefined;
  return here && outer ? merge(here.deps, outer) : (here?.deps ?? outer);
}

interface Found {
  readonly deps: Deps;
  /** Resolved to known columns, rather than to what a relation of unknown columns might hold. */
  readonly certain: boolean;
}

function unqualified(name: string, from: From, aliases: ReadonlyMap<string, Deps>): Found | undefined {
  const merged = from.merged.get(name);
  if (merged) return { deps: merged, certain: true };
  const known = from.bound.flatMap((b) => {
    const deps = b.columns && columnOf(b, name);
    return deps ? [deps] : [];
  });
  // More than one: ambiguous to DuckDB, which refuses it; all of them here.
  if (known.length > 0) return { deps: merge(...known), certain: true };
  const alias = aliases.get(name);
  const row = from.bound.filter((b) => b.alias === name).map((b) => through(rowOf(b), "transformed"));
  const opaque = from.bound.filter((b) => !b.columns).map((b) => b.opaque);
  const candidates = [...(alias ? [alias] : []), ...row, ...opaque];
  if (candidates.length === 0) return undefined;
  return { deps: merge(...candidates), certain: opaque.length === 0 };
}

function qualified(first: string, rest: readonly string[], scope: Scope): Found | undefined {
  const relation = scope.from.bound.find((b) => b.alias === first);
  if (relation) {
    const column = columnOf(relation, rest[0]!);
    if (!column) return undefined;
    // A struct's field is part of the column's value.
    return { deps: rest.length > 1 ? through(column, "transformed") : column, certain: !!relation.columns };
  }
  // `column.field`: part of a column's value.
  const column = unqualified(first, scope.from, new Map());
  return column && { ...column, deps: through(column.deps, "transformed") };
}

/** The columns `star` (`*`, `t.*`, with EXCLUDE/REPLACE/RENAME) selects; undefined if unknown. */
export function expandStar(
  star: Node,
  scope: Scope,
  depsOfExpr: (expr: unknown) => Deps,
): Column[] | undefined {
  if (star.columns === true || star.unpacked === true || star.expr) return undefined; // COLUMNS(…)
  const relation = lower(star.relation_name ?? "");
  const base = relation ? scope.from.bound.find((b) => b.alias === relation)?.columns : scope.from.star;
  if (!base) return undefined;
  const excluded = new Set<string>();
  for (const e of (star.exclude_list as unknown[] | undefined) ?? []) excluded.add(lower(e));
  for (const e of (star.qualified_exclude_list as Node[] | undefined) ?? []) excluded.add(lower(e.column));
  const replaced = new Map<string, Deps>();
  for (const r of (star.replace_list as Node[] | undefined) ?? [])
    replaced.set(lower(r.key), depsOfExpr(r.value));
  const renamed = new Map<string, string>();
  for (const r of (star.rename_list as Node[] | undefined) ?? [])
    renamed.set(lower((r.key as Node | undefined)?.column), String(r.value));
  const at = typeof star.query_location === "number" ? star.query_location : undefined;
  return base
    .filter((c) => c.name === undefined || !excluded.has(lower(c.name)))
    .map((c) => {
      const key = c.name === undefined ? "" : lower(c.name);
      return {
        name: renamed.get(key) ?? c.name,
        deps: replaced.get(key) ?? c.deps,
        ...(at !== undefined ? { at } : {}),
      };
    });
}

/** Applies `FROM x AS a(c1, c2)`: renames the first columns. */
export function renamed(columns: readonly Column[] | undefined, names: unknown): Column[] | undefined {
  if (!columns || !Array.isArray(names)) return columns && [...columns];
  return columns.map((c, i) => (i < names.length ? { ...c, name: String(names[i]) } : c));
}

/** `FROM a JOIN b USING (k)` / NATURAL: `*` shows `k` once (the left's position), merged. */
export function joined(left: From, right: From, using: readonly string[] | undefined, rowDeps: Deps): From {
  const merged = new Map([...left.merged, ...right.merged]);
  const names = new Set((using ?? []).map(lower));
  for (const name of names) {
    const sides = [left, right].map((f) => unqualified(name, f, new Map())?.deps ?? NO_DEPS);
    merged.set(name, merge(...sides));
  }
  const star =
    left.star && right.star
      ? [
          ...left.star.map((c) =>
            c.name && names.has(lower(c.name)) ? { ...c, deps: merged.get(lower(c.name))! } : c,
          ),
          ...right.star.filter((c) => !(c.name && names.has(lower(c.name)))),
        ]
      : undefined;
  return { bound: [...left.bound, ...right.bound], ...(star ? { star } : {}), merged, rowDeps };
}
