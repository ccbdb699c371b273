/**
 * The shape of column-level lineage, as the plan, the contract lock and the catalog store it, and
 * the small algebra `columnLineage.ts` derives it with. One source of truth: the zod schema below
 * is what `contracts.lock.json` validates, and the types are inferred from it.
 *
 * Kinds, weakest to strongest claim about the output value:
 *
 * - `filtered`: the column is only read to decide which rows appear (WHERE, JOIN ON/USING, HAVING,
 *   QUALIFY, GROUP BY keys that are not output, ORDER BY/LIMIT, DISTINCT ON, EXCEPT/INTERSECT's
 *   right side). Filter-only reads do not expose the column's values.
 * - `direct`: the output is the input column itself, possibly renamed, through CTEs and subqueries.
 * - `transformed`: the output is computed from it row by row (expression, cast, CASE, function,
 *   a scalar subquery); also every over-approximation.
 * - `aggregated`: computed across rows (an aggregate or a window function).
 */
import { z } from "zod";

export const LINEAGE_KINDS = ["filtered", "direct", "transformed", "aggregated"] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

/**
 * The smallest group an aggregate may summarize and count as de-identified (`HAVING count(*) >= k`
 * with k at least this). One number for the whole mesh, not a per-environment setting: a product's
 * contract, and so whether its columns hold personal data, is the same in every environment.
 */
export const MIN_GROUP_SIZE = 10;

/** What a product's transform reads raw records as; any other input is a contract id. */
export const STAGING_INPUT = "staging";

export const ColumnSourceSchema = z
  .object({
    /** A contract id (`orders.orders.v1`), or `staging`: the product's own raw records. */
    input: z.string(),
    column: z.string(),
    kind: z.enum(LINEAGE_KINDS),
    /** Aggregated over groups of at least the platform's minimum size (see `piiFlow.ts`). */
    deidentified: z.literal(true).optional(),
  })
  .strict();
export type ColumnSource = z.output<typeof ColumnSourceSchema>;

export const ColumnLineageSchema = z
  .object({
    /** The output column, as the transform names it. */
    column: z.string(),
    sources: z.array(ColumnSourceSchema),
  })
  .strict();

/** One output column's sources, and where in the SQL it is computed (for messages; not locked). */
export type ColumnLineage = z.output<typeof ColumnLineageSchema> & {
  readonly at?: { readonly line: number; readonly column: number };
};

/** Every output column of a product's transform, in order. */
export type ProductLineage = readonly ColumnLineage[];

/** The lineage as the contract lock stores it: without positions in the SQL, which churn. */
export const lockedLineage = (lineage: ProductLineage): z.output<typeof ColumnLineageSchema>[] =>
  lineage.map(({ column, sources }) => ({ column, sources: sources.map((s) => ({ ...s })) }));

/** Whether a source's values reach the output (not only which rows appear) and are not de-identified. */
export const exposes = (s: Pick<ColumnSource, "kind" | "deidentified">): boolean =>
  s.kind !== "filtered" && !s.deidentified;

// The derivation's algebra. A `Deps` maps `input\0column` to how an expression depends on it.

export interface Dep {
  readonly input: string;
  readonly column: string;
  readonly kind: LineageKind;
  readonly deidentified: boolean;
}
export type Deps = ReadonlyMap<string, Dep>;

export const NO_DEPS: Deps = new Map();
const rank = (k: LineageKind) => LINEAGE_KINDS.indexOf(k);
const stronger = (a: LineageKind, b: LineageKind) => (rank(a) >= rank(b) ? a : b);

export const depsOf = (input: string, columns: readonly string[], kind: LineageKind): Deps =>
  new Map(columns.map((column) => [`${input}\0${column}`, { input, column, kind, deidentified: false }]));

/**
 * Two ways one output depends on the same input column, as one: a value read beats a filter read;
 * de-identified only if every value read is, and then the kind of the read that is not.
 */
function mergeDep(a: Dep, b: Dep): Dep {
  if (a.kind === "filtered") return b;
  if (b.kind === "filtered") return a;
  if (a.deidentified === b.deidentified) return { ...a, kind: stronger(a.kind, b.kind) };
  return a.deidentified ? b : a;
}

export function merge(...all: Deps[]): Deps {
  const out = new Map<string, Dep>();
  for (const deps of all)
    for (const [key, dep] of deps) {
      const seen = out.get(key);
      out.set(key, seen ? mergeDep(seen, dep) : dep);
    }
  return out;
}

/**
 * `deps` seen through one more operation of `kind`: a value read becomes at least `kind` (and
 * de-identified once any step de-identifies it); a filter read stays one.
 */
export function through(deps: Deps, kind: LineageKind, deidentifies = false): Deps {
  const out = new Map<string, Dep>();
  for (const [key, d] of deps)
    out.set(
      key,
      d.kind === "filtered"
        ? d
        : { ...d, kind: stronger(d.kind, kind), deidentified: d.deidentified || deidentifies },
    );
  return out;
}

/** `deps` read only to decide which rows appear. */
export const asFilter = (deps: Deps): Deps =>
  new Map([...deps].map(([k, d]) => [k, { ...d, kind: "filtered" as const, deidentified: false }]));

/**
 * `deps` of a subquery used as a value (`(SELECT …)`, EXISTS, IN): what decides its rows decides
 * the value too, so even its filter reads are value reads.
 */
export const asValue = (deps: Deps): Deps =>
  new Map(
    [...deps].map(([k, d]) => [
      k,
      { ...d, kind: stronger(d.kind, "transformed"), deidentified: d.kind !== "filtered" && d.deidentified },
    ]),
  );

/** The stored form of `deps`: sorted by input and column, for stable plans and lock files. */
export const sourcesOf = (deps: Deps): ColumnSource[] =>
  [...deps.values()]
    .sort((a, b) => a.input.localeCompare(b.input) || a.column.localeCompare(b.column))
    .map((d) => ({
      input: d.input,
      column: d.column,
      kind: d.kind,
      ...(d.deidentified ? { deidentified: true as const } : {}),
    }));
