/**
 * The schema part of the contract diff: fields removed, renamed or added, and every key of a field
 * classified for its consumers (the table is exhaustive over `Field`: see `change.ts`). The rules
 * of a field describe the values consumers receive, so a looser rule (a higher max, more accepted
 * values, uniqueness dropped) is breaking and a tighter one compatible.
 */
import type { Field } from "../declaration/schema.js";
import { isNestedType, parseDecimal } from "../declaration/types.js";
import {
  boundChanges,
  type Classifiers,
  type ContractChange,
  change,
  classifyEach,
  type DiffScope,
  informational,
} from "./change.js";
import type { Contract } from "./contract.js";

const WIDENINGS: Record<string, readonly string[]> = { int: ["bigint"] };

/**
 * Whether every `from` value is a `to` value. A decimal of the same precision counts: it is the same
 * type spelled another way (`decimal(12, 2)`), which the declaration keeps as written.
 */
function isWidening(from: string, to: string): boolean {
  if (WIDENINGS[from]?.includes(to)) return true;
  const a = parseDecimal(from);
  const b = parseDecimal(to);
  return !!a && !!b && b.scale === a.scale && b.precision >= a.precision;
}

const list = (values: readonly unknown[]) => values.join(", ");

const valueBound = (bound: "min" | "max") => {
  const side = bound === "min" ? "below" : "above";
  return (before: number | undefined, after: number | undefined, path: string) =>
    boundChanges(bound, before, after, path, {
      looser: (old) => `values ${side} ${old} may now appear`,
      tighter: (now) => `values ${side} ${now} no longer appear; every value was allowed before`,
    });
};

const lengthBound = (bound: "minLength" | "maxLength") => {
  const side = bound === "minLength" ? "shorter" : "longer";
  return (before: number | undefined, after: number | undefined, path: string) =>
    boundChanges(bound, before, after, path, {
      looser: (old) => `values ${side} than ${old} characters may now appear`,
      tighter: (now) =>
        `values ${side} than ${now} characters no longer appear; every value was allowed before`,
    });
};

/** Every key of a field, classified. */
const FIELD: Classifiers<Field> = {
  type: (before, after, path) => {
    if (before === after) return [];
    const description = `type ${before} → ${after}`;
    // json is the text of any JSON value: whatever it changes from or to, readers parse differently.
    if (before === "json" || after === "json") {
      return [
        change(
          "breaking",
          path,
          description,
          after === "json"
            ? `consumers that read it as ${before} now receive JSON text, which any JSON value may be`
            : `consumers that read it as JSON text now receive a ${after}, and values that are no ${after} are refused`,
        ),
      ];
    }
    // Inside a list or struct every change is breaking, a widening or an added struct field too:
    // consumers read the parts by position and name, and engines differ on which casts they allow.
    if (isNestedType(before) || isNestedType(after)) {
      return [
        change(
          "breaking",
          path,
          description,
          "the type of a list or struct changed: consumers that read its parts may fail or lose values",
        ),
      ];
    }
    return isWidening(before, after)
      ? [change("compatible", path, description, `every ${before} value fits a ${after}`)]
      : [
          change(
            "breaking",
            path,
            description,
            `consumers that read it as ${before} may fail or lose values`,
          ),
        ];
  },
  description: informational("description", "informational: the values are unchanged"),
  required: (before, after, path) => {
    if (before === after) return [];
    return after
      ? [
          change(
            "breaking",
            path,
            "optional → required",
            "records with a null here are now refused, so rows consumers received may stop arriving",
          ),
        ]
      : [change("breaking", path, "required → optional", "nulls may now appear")];
  },
  pii: (before, after, path) => {
    if (before === after) return [];
    return after
      ? [
          change(
            "breaking",
            path,
            "became PII",
            "consumers not admitted to the PII lose the field: they read the PII-free projection",
          ),
        ]
      : [change("compatible", path, "no longer PII", "consumers not admitted to the PII gain the field")];
  },
  unique: (before, after, path) => {
    if (before === after) return [];
    return after
      ? [change("compatible", path, "now unique", "duplicates no longer appear")]
      : [change("breaking", path, "no longer unique", "duplicates may now appear")];
  },
  accepted: (before, after, path) => {
    if (before === undefined && after === undefined) return [];
    if (after === undefined) {
      return [
        change(
          "breaking",
          path,
          "accepted values dropped",
          `values other than ${list(before!)} may now appear`,
        ),
      ];
    }
    if (before === undefined) {
      return [
        change("compatible", path, `accepted values now ${list(after)}`, "values are limited to those"),
      ];
    }
    const added = after.filter((v) => !before.includes(v));
    const removed = before.filter((v) => !after.includes(v));
    if (added.length > 0) {
      return [
        change(
          "breaking",
          path,
          `new accepted values: ${list(added)}`,
          "consumers may now see values they do not handle",
        ),
      ];
    }
    if (removed.length > 0) {
      return [
        change(
          "compatible",
          path,
          `accepted values removed: ${list(removed)}`,
          "every value that appears was accepted before",
        ),
      ];
    }
    return [];
  },
  min: valueBound("min"),
  max: valueBound("max"),
  minLength: lengthBound("minLength"),
  maxLength: lengthBound("maxLength"),
  // Whether one pattern admits fewer values than another is undecidable in general: only a new
  // pattern (values are limited to it) is known to admit no new values.
  pattern: (before, after, path) => {
    if (before === after) return [];
    if (before === undefined) {
      return [change("compatible", path, `pattern now ${after}`, "values are limited to those it matches")];
    }
    return after === undefined
      ? [change("breaking", path, "pattern dropped", `values not matching ${before} may now appear`)]
      : [
          change(
            "breaking",
            path,
            `pattern ${before} → ${after}`,
            `values not matching ${before} may now appear: the mesh cannot prove the new pattern is narrower`,
          ),
        ];
  },
  // A key is required and unique, and those rules are classified on their own.
  primaryKey: informational(
    "primary key",
    "informational: its required and unique rules are diffed on their own",
  ),
};

/** Changes to the fields of `schema`: removed, renamed, added, and each kept field's keys. */
export function schemaChanges(
  before: Contract["schema"],
  after: Contract["schema"],
  path: string,
  scope: DiffScope,
): ContractChange[] {
  const changes: ContractChange[] = [];
  const added = Object.keys(after).filter((f) => !(f in before));
  const renamed = new Set<string>();
  for (const name of Object.keys(before).filter((f) => !(f in after))) {
    const old = before[name]!;
    // A rename is a removal too; naming the new field tells the owner what the consumers see.
    const to = added.find(
      (n) => !renamed.has(n) && after[n]!.type === old.type && after[n]!.description === old.description,
    );
    if (to !== undefined) renamed.add(to);
    changes.push(
      to !== undefined
        ? change(
            "breaking",
            `${path}.${name}`,
            `field renamed to ${to}`,
            "consumers that read it by its old name fail",
          )
        : change("breaking", `${path}.${name}`, "field removed", "consumers that read it fail"),
    );
  }
  for (const [name, field] of Object.entries(after)) {
    const old = before[name];
    if (old) changes.push(...classifyEach(FIELD, old, field, `${path}.${name}`, scope));
    else if (renamed.has(name)) continue;
    else if (field.required) {
      changes.push(
        change(
          "breaking",
          `${path}.${name}`,
          "required field added",
          "records without it are refused, so rows consumers received may stop arriving",
        ),
      );
    } else {
      changes.push(
        change(
          "compatible",
          `${path}.${name}`,
          "optional field added",
          "a new column, which existing queries do not read",
        ),
      );
    }
  }
  return changes;
}
