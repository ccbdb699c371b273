/**
 * How a change to a composite primary key matters to consumers. A key of one field is its
 * `required` and `unique` rules, diffed field by field (`fieldDiff.ts`); a key of several fields is
 * one promise about the combination, judged here:
 *
 * | change                                               | class      |
 * |------------------------------------------------------|------------|
 * | a composite key where there was none                 | compatible: a combination that repeated is now held back |
 * | a composite key removed, or made of other fields     | breaking: consumers that join or deduplicate on it can no longer rely on it |
 */

import { primaryKeyOf } from "../declaration/primaryKey.js";
import { type ContractChange, change } from "./change.js";
import type { Contract } from "./contract.js";

const shown = (key: readonly string[]) => (key.length === 0 ? "none" : `(${key.join(", ")})`);

export function primaryKeyChanges(
  before: Contract["schema"],
  after: Contract["schema"],
  path: string,
): ContractChange[] {
  const [was, is] = [primaryKeyOf(before), primaryKeyOf(after)];
  if (was.length < 2 && is.length < 2) return [];
  const same = was.length === is.length && was.every((f) => is.includes(f));
  if (same) return [];
  const at = `${path}.primaryKey`;
  const description = `primary key ${shown(was)} → ${shown(is)}`;
  if (was.length === 0) {
    return [
      change("compatible", at, description, "a table that repeats a combination of its fields is held back"),
    ];
  }
  return [
    change(
      "breaking",
      at,
      description,
      `consumers that join or deduplicate on ${shown(was)} can no longer rely on it being unique`,
    ),
  ];
}
