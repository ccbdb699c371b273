/**
 * Classifies every change between a published contract and its new version as breaking (a consumer
 * that relied on the old contract can fail) or compatible.
 *
 * | change                                        | class      |
 * |-----------------------------------------------|------------|
 * | field removed or renamed                      | breaking   |
 * | field type changed (narrowed or other)        | breaking   |
 * | field type widened (int → bigint, decimal(p,s) → decimal(p+n,s)) | compatible |
 * | optional → required, or required → optional  | breaking   |
 * | required field added                          | breaking   |
 * | optional field added                          | compatible |
 * | field becomes PII                             | breaking   |
 * | accepted values added, range widened, unique dropped | breaking |
 * | accepted values removed, range narrowed, unique added | compatible |
 * | classification raised                         | breaking   |
 * | freshness or availability SLO loosened        | breaking   |
 * | description, terms, tighter SLOs, lower classification | compatible |
 */
import { CLASSIFICATIONS, type Field } from "../declaration/schema.js";
import { parseDecimal } from "../declaration/types.js";
import { durationMinutes } from "../declaration/units.js";
import type { Contract } from "./contract.js";

export type ChangeClass = "breaking" | "compatible";

export interface ContractChange {
  readonly class: ChangeClass;
  /** Where in the contract, e.g. `schema.amount.type`. */
  readonly path: string;
  readonly description: string;
}

const WIDENINGS: Record<string, readonly string[]> = { int: ["bigint"] };

function isWidening(from: string, to: string): boolean {
  if (WIDENINGS[from]?.includes(to)) return true;
  const a = parseDecimal(from);
  const b = parseDecimal(to);
  return !!a && !!b && b.scale === a.scale && b.precision > a.precision;
}

function fieldChanges(name: string, before: Field, after: Field): ContractChange[] {
  const changes: ContractChange[] = [];
  const at = (key: string) => `schema.${name}.${key}`;
  const add = (cls: ChangeClass, key: string, description: string) =>
    changes.push({ class: cls, path: at(key), description });
  if (before.type !== after.type) {
    add(
      isWidening(before.type, after.type) ? "compatible" : "breaking",
      "type",
      `type ${before.type} → ${after.type}`,
    );
  }
  if (before.required !== after.required) {
    add(
      "breaking",
      "required",
      after.required ? "optional → required" : "required → optional: nulls may now appear",
    );
  }
  if (!before.pii && after.pii) add("breaking", "pii", "became PII: consumers not admitted lose the field");
  if (before.pii && !after.pii) add("compatible", "pii", "no longer PII");
  if (before.unique && !after.unique) add("breaking", "unique", "no longer unique");
  if (!before.unique && after.unique) add("compatible", "unique", "now unique");
  const added = (after.accepted ?? []).filter((v) => before.accepted && !before.accepted.includes(v));
  if (before.accepted && !after.accepted) add("breaking", "accepted", "any value is now accepted");
  else if (added.length > 0) add("breaking", "accepted", `new accepted values: ${added.join(", ")}`);
  else if (after.accepted && (!before.accepted || after.accepted.length < before.accepted.length)) {
    add("compatible", "accepted", "fewer accepted values");
  }
  for (const [bound, looser] of [
    ["min", (a: number, b: number) => b < a],
    ["max", (a: number, b: number) => b > a],
  ] as const) {
    const a = before[bound];
    const b = after[bound];
    if (a === b) continue;
    const widened = b === undefined || (a !== undefined && looser(a, b));
    add(widened ? "breaking" : "compatible", bound, `${bound} ${a ?? "none"} → ${b ?? "none"}`);
  }
  if (before.description !== after.description) add("compatible", "description", "description changed");
  return changes;
}

/** Every change from `before` to `after`, in schema order then contract-level changes. */
export function diffContracts(before: Contract, after: Contract): ContractChange[] {
  const changes: ContractChange[] = [];
  const removed = Object.keys(before.schema).filter((f) => !(f in after.schema));
  const addedFields = Object.keys(after.schema).filter((f) => !(f in before.schema));
  for (const name of removed) {
    const old = before.schema[name]!;
    const renamedTo = addedFields.find(
      (n) => after.schema[n]!.type === old.type && after.schema[n]!.description === old.description,
    );
    changes.push({
      class: "breaking",
      path: `schema.${name}`,
      description: renamedTo ? `field renamed to ${renamedTo}` : "field removed",
    });
  }
  for (const [name, field] of Object.entries(after.schema)) {
    const old = before.schema[name];
    if (old) changes.push(...fieldChanges(name, old, field));
    else if (!changes.some((c) => c.description === `field renamed to ${name}`)) {
      changes.push({
        class: field.required ? "breaking" : "compatible",
        path: `schema.${name}`,
        description: field.required
          ? "required field added: existing producers do not send it"
          : "optional field added",
      });
    }
  }
  const rank = (c: Contract["classification"]) => CLASSIFICATIONS.indexOf(c);
  if (before.classification !== after.classification) {
    changes.push({
      class: rank(after.classification) > rank(before.classification) ? "breaking" : "compatible",
      path: "classification",
      description: `classification ${before.classification} → ${after.classification}`,
    });
  }
  const freshness = [durationMinutes(before.slos.freshness)!, durationMinutes(after.slos.freshness)!];
  if (freshness[0] !== freshness[1]) {
    changes.push({
      class: freshness[1]! > freshness[0]! ? "breaking" : "compatible",
      path: "slos.freshness",
      description: `freshness ${before.slos.freshness} → ${after.slos.freshness}`,
    });
  }
  if (before.slos.availability !== after.slos.availability) {
    const loosened = (after.slos.availability ?? 0) < (before.slos.availability ?? 0);
    changes.push({
      class: loosened ? "breaking" : "compatible",
      path: "slos.availability",
      description: `availability ${before.slos.availability ?? "none"} → ${after.slos.availability ?? "none"}`,
    });
  }
  if (before.description !== after.description) {
    changes.push({ class: "compatible", path: "description", description: "description changed" });
  }
  if (before.terms !== after.terms)
    changes.push({ class: "compatible", path: "terms", description: "terms of use changed" });
  return changes;
}

export const isBreaking = (changes: readonly ContractChange[]) => changes.some((c) => c.class === "breaking");
