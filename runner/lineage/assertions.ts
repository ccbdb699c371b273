/**
 * Every rule of a product's output contract, passed or failed, as the run's lineage reports it:
 * the rules `contractChecks` derives (the one list the enforcement runs), each column's presence
 * and type, and the row-count bounds; a rule `enforceContract` reported broken is failed, with its
 * rows. When a column is missing or mistyped the value rules do not run: they are not reported.
 * The table-level checks of `quality` (metrics, volume change, freshness: `qualityChecks.ts`) come
 * from the run's own results (`checks`), passed, failed or failed as a warning.
 */
import type { Contract } from "../../components/contract/contract.js";
import { contractChecks } from "../../components/contract/sql.js";
import type { CheckResult } from "../../components/history/runRecord.js";
import type { Assertion } from "../../components/openlineage/events.js";
import type { RuleFailure } from "../enforce.js";

export function contractAssertions(
  contract: Pick<Contract, "schema" | "quality">,
  failures: readonly RuleFailure[],
  rows: number,
  checks: readonly CheckResult[] = [],
): Assertion[] {
  const failed = (rule: string, column?: string) =>
    failures.find((f) => f.rule === rule && f.column === column);
  const assertions: Assertion[] = [];
  const shapeBroken = failures.some((f) => f.rule === "column" || f.rule === "type");
  for (const column of Object.keys(contract.schema)) {
    const broken = failed("column", column) ?? failed("type", column);
    assertions.push({
      rule: broken?.rule ?? "type",
      column,
      success: broken === undefined,
      rows: broken?.rows ?? 0,
      ...(broken ? { message: broken.message } : {}),
    });
  }
  // Columns the output has and the contract does not.
  for (const f of failures)
    if (f.rule === "column" && f.column !== undefined && !(f.column in contract.schema))
      assertions.push({ rule: "column", column: f.column, success: false, rows: 0, message: f.message });
  if (!shapeBroken) {
    for (const check of contractChecks(contract, (name) => name)) {
      const broken = failed(check.rule, check.column);
      assertions.push({
        rule: check.rule,
        column: check.column,
        success: broken === undefined,
        rows: broken?.rows ?? 0,
        ...(broken ? { message: broken.message } : {}),
      });
    }
  }
  const bounds = contract.quality.rowCount;
  if (bounds && (bounds.min !== undefined || bounds.max !== undefined)) {
    const broken = failed("rowCount");
    assertions.push({
      rule: "rowCount",
      success: broken === undefined,
      rows,
      expected: `${bounds.min ?? ""}..${bounds.max ?? ""}`,
      ...(broken ? { message: broken.message } : {}),
    });
  }
  // What enforcement reported above; every other check is one of `quality`'s: `<metric>:<field>`
  // (`rowCount:metric` for a table-level metric), `volumeChange`, `freshness:<field>`, `sql:<name>`.
  const reported = new Set([
    "columns",
    "rowCount",
    ...contractChecks(contract, (name) => name).map((c) => `${c.rule}:${c.column}`),
  ]);
  for (const check of checks) {
    if (reported.has(check.rule)) continue;
    // An SQL check's name is not a column: `sql:<name>` is the assertion.
    const [rule, on] = check.rule.startsWith("sql:")
      ? [check.rule, undefined]
      : (check.rule.split(/:(.*)/s) as [string, string | undefined]);
    const column = on === undefined || on === "metric" ? undefined : on;
    const broken = failed(rule, column);
    assertions.push({
      rule,
      ...(column !== undefined ? { column } : {}),
      success: check.passed,
      rows: broken?.rows ?? (check.passed ? 0 : (check.observed ?? 0)),
      ...(check.expected !== undefined ? { expected: check.expected } : {}),
      ...(broken ? { message: broken.message } : {}),
    });
  }
  return assertions;
}
