/**
 * Whether a table's columns are the ones its contract says: the same names, each of the DuckDB
 * type `duckdbType` maps its field to, nothing missing and nothing more. One comparison for the
 * runner (the transformed table, before it loads) and the plan (the columns the bound SQL would
 * produce, before anything deploys). Struct types compare however their field names are quoted.
 */
import { duckdbType, sameDuckdbType } from "../declaration/types.js";
import type { Contract } from "./contract.js";

/** One way the columns differ from the contract. */
export type ColumnMismatch =
  | { readonly kind: "missing"; readonly column: string; readonly expected: string }
  | { readonly kind: "extra"; readonly column: string; readonly actual: string }
  | { readonly kind: "type"; readonly column: string; readonly actual: string; readonly expected: string }
  | { readonly kind: "duplicate"; readonly column: string };

/** A column: its name and DuckDB type (as `DESCRIBE` or a prepared statement names it). */
export interface TypedColumn {
  readonly name: string;
  readonly type: string;
}

/** How `columns` differ from `contract`'s schema, in contract order then output order; empty when they match. */
export function columnMismatches(
  columns: readonly TypedColumn[],
  contract: Pick<Contract, "schema">,
): ColumnMismatch[] {
  const mismatches: ColumnMismatch[] = [];
  const types = new Map<string, string>();
  for (const c of columns) {
    if (types.has(c.name)) mismatches.push({ kind: "duplicate", column: c.name });
    else types.set(c.name, c.type);
  }
  for (const [name, field] of Object.entries(contract.schema)) {
    const actual = types.get(name);
    const expected = duckdbType(field.type);
    if (actual === undefined) mismatches.push({ kind: "missing", column: name, expected });
    else if (!sameDuckdbType(actual, expected))
      mismatches.push({ kind: "type", column: name, actual, expected });
  }
  for (const [name, actual] of types) {
    if (!(name in contract.schema)) mismatches.push({ kind: "extra", column: name, actual });
  }
  return mismatches;
}
