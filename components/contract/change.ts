/**
 * The vocabulary of the contract diff (`diff.ts`, `fieldDiff.ts`): a classified change with the
 * reason it matters to a consumer, and typed tables of classifiers. A table names every key of the
 * object it classifies, optional keys included, so a key added to the contract, a field, the SLOs,
 * the quality rules or the access rules without a classification fails `tsc`.
 */
import type { Contract } from "./contract.js";

export type ChangeClass = "breaking" | "compatible";

export interface ContractChange {
  readonly class: ChangeClass;
  /** Where in the contract, e.g. `schema.amount.max`. */
  readonly path: string;
  /** What changed, e.g. `max 100 → 1000`. */
  readonly description: string;
  /** Why the change is breaking or compatible for a consumer of the product. */
  readonly reason: string;
}

export const change = (
  cls: ChangeClass,
  path: string,
  description: string,
  reason: string,
): ContractChange => ({ class: cls, path, description, reason });

/** One line for messages: where, what and why. */
export const formatChange = (c: ContractChange) => `${c.path}: ${c.description} (${c.reason})`;

/** Both whole contracts: some verdicts depend on other keys (who is served depends on the classification). */
export interface DiffScope {
  readonly before: Contract;
  readonly after: Contract;
}

/** The changes between two values of one key, at `path`. */
export type Classifier<T> = (before: T, after: T, path: string, scope: DiffScope) => ContractChange[];

/**
 * One classifier per key of `T`. `-?` makes optional keys (`terms`, `accepted`, `max`…) required
 * here too, which a plain `Record<keyof T, …>` would also do but without each key's own type.
 */
export type Classifiers<T> = { readonly [K in keyof T]-?: Classifier<T[K]> };

/** Runs every classifier of `table` on its key, in the table's order. */
export function classifyEach<T extends object>(
  table: Classifiers<T>,
  before: T,
  after: T,
  path: string,
  scope: DiffScope,
): ContractChange[] {
  return (Object.keys(table) as (keyof T & string)[]).flatMap((key) => {
    const classify = table[key] as Classifier<T[keyof T]>;
    return classify(before[key], after[key], path === "" ? key : `${path}.${key}`, scope);
  });
}

/** A classifier for a key that only informs (a description, terms of use): any change is compatible. */
export const informational =
  (what: string, reason: string): Classifier<unknown> =>
  (before, after, path) =>
    JSON.stringify(before) === JSON.stringify(after)
      ? []
      : [change("compatible", path, `${what} changed`, reason)];

/**
 * A lower (`min`) or upper (`max`) bound on what consumers receive. Looser (a lower min, a higher
 * max, or none) lets through what the old bound refused: breaking. Tighter: compatible.
 */
export function boundChanges(
  bound: "min" | "max" | "minLength" | "maxLength",
  before: number | undefined,
  after: number | undefined,
  path: string,
  reasons: { readonly looser: (old: number) => string; readonly tighter: (now: number) => string },
): ContractChange[] {
  if (before === after) return [];
  const description = `${bound} ${before ?? "none"} → ${after ?? "none"}`;
  const looser =
    after === undefined ||
    (before !== undefined && (bound.startsWith("min") ? after < before : after > before));
  // Looser means there was a bound (`before`); tighter means there is one (`after`).
  return looser
    ? [change("breaking", path, description, reasons.looser(before!))]
    : [change("compatible", path, description, reasons.tighter(after!))];
}
