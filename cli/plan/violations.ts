import { isNote, type Violation } from "../../policies/engine/types.js";
import { allRules } from "../../policies/rules/all.js";
import { type Output, plural } from "../io.js";

/** Each rule's remediation by name: what to change so it passes, printed with its violations. */
const REMEDIATION = new Map(allRules.map((r) => [r.name, r.remediation]));

/** Findings split into violations (a verdict) and notes (the rule could not evaluate a value). */
export function splitFindings(findings: readonly Violation[]): {
  violations: Violation[];
  notes: Violation[];
} {
  return { violations: findings.filter((v) => !isNote(v)), notes: findings.filter(isNote) };
}

function printGrouped(
  list: readonly Violation[],
  io: Output,
  tag: (v: Violation) => string,
  remediate: boolean,
): void {
  const byPolicy = new Map<string, Violation[]>();
  for (const v of list) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
  for (const [policy, group] of byPolicy) {
    io.out(`  [${tag(group[0]!)}] ${policy}`);
    for (const v of group) io.out(`    ${v.urn || "(stack)"}\n      ${v.message}`);
    // Once per rule, after its resources: what the finding asks of the reader.
    const remediation = REMEDIATION.get(policy);
    if (remediation && remediate) io.out(`    fix: ${remediation}`);
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
    io.out(`  policies: ${plural(violations.length, "violation")}`);
    printGrouped(violations, io, (v) => v.level, true);
  }
  if (notes.length > 0) {
    io.out(
      `  policy notes: ${plural(notes.length, "check")} could not be evaluated at preview (not violations)`,
    );
    // A note is no verdict: there is nothing to fix until the value is known.
    printGrouped(notes, io, () => "could not evaluate", false);
  }
}
