/**
 * How a change to the history and metric checks (`quality.volumeChange`, `quality.freshness`,
 * `quality.metrics`) matters to consumers. As for every rule, looser is breaking (a table the old
 * check held back now reaches them) and tighter compatible:
 *
 * | change                                                           | class      |
 * |------------------------------------------------------------------|------------|
 * | a check added, or its severity warning → error                   | compatible |
 * | a check removed, or its severity error → warning                 | breaking   |
 * | volumeChange.maxPercent lowered / raised                         | compatible / breaking |
 * | volumeChange.lastRuns changed                                    | compatible: another baseline, the same allowance |
 * | freshness.field changed                                          | breaking: what "fresh" means changed |
 * | a metric's threshold narrowed (every value it passes passed before) | compatible |
 * | a metric's threshold otherwise changed, or its unit or value lists (not just reordered) | breaking |
 * | an SQL check (by name) added / removed                           | compatible / breaking |
 * | an SQL check's query or field changed                            | breaking: another query cannot be compared with the old |
 * | an SQL check's threshold narrowed / otherwise changed            | compatible / breaking |
 */
import type { Quality } from "../declaration/qualitySchema.js";
import { THRESHOLD_OPERATORS } from "../declaration/qualitySchema.js";
import { type Classifier, type ContractChange, change } from "./change.js";

type Severity = "error" | "warning";

const severityChanges = (before: Severity, after: Severity, path: string): ContractChange[] =>
  before === after
    ? []
    : after === "warning"
      ? [change("breaking", path, "error → warning", "a table that fails the check now reaches consumers")]
      : [change("compatible", path, "warning → error", "a table that fails the check is now held back")];

/** A check on at most one side: removed (breaking), added (compatible), or on neither (no change). */
function presence(before: unknown, after: unknown, path: string): ContractChange[] {
  if (before !== undefined)
    return [change("breaking", path, "removed", "a table that failed it now reaches consumers")];
  if (after !== undefined) return [change("compatible", path, "added", "a table that fails it is held back")];
  return [];
}

export const volumeChangeChanges: Classifier<Quality["volumeChange"]> = (before, after, path) => {
  if (!before || !after) return presence(before, after, path);
  const changes = severityChanges(before.severity, after.severity, `${path}.severity`);
  if (before.maxPercent !== after.maxPercent) {
    const looser = after.maxPercent > before.maxPercent;
    changes.push(
      change(
        looser ? "breaking" : "compatible",
        `${path}.maxPercent`,
        `${before.maxPercent} → ${after.maxPercent}`,
        looser
          ? "a table whose row count moved more than before now reaches consumers"
          : "a table whose row count moves that far is held back; every table that passes passed before",
      ),
    );
  }
  if (before.lastRuns !== after.lastRuns) {
    changes.push(
      change(
        "compatible",
        `${path}.lastRuns`,
        `${before.lastRuns} → ${after.lastRuns}`,
        "the median is taken over another number of runs; the allowed change is the same",
      ),
    );
  }
  return changes;
};

export const freshnessCheckChanges: Classifier<Quality["freshness"]> = (before, after, path) => {
  if (!before || !after) return presence(before, after, path);
  const changes = severityChanges(before.severity, after.severity, `${path}.severity`);
  if (before.field !== after.field) {
    changes.push(
      change(
        "breaking",
        `${path}.field`,
        `${before.field} → ${after.field}`,
        "freshness is measured on another field: data fresh by the new one may be stale by the old",
      ),
    );
  }
  return changes;
};

type MetricCheck = NonNullable<Quality["metrics"]>[number];
/** A check's threshold: exactly one of the ODCS operators. */
type Threshold = Pick<MetricCheck, (typeof THRESHOLD_OPERATORS)[number]>;

/** The values a threshold passes, as an interval (`mustNotBe…` pass all but an interval: none). */
function passes(
  m: Threshold,
): { low: number; lowOpen: boolean; high: number; highOpen: boolean } | undefined {
  const all = { low: -Infinity, lowOpen: true, high: Infinity, highOpen: true };
  if (m.mustBe !== undefined) return { low: m.mustBe, lowOpen: false, high: m.mustBe, highOpen: false };
  if (m.mustBeGreaterThan !== undefined) return { ...all, low: m.mustBeGreaterThan };
  if (m.mustBeGreaterOrEqualTo !== undefined)
    return { ...all, low: m.mustBeGreaterOrEqualTo, lowOpen: false };
  if (m.mustBeLessThan !== undefined) return { ...all, high: m.mustBeLessThan };
  if (m.mustBeLessOrEqualTo !== undefined) return { ...all, high: m.mustBeLessOrEqualTo, highOpen: false };
  if (m.mustBeBetween) {
    return { low: m.mustBeBetween[0], lowOpen: false, high: m.mustBeBetween[1], highOpen: false };
  }
  return undefined;
}

/**
 * Whether every value `after` passes, `before` passed too. Only called on two different thresholds;
 * one that passes all but an interval (`mustNotBe…`) is not compared: a change to or from it is breaking.
 */
function narrower(before: Threshold, after: Threshold): boolean {
  const [a, b] = [passes(before), passes(after)];
  if (!a || !b) return false;
  const lowInside = b.low > a.low || (b.low === a.low && (b.lowOpen || !a.lowOpen));
  const highInside = b.high < a.high || (b.high === a.high && (b.highOpen || !a.highOpen));
  return lowInside && highInside;
}

/** A check's threshold as written, e.g. `mustBeLessThan 5`: the declaration allows exactly one operator. */
const thresholdShown = (m: Threshold) => {
  const op = THRESHOLD_OPERATORS.find((o) => m[o] !== undefined)!;
  return `${op} ${JSON.stringify(m[op])}`;
};
const shown = (m: MetricCheck) => `${thresholdShown(m)} ${m.unit}`;

/** A metric's value list, compared as a set: the order it is written in changes nothing it counts. */
const valueSet = (values: readonly (string | number)[] | undefined) => JSON.stringify(values?.toSorted());

/** A metric check is the same check on both sides when it measures the same metric of the same field. */
const keyOf = (m: MetricCheck) => `${m.metric}${m.field === undefined ? "" : `:${m.field}`}`;

export const metricChanges: Classifier<Quality["metrics"]> = (before = [], after = [], path) => {
  const changes: ContractChange[] = [];
  const was = new Map(before.map((m) => [keyOf(m), m]));
  const now = new Map(after.map((m) => [keyOf(m), m]));
  for (const [key, old] of was) {
    const at = `${path}.${key}`;
    const next = now.get(key);
    if (!next) {
      changes.push(...presence(old, undefined, at));
      continue;
    }
    changes.push(...severityChanges(old.severity, next.severity, `${at}.severity`));
    const sameMeasure =
      old.unit === next.unit &&
      valueSet(old.validValues) === valueSet(next.validValues) &&
      valueSet(old.missingValues) === valueSet(next.missingValues);
    if (!sameMeasure) {
      changes.push(
        change(
          "breaking",
          at,
          "measured differently",
          "its unit or value lists changed: what it passes changed",
        ),
      );
    } else if (shown(old) !== shown(next)) {
      const tighter = narrower(old, next);
      changes.push(
        change(
          tighter ? "compatible" : "breaking",
          at,
          `${shown(old)} → ${shown(next)}`,
          tighter
            ? "every table the new threshold passes passed before"
            : "a table the old threshold held back now passes and reaches consumers",
        ),
      );
    }
  }
  for (const [key, added] of now)
    if (!was.has(key)) changes.push(...presence(undefined, added, `${path}.${key}`));
  return changes;
};

/** SQL checks are the same check on both sides when they have the same name. */
export const sqlCheckChanges: Classifier<Quality["sql"]> = (before = [], after = [], path) => {
  const changes: ContractChange[] = [];
  for (const old of before) {
    const at = `${path}.${old.name}`;
    const next = after.find((c) => c.name === old.name);
    if (!next) {
      changes.push(...presence(old, undefined, at));
      continue;
    }
    changes.push(...severityChanges(old.severity, next.severity, `${at}.severity`));
    if (old.query !== next.query || old.field !== next.field) {
      changes.push(
        change(
          "breaking",
          `${at}.query`,
          "query changed",
          "another query cannot be compared with the old: a table it held back may now pass",
        ),
      );
    } else if (thresholdShown(old) !== thresholdShown(next)) {
      const tighter = narrower(old, next);
      changes.push(
        change(
          tighter ? "compatible" : "breaking",
          at,
          `${thresholdShown(old)} → ${thresholdShown(next)}`,
          tighter
            ? "every table the new threshold passes passed before"
            : "a table the old threshold held back now passes and reaches consumers",
        ),
      );
    }
  }
  for (const added of after)
    if (!before.some((c) => c.name === added.name))
      changes.push(...presence(undefined, added, `${path}.${added.name}`));
  return changes;
};
