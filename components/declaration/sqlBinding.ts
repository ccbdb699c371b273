/**
 * Every transform bound against its inputs' contracts before anything deploys. A product's SQL is
 * bound by DuckDB's own binder (a prepared statement: bound and planned, never executed, no data
 * needed) against empty tables typed from exactly what it may read:
 *
 * - one per declared input view (`<domain>__<product>`), with the columns the consumer sees of
 *   the input's contract: without its PII where the consumer is not admitted to it;
 * - `staging`, built by the runner's own function (`stagingRelation.ts`) from the raw record
 *   schema: its fields, the `ingest_date` partition, and for an incremental product its table.
 *
 * A missing column or relation, a type error or a function that does not exist is refused here,
 * at its line and column, instead of in the first run after the deploy. The bound output is then
 * compared with the product's own contract by the runner's comparison (`contract/columns.ts`):
 * every contract column, of exactly its DuckDB type, and no other column.
 *
 * Nullability, what can be proven at plan time: the binder types columns but does not know
 * whether they hold NULLs (DuckDB describes every result column as nullable). The one case that is
 * provable from the SQL alone is refused: a required contract column whose select-list entry is a
 * NULL literal (or a cast of one) — NULL in every row, so any row breaks the contract. Everything
 * else (a nullable input column passed to a required output, an outer join, a failed TRY_CAST)
 * depends on the data and stays the runner's check of `required` on the transformed rows.
 *
 * Binding is isolated: each bind has its own connection to a locked in-memory instance (no file
 * system, no extension loading, configuration locked), its tables are temporary to that
 * connection and gone when it closes. Results are cached by SQL and typed inputs, so a plan of
 * many stacks binds each product once. DuckDB folds constant expressions while binding: a
 * transform whose constants are huge costs plan time, bounded by the instance's memory limit.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import { type ColumnMismatch, columnMismatches, type TypedColumn } from "../contract/columns.js";
import { duckdbIdent } from "../contract/sql.js";
import { duckdbTypeName } from "./duckdbTypeName.js";
import { STAGING_INPUT } from "./lineage.js";
import { loadDuckdb } from "./loadDuckdb.js";
import type { ProductModel } from "./productModel.js";
import { duckdbMessage, duckdbPosition } from "./sqlLocation.js";
import { stagingSql } from "./stagingRelation.js";
import { transformRelations } from "./transformRelations.js";
import { type OutputExpression, outputExpressions, positionOf, type SqlProblem } from "./transformSql.js";
import { type FieldType, warehouseDuckdbType } from "./types.js";

/** An output column of a bound transform: its name, its DuckDB type, where the SQL computes it. */
export interface BoundColumn extends TypedColumn {
  /** Position (1-based) of its select-list entry, when the SQL writes it out (not under `*`). */
  readonly line?: number;
  readonly column?: number;
  /** Written as a NULL literal (or a cast of one): NULL in every row. */
  readonly nullLiteral: boolean;
}

/** A problem found by binding: DuckDB's binder refusing the SQL, or its output against the contract. */
export interface BindingProblem extends SqlProblem {
  /** `bind`: the SQL does not bind against its inputs; `contract`: its output breaks its own contract. */
  readonly kind: "bind" | "contract";
  /** DuckDB's message, or the output column's mismatch: the message without the inputs it names. */
  readonly reason: string;
}

export interface BoundTransform {
  /** The output columns, in order; empty when the SQL does not bind. */
  readonly columns: readonly BoundColumn[];
  /** Empty when the SQL binds and its output can satisfy its contract. */
  readonly problems: readonly BindingProblem[];
}

/** The relations a transform reads, typed: what a bind depends on besides the SQL. */
interface Relations {
  readonly inputs: readonly { readonly view: string; readonly columns: readonly TypedColumn[] }[];
  /** The query `staging` stands for; undefined for a product without raw records. */
  readonly staging?: string;
}

/** A bind's verdict: the output columns, or DuckDB's message refusing the SQL. */
export type Bound = { readonly columns: readonly BoundColumn[] } | { readonly error: string };

let binder: Promise<DuckDBInstance> | undefined;

/** The instance every bind connects to: in memory, closed to the outside, its configuration locked. */
function binderInstance(): Promise<DuckDBInstance> {
  binder ??= loadDuckdb().then(({ DuckDBInstance }) =>
    DuckDBInstance.create(":memory:", {
      enable_external_access: "false",
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      memory_limit: "512MB",
      threads: "1",
      lock_configuration: "true",
    }),
  );
  return binder;
}

/**
 * The typed relations `model`'s SQL reads ({@link transformRelations}): a temporary table for each
 * input, and `staging` as the runner's own query defines it (an incremental product's own rows
 * included), so that the binder and the runner cannot disagree on its columns.
 */
function relationsOf(model: ProductModel): Relations {
  const { raw, contract } = model;
  // Inputs and the product's own earlier rows are read from the warehouse: json there is text.
  const typed = (columns: Readonly<Record<string, FieldType>>): TypedColumn[] =>
    Object.entries(columns).map(([name, type]) => ({ name, type: warehouseDuckdbType(type) }));
  const previous = model.declaration.transform.incremental
    ? `SELECT ${Object.entries(contract.schema)
        .map(([name, f]) => `CAST(NULL AS ${warehouseDuckdbType(f.type)}) AS ${duckdbIdent(name)}`)
        .join(", ")} WHERE false`
    : undefined;
  return {
    inputs: transformRelations(model)
      .filter((r) => r.input !== STAGING_INPUT)
      .map((r) => ({ view: r.view, columns: typed(r.columns) })),
    ...(raw ? { staging: stagingSql(raw.schema, previous ? { previous } : {}) } : {}),
  };
}

const cache = new Map<string, Promise<Bound>>();

/** `sql` bound against `relations`, once per distinct pair. */
function bound(sql: string, relations: Relations): Promise<Bound> {
  const key = JSON.stringify([sql, relations]);
  let found = cache.get(key);
  if (!found) {
    found = bind(sql, relations);
    cache.set(key, found);
    found.catch(() => cache.delete(key)); // a failure to bind at all is not remembered as a verdict
  }
  return found;
}

/**
 * `sql` bound against empty temporary tables `tables` only, the way a transform is bound: for the
 * SQL of a quality check (`qualitySql.ts`), which reads the product's own table.
 */
export function bindQuery(
  sql: string,
  tables: readonly { readonly view: string; readonly columns: readonly TypedColumn[] }[],
): Promise<Bound> {
  return bound(sql, { inputs: tables });
}

async function bind(sql: string, relations: Relations): Promise<Bound> {
  const connection = await (await binderInstance()).connect();
  try {
    // Temporary: this connection's own, gone when it closes, so no product sees another's tables.
    for (const input of relations.inputs) {
      if (input.columns.length === 0) {
        // DuckDB has no table without columns: an input all of whose fields are PII, read redacted.
        return { error: `its input ${input.view} has no column this domain may read (all are PII)` };
      }
      const columns = input.columns.map((c) => `${duckdbIdent(c.name)} ${c.type}`).join(", ");
      await connection.run(`CREATE TEMP TABLE ${duckdbIdent(input.view)} (${columns})`);
    }
    if (relations.staging !== undefined) {
      await connection.run(`CREATE TEMP VIEW staging AS ${relations.staging}`);
    }
    let prepared: Awaited<ReturnType<typeof connection.prepare>>;
    try {
      prepared = await connection.prepare(sql);
    } catch (e) {
      return { error: (e as Error).message };
    }
    try {
      if (prepared.parameterCount > 0) {
        return {
          error: "it has a parameter ($1 or ?), which nothing gives a value: write the value in the SQL",
        };
      }
      const columns: TypedColumn[] = [];
      for (let i = 0; i < prepared.columnCount; i++) {
        columns.push({ name: prepared.columnName(i), type: duckdbTypeName(prepared.columnType(i)) });
      }
      return { columns: placeColumns(sql, columns, await outputExpressions(sql)) };
    } finally {
      prepared.destroySync();
    }
  } finally {
    connection.closeSync();
  }
}

/** The relations a message names, so the author sees which contract each view comes from. */
function readsFrom(model: ProductModel): string {
  const views = model.inputs.map(
    (i) => `${i.view} is ${i.id}${i.redacted ? " without its PII (the domain is not admitted to it)" : ""}`,
  );
  if (model.raw) views.unshift("staging is its raw records");
  return views.join("; ");
}

/**
 * `model`'s SQL bound against its inputs' contracts: its output columns, and why it does not bind
 * or cannot satisfy the product's own contract. Expects SQL that passed `transformSqlProblems`.
 */
export async function bindTransform(model: ProductModel): Promise<BoundTransform> {
  const { sql } = model;
  const result = await bound(sql, relationsOf(model));
  if ("error" in result) {
    const position = duckdbPosition(result.error, sql);
    const reason = duckdbMessage(result.error);
    const problem = {
      kind: "bind" as const,
      reason,
      message: `does not bind against its inputs' contracts: ${reason} (${readsFrom(model)})`,
      ...(position ?? {}),
    };
    return { columns: [], problems: [problem] };
  }
  return { columns: result.columns, problems: contractProblems(model, result.columns) };
}

/** Each bound column with its select-list entry: by position when the list has no `*`, else by name. */
function placeColumns(
  sql: string,
  columns: readonly TypedColumn[],
  expressions: readonly OutputExpression[] | undefined,
): BoundColumn[] {
  const list = expressions ?? [];
  const positional = list.length === columns.length && !list.some((e) => e.star);
  return columns.map((c, i) => {
    const e = positional ? list[i] : list.find((x) => !x.star && x.name === c.name);
    return {
      ...c,
      nullLiteral: e?.nullLiteral ?? false,
      ...(e?.offset !== undefined ? positionOf(sql, e.offset) : {}),
    };
  });
}

/** Why `columns` cannot satisfy `model`'s contract. */
function contractProblems(model: ProductModel, columns: readonly BoundColumn[]): BindingProblem[] {
  const { contract } = model;
  const at = (name: string) => {
    const c = columns.find((x) => x.name === name);
    return c?.line !== undefined ? { line: c.line, column: c.column } : {};
  };
  const problems: BindingProblem[] = [];
  const nulls = new Set<string>();
  for (const c of columns) {
    if (c.nullLiteral && contract.schema[c.name]?.required && !nulls.has(c.name)) {
      nulls.add(c.name);
      const message = `outputs ${c.name} as NULL in every row, but its contract ${contract.id} says ${c.name} is required`;
      problems.push({ kind: "contract", reason: message, message, ...at(c.name) });
    }
  }
  for (const m of columnMismatches(columns, contract)) {
    // A NULL literal's type is DuckDB's default (INTEGER): the NULL is the problem, not the type.
    if (m.kind === "type" && nulls.has(m.column)) continue;
    const message = mismatchMessage(m, contract.id);
    problems.push({ kind: "contract", reason: message, message, ...at(m.column) });
  }
  return problems;
}

function mismatchMessage(m: ColumnMismatch, id: string): string {
  switch (m.kind) {
    case "missing":
      return `has no output column ${m.column}, which its contract ${id} declares (${m.expected})`;
    case "extra":
      return `outputs a column ${m.column} (${m.actual}) that its contract ${id} does not declare`;
    case "duplicate":
      return `outputs column ${m.column} more than once; its contract ${id} declares each column once`;
    case "type":
      return `outputs column ${m.column} as ${m.actual}, but its contract ${id} says ${m.expected} (cast it: CAST(… AS ${m.expected}))`;
  }
}
