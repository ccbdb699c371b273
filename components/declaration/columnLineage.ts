/**
 * Column-level lineage of a product's transform: for every output column, the input columns it
 * comes from and how (`lineage.ts` defines the kinds). Derived from DuckDB's own parse tree
 * (`json_serialize_sql`, parsed by the locked connection of `transformSql.ts`), never by parsing
 * SQL ourselves; the output columns' names come from binding the query (they are DuckDB's to name).
 *
 * The model, per construct:
 *
 * - FROM: inputs by their view name, `staging`, CTEs (in order, each seeing the ones before),
 *   subqueries (also LATERAL ones, which see the FROM items left of them), VALUES, joins. Columns
 *   of a JOIN's ON/USING/NATURAL condition are `filtered`; SEMI/ANTI joins' right side too.
 * - SELECT list: a bare column (through any number of renames, CTEs and subqueries) is `direct`;
 *   any other expression `transformed`; an argument, FILTER or ORDER BY of an aggregate function
 *   `aggregated`. Window functions are `aggregated` as well (arguments, PARTITION BY, ORDER BY,
 *   frame): their value is computed across rows, but they keep one row per input row, so they
 *   never de-identify. `*`, `t.*` with EXCLUDE, REPLACE and RENAME expand to the columns they name.
 * - WHERE, GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT, DISTINCT ON: `filtered`, for every output
 *   column (they decide which rows appear, not values; ORDER BY with LIMIT decides which rows).
 *   GROUP BY ALL groups by output columns, which carry their own lineage.
 * - Set operations: UNION [ALL] merges the columns by position (BY NAME: by name); EXCEPT and
 *   INTERSECT take values from the left, the right only filters.
 * - Subqueries as values (`(SELECT …)`, EXISTS, IN): everything they read, filters included,
 *   decides the value: `transformed`.
 *
 * De-identified: see `deidentification.ts`.
 *
 * Over-approximation: where a name or a construct cannot be resolved (COLUMNS(regex), `*` over a
 * table function, PIVOT, a recursive CTE, an expression or table of a kind this module does not
 * know, an output count that disagrees with the binder's), the affected output columns depend on
 * every column of every input the query names, `transformed`. Never fewer sources than the truth:
 * the PII and classification checks (`piiFlow.ts`) rely on it.
 */
import { deidentifies, deidentifyingAggregate } from "./deidentification.js";
import {
  asFilter,
  asValue,
  type Deps,
  depsOf,
  merge,
  NO_DEPS,
  type ProductLineage,
  sourcesOf,
  through,
} from "./lineage.js";
import {
  type Bound,
  type Column,
  type Context,
  depsOfColumns,
  EMPTY_FROM,
  type Env,
  expandStar,
  type From,
  joined,
  type LineageRelation,
  lookup,
  lower,
  type Result,
  renamed,
  type Scope,
} from "./lineageScope.js";
import { isNode, type Node, parsedSelect, parserConnection, positionOf, walk } from "./transformSql.js";

export type { LineageRelation } from "./lineageScope.js";

/** Expression classes whose value is computed row by row from their sub-expressions alone. */
const SCALAR_CLASSES = new Set([
  "FUNCTION",
  "CAST",
  "CASE",
  "COMPARISON",
  "CONJUNCTION",
  "OPERATOR",
  "BETWEEN",
  "COLLATE",
]);

let aggregates: Promise<ReadonlySet<string>> | undefined;

/** DuckDB's own aggregate functions, asked once: no list of ours to fall out of date. */
function aggregateNames(): Promise<ReadonlySet<string>> {
  aggregates ??= (async () => {
    const reader = await (await parserConnection()).runAndReadAll(
      "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'aggregate'",
    );
    return new Set(reader.getRows().map((r) => String(r[0]).toLowerCase()));
  })();
  return aggregates;
}

/**
 * The lineage of each of `outputs` (the query's output column names, in order, as binding it
 * gives them) of the transform `sql` over `relations`.
 */
export async function columnLineage(
  sql: string,
  relations: readonly LineageRelation[],
  outputs: readonly string[],
): Promise<ProductLineage> {
  const byView = new Map(relations.map((r) => [lower(r.view), r]));
  const statement = await parsedSelect(sql);
  const read = new Set<string>();
  for (const node of walk(statement ?? {}))
    if (node.type === "BASE_TABLE" && !node.schema_name && !node.catalog_name)
      read.add(lower(node.table_name));
  const everything = [...byView.values()].filter((r) => !statement || read.has(lower(r.view)));
  const ctx: Context = {
    relations: byView,
    aggregates: await aggregateNames(),
    fallback: merge(...everything.map((r) => depsOf(r.input, r.columns, "transformed"))),
  };
  const result = isNode(statement?.node) ? queryOf(statement.node, { ctx, ctes: new Map() }) : undefined;
  const columns =
    result?.columns?.length === outputs.length ? result.columns : outputs.map(() => ({ deps: ctx.fallback }));
  return outputs.map((name, i) => {
    const { deps, at } = columns[i] as Column;
    return {
      column: name,
      sources: sourcesOf(deps),
      ...(at !== undefined ? { at: positionOf(sql, at) } : {}),
    };
  });
}

const unknown = (ctx: Context): Result => ({ rowDeps: asFilter(ctx.fallback) });

/** A query node (SELECT, set operation, …) with its CTEs. */
function queryOf(node: Node, env: Env): Result {
  const ctes = new Map(env.ctes);
  for (const entry of ((node.cte_map as Node | undefined)?.map as Node[] | undefined) ?? []) {
    const value = entry.value as Node;
    const query = (value.query as Node | undefined)?.node;
    const result = isNode(query) ? queryOf(query, { ...env, ctes }) : unknown(env.ctx);
    const aliases = value.aliases;
    ctes.set(lower(entry.key), {
      ...result,
      ...(result.columns ? { columns: renamed(result.columns, aliases) } : {}),
    });
  }
  const inner: Env = { ...env, ctes };
  if (node.type === "SELECT_NODE") return selectOf(node, inner);
  if (node.type === "SET_OPERATION_NODE") return setOperationOf(node, inner);
  return unknown(env.ctx); // a recursive CTE, or a node this module does not know
}

function setOperationOf(node: Node, env: Env): Result {
  const left = isNode(node.left) ? queryOf(node.left, env) : unknown(env.ctx);
  const right = isNode(node.right) ? queryOf(node.right, env) : unknown(env.ctx);
  let columns: Column[] | undefined;
  let rowDeps = merge(left.rowDeps, right.rowDeps);
  const l = left.columns;
  const r = right.columns;
  if (node.setop_type === "UNION" && l && r && l.length === r.length) {
    columns = l.map((c, i) => ({ ...c, deps: merge(c.deps, r[i]!.deps) }));
  } else if (node.setop_type === "UNION_BY_NAME" && l && r && [...l, ...r].every((c) => c.name)) {
    const names = [...new Set([...l, ...r].map((c) => lower(c.name)))];
    columns = names.map((name) => {
      const same = [...l, ...r].filter((c) => lower(c.name) === name);
      return { ...same[0]!, deps: depsOfColumns(same) };
    });
  } else if ((node.setop_type === "EXCEPT" || node.setop_type === "INTERSECT") && l && r) {
    columns = [...l];
    rowDeps = merge(rowDeps, asFilter(depsOfColumns(r)));
  }
  if (!columns) return unknown(env.ctx);
  const scope = scopeOf(env, {
    ...EMPTY_FROM,
    bound: [{ alias: "", columns, opaque: NO_DEPS }],
    star: columns,
  });
  rowDeps = merge(rowDeps, asFilter(valuesIn(node.modifiers, scope)));
  return { columns: columns.map((c) => ({ ...c, deps: merge(c.deps, rowDeps) })), rowDeps };
}

const scopeOf = (env: Env, from: From, deidentifying = false): Scope => ({
  env,
  from,
  aliases: new Map(),
  lambdas: new Set(),
  deidentifying,
});

function selectOf(node: Node, env: Env): Result {
  const from = fromOf(node.from_table, env);
  const scope = scopeOf(env, from, deidentifies(node, from));
  const columns: Column[] = [];
  let shapeKnown = true;
  for (const item of (node.select_list as Node[] | undefined) ?? []) {
    if (item.class === "STAR") {
      const expanded = expandStar(item, scope, (e) => depsOfExpr(e, scope));
      if (expanded) columns.push(...expanded);
      else shapeKnown = false;
      continue;
    }
    // COLUMNS(…) inside an expression expands to as many columns as it matches.
    if ([...walk(item)].some((n) => n.class === "STAR" && (n.columns === true || n.unpacked === true))) {
      shapeKnown = false;
      continue;
    }
    const deps = depsOfExpr(item, scope);
    const name = item.alias ? String(item.alias) : item.class === "COLUMN_REF" ? lastName(item) : undefined;
    columns.push({ ...(name !== undefined ? { name } : {}), deps, ...startOf(item) });
    if (name !== undefined && !scope.aliases.has(lower(name))) scope.aliases.set(lower(name), deps);
  }
  const clauses = [node.where_clause, node.group_expressions, node.having, node.qualify, node.modifiers];
  const rowDeps = merge(from.rowDeps, asFilter(valuesIn(clauses, scope)));
  if (!shapeKnown) return { rowDeps: merge(rowDeps, asFilter(env.ctx.fallback)) };
  return { columns: columns.map((c) => ({ ...c, deps: merge(c.deps, rowDeps) })), rowDeps };
}

const lastName = (ref: Node) => {
  const names = ref.column_names as string[];
  return names[names.length - 1];
};

/** The earliest offset in an expression: where it starts, not where its operator is. */
function startOf(expr: Node): { at?: number } {
  const offsets = [...walk(expr)]
    .map((n) => n.query_location)
    .filter((o): o is number => typeof o === "number");
  return offsets.length > 0 ? { at: Math.min(...offsets) } : {};
}

/** A FROM clause: the relations it binds, what `*` is, and what decides its rows. */
function fromOf(ref: unknown, env: Env): From {
  if (!isNode(ref) || ref.type === "EMPTY") return EMPTY_FROM;
  const { ctx } = env;
  const alias = ref.alias ? lower(ref.alias) : undefined;
  const single = (bound: Bound, rowDeps: Deps): From => ({
    bound: [bound],
    ...(bound.columns ? { star: bound.columns } : {}),
    merged: new Map(),
    rowDeps,
  });
  switch (ref.type) {
    case "BASE_TABLE": {
      const name = lower(ref.table_name);
      const cte = !ref.schema_name && !ref.catalog_name ? env.ctes.get(name) : undefined;
      if (cte) {
        const columns = renamed(cte.columns, ref.column_name_alias);
        return single(
          { alias: alias ?? name, ...(columns ? { columns } : {}), opaque: ctx.fallback },
          cte.rowDeps,
        );
      }
      const relation = ctx.relations.get(name);
      if (!relation || ref.schema_name || ref.catalog_name) break;
      const columns = relation.columns.map((c) => ({ name: c, deps: depsOf(relation.input, [c], "direct") }));
      return single(
        {
          alias: alias ?? name,
          columns: renamed(columns, ref.column_name_alias)!,
          opaque: NO_DEPS,
          base: true,
        },
        NO_DEPS,
      );
    }
    case "SUBQUERY": {
      const query = (ref.subquery as Node | undefined)?.node;
      const result = isNode(query) ? queryOf(query, env) : unknown(ctx);
      const columns = renamed(result.columns, ref.column_name_alias);
      return single(
        { alias: alias ?? "unnamed_subquery", ...(columns ? { columns } : {}), opaque: ctx.fallback },
        result.rowDeps,
      );
    }
    case "EXPRESSION_LIST": {
      const rows = (ref.values as Node[][] | undefined) ?? [];
      const scope = scopeOf(env, EMPTY_FROM);
      const columns = (rows[0] ?? []).map((_, i) => ({
        name: `col${i}`,
        deps: merge(...rows.map((row) => depsOfExpr(row[i], scope))),
      }));
      return single(
        { alias: alias ?? "valueslist", columns: renamed(columns, ref.column_name_alias)!, opaque: NO_DEPS },
        NO_DEPS,
      );
    }
    case "TABLE_FUNCTION": {
      // range(), generate_series(), unnest(): columns not known here; whatever they read, transformed.
      const fn = isNode(ref.function) ? ref.function : {};
      const deps = through(depsOfExpr(fn, scopeOf(env, EMPTY_FROM)), "transformed");
      return {
        bound: [{ alias: alias ?? lower(fn.function_name), opaque: deps }],
        merged: new Map(),
        rowDeps: asFilter(deps),
      };
    }
    case "JOIN":
      return joinOf(ref, env);
  }
  return {
    bound: [{ alias: alias ?? "", opaque: ctx.fallback }],
    merged: new Map(),
    rowDeps: asFilter(ctx.fallback),
  };
}

function joinOf(ref: Node, env: Env): From {
  const left = fromOf(ref.left, env);
  // LATERAL: the right side may refer to the left's columns.
  const right = fromOf(ref.right, { ...env, outer: scopeOf(env, left) });
  let using = (ref.using_columns as string[] | undefined) ?? [];
  if (ref.ref_type === "NATURAL") {
    if (!left.star || !right.star)
      return {
        bound: [...left.bound, ...right.bound],
        merged: new Map(),
        rowDeps: asFilter(env.ctx.fallback),
      };
    const rightNames = new Set(right.star.map((c) => lower(c.name)));
    using = left.star
      .filter((c) => c.name !== undefined && rightNames.has(lower(c.name)))
      .map((c) => c.name!);
  }
  const both = joined(left, right, using, NO_DEPS);
  const condition = depsOfExpr(ref.condition, scopeOf(env, both));
  const usingDeps = [...using].map((u) => both.merged.get(lower(u)) ?? NO_DEPS);
  const rowDeps = merge(left.rowDeps, right.rowDeps, asFilter(merge(condition, ...usingDeps)));
  if (ref.join_type === "SEMI" || ref.join_type === "ANTI") {
    const everything = merge(...right.bound.map((b) => (b.columns ? depsOfColumns(b.columns) : b.opaque)));
    return { ...left, rowDeps: merge(rowDeps, asFilter(everything)) };
  }
  return { ...both, rowDeps };
}

/** Every value read anywhere in `value` (clauses, lists, modifiers), merged. */
function valuesIn(value: unknown, scope: Scope): Deps {
  return merge(...[...expressionsIn(value)].map((e) => depsOfExpr(e, scope)));
}

/** The outermost expressions inside `value` (objects with an expression `class`). */
function* expressionsIn(value: unknown): Generator<Node> {
  if (Array.isArray(value)) for (const item of value) yield* expressionsIn(item);
  else if (isNode(value)) {
    if (typeof value.class === "string") yield value;
    else for (const child of Object.values(value)) yield* expressionsIn(child);
  }
}

/** What an expression's value depends on, in `scope`. */
function depsOfExpr(expr: unknown, scope: Scope): Deps {
  if (!isNode(expr)) return NO_DEPS;
  const { ctx } = scope.env;
  const inside = (e: Node) => valuesIn(Object.values(e), scope);
  switch (expr.class) {
    case "CONSTANT":
      return NO_DEPS;
    case "COLUMN_REF":
      return lookup(expr.column_names as string[], scope) ?? ctx.fallback;
    case "STAR": {
      // `*` as an argument (struct_pack(*), count(t.*)): every column it names.
      const columns = expandStar({ ...expr, columns: false, unpacked: false, expr: undefined }, scope, (e) =>
        depsOfExpr(e, scope),
      );
      return through(columns ? depsOfColumns(columns) : ctx.fallback, "transformed");
    }
    case "WINDOW":
      return through(inside(expr), "aggregated");
    case "SUBQUERY": {
      const query = (expr.subquery as Node | undefined)?.node;
      const result = isNode(query) ? queryOf(query, { ...scope.env, outer: scope }) : unknown(ctx);
      const read = merge(result.rowDeps, result.columns ? depsOfColumns(result.columns) : ctx.fallback);
      return merge(asValue(read), through(depsOfExpr(expr.child, scope), "transformed"));
    }
    case "LAMBDA": {
      const params = [...walk(expr.lhs)]
        .filter((n) => n.class === "COLUMN_REF")
        .map((n) => lower(lastName(n)));
      const lambdaScope: Scope = { ...scope, lambdas: new Set([...scope.lambdas, ...params]) };
      return through(depsOfExpr(expr.expr, lambdaScope), "transformed");
    }
  }
  if (expr.class === "FUNCTION" && ctx.aggregates.has(lower(expr.function_name))) {
    const args = (expr.children as Node[] | undefined) ?? [];
    const read = valuesIn(args, scope);
    const deidentifying = scope.deidentifying && deidentifyingAggregate(expr, read);
    const rest = valuesIn([expr.filter, expr.order_bys], scope);
    return merge(through(read, "aggregated", deidentifying), through(rest, "aggregated"));
  }
  if (typeof expr.class === "string" && SCALAR_CLASSES.has(expr.class))
    return through(inside(expr), "transformed");
  return ctx.fallback; // an expression this module does not know: everything
}
