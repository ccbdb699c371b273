/**
 * The concrete resources a grant may cover (`Target`), and an index of them by key, so that a
 * stack's grants are tested only against the targets their patterns can reach rather than against
 * every product of the mesh: with each grant tested against all of them, one stack's evaluation
 * grew with the mesh and the whole plan with its square.
 */

/** A concrete resource a grant may cover. */
export type Target =
  | { readonly kind: "topic"; readonly name: string }
  /** Every object under a key prefix: in one bucket, or (unset) in whichever bucket a grant names. */
  | { readonly kind: "object"; readonly bucket?: string; readonly prefix: string }
  | { readonly kind: "table"; readonly database: string; readonly table: string };

/**
 * Targets whose key is read the same way against a pattern: objects in a named bucket are keyed
 * `bucket/prefix`, objects in whichever bucket a grant names only by their prefix.
 */
export type TargetGroup = "topic" | "table" | "bucketObject" | "anyBucketObject";

export const TARGET_GROUPS: readonly TargetGroup[] = ["topic", "table", "bucketObject", "anyBucketObject"];

export const targetGroup = (t: Target): TargetGroup =>
  t.kind === "object" ? (t.bucket === undefined ? "anyBucketObject" : "bucketObject") : t.kind;

/** The part of a target a pattern's wildcards range over, after what the pattern itself fixes. */
export function targetKey(t: Target): string {
  switch (t.kind) {
    case "topic":
      return t.name;
    case "table":
      return `${t.database}/${t.table}`;
    case "object":
      return t.bucket === undefined ? t.prefix : `${t.bucket}/${t.prefix}`;
  }
}

/**
 * The keys of one group a grant can reach: every key (`all`), or those that start with `prefix`,
 * and with `ancestors` also those that `prefix` starts with (an object target stands for every
 * object under its prefix, so a pattern deeper than the prefix still reaches some of them).
 * A range is a necessary condition only: the grant's own `covers` decides.
 */
export type KeyRange = { readonly all: true } | { readonly prefix: string; readonly ancestors: boolean };

export const EVERY_KEY: KeyRange = { all: true };

/** Targets with their payload, indexed by group and key. */
export class TargetIndex<T extends { readonly target: Target }> {
  private readonly sorted = new Map<TargetGroup, { key: string; entry: T }[]>();
  private readonly byKey = new Map<TargetGroup, Map<string, T[]>>();
  /** The lengths of each group's keys, shortest first: a key a prefix starts with has one of them. */
  private readonly lengths = new Map<TargetGroup, number[]>();
  /** Each entry's position as given, so that what is reported keeps the targets' order. */
  private readonly order = new Map<T, number>();

  constructor(entries: Iterable<T>) {
    for (const group of TARGET_GROUPS) {
      this.sorted.set(group, []);
      this.byKey.set(group, new Map());
    }
    for (const entry of entries) {
      this.order.set(entry, this.order.size);
      const group = targetGroup(entry.target);
      const key = targetKey(entry.target);
      this.sorted.get(group)?.push({ key, entry });
      const same = this.byKey.get(group);
      same?.set(key, [...(same.get(key) ?? []), entry]);
    }
    for (const [group, list] of this.sorted) {
      list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.lengths.set(
        group,
        [...new Set(list.map(({ key }) => key.length))].sort((a, b) => a - b),
      );
    }
  }

  /** The entries within the ranges a grant reaches in each group, each once, in the order given. */
  reachedBy(reach: (group: TargetGroup) => readonly KeyRange[]): T[] {
    const found = new Set<T>();
    for (const group of TARGET_GROUPS) this.within(group, reach(group), found);
    return [...found].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }

  private within(group: TargetGroup, ranges: readonly KeyRange[], found: Set<T>): void {
    const list = this.sorted.get(group) ?? [];
    for (const range of ranges) {
      if ("all" in range) {
        for (const { entry } of list) found.add(entry);
        continue;
      }
      for (let i = lowerBound(list, range.prefix); i < list.length; i++) {
        const item = list[i];
        if (item === undefined || !item.key.startsWith(range.prefix)) break;
        found.add(item.entry);
      }
      if (range.ancestors) {
        const same = this.byKey.get(group);
        // Only at the lengths keys have: object patterns are long, and most lengths name no key.
        for (const n of this.lengths.get(group) ?? []) {
          if (n >= range.prefix.length) break;
          for (const entry of same?.get(range.prefix.slice(0, n)) ?? []) found.add(entry);
        }
      }
    }
  }
}

/** The first position whose key is not below `key`. */
function lowerBound(list: readonly { key: string }[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.key ?? "") < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
