import { isNote, type Violation } from "../../policies/engine/types.js";
import type { Output } from "../io.js";

/** Findings split into violations (a verdict) and notes (the rule could not evaluate a value). */
export function splitFindings(findings: readonly Violation[]): {
  violations: Violation[];
  notes: Violation[];
} {
  return { violations: findings.filter((v) => !isNote(v)), notes: findings.filter(isNote) };
}

function printGrouped(list: readonly Violation[], io: Output, tag: (v: Violation) => string): void {
  const byPolicy = new Map<string, Violation[]>();
  for (const v of list) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
  for (const [policy, group] of byPolicy) {
    io.out(`  [${tag(group[0]!)}] ${policy}`);
    for (const v of group) io.out(`    ${v.urn || "(stack)"}\n      ${v.message}`);
  }
}

/**
 * Violations grouped by rule, each with the resource URN and the message; then, apart and never
 * counted as violations, the notes of rules that could not evaluate a value unknown at preview.
 */
export function printViolations(findings: readonly Violation[], io: Output): void {
  const { violations, notes } = splitFindings(findings);
  if (violations.length === 0) io.out("  policies: no violations");
  else {
    io.out(`  policies: ${violations.length} violations`);
    printGrouped(violations, io, (v) => v.level);
  }
  if (notes.length > 0) {
    io.out(`  policy notes: ${notes.length} checks could not be evaluated at preview (not violations)`);
    printGrouped(notes, io, () => "could not evaluate");
  }
}
