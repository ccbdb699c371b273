import type { Violation } from "../../policies/engine/types.js";
import type { Output } from "../io.js";

/** Violations grouped by rule, each with the resource URN and the message. */
export function printViolations(violations: readonly Violation[], io: Output): void {
  if (violations.length === 0) {
    io.out("  policies: no violations");
    return;
  }
  const byPolicy = new Map<string, Violation[]>();
  for (const v of violations) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
  io.out(`  policies: ${violations.length} violations`);
  for (const [policy, list] of byPolicy) {
    io.out(`  [${list[0]!.level}] ${policy}`);
    for (const v of list) io.out(`    ${v.urn || "(stack)"}\n      ${v.message}`);
  }
}
