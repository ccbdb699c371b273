/**
 * What of a run's failure may be published beyond the domain that owns the product — in the
 * catalog every domain reads, and in the events an OpenLineage backend serves to the whole mesh.
 *
 * A database error quotes the data it failed on: `Could not convert string 'alice@example.com' to
 * INT32`, `duplicate key "17"`, or whatever a tenant's SQL passes to `error()`. A domain admitted to
 * another domain's PII could otherwise publish it to every reader through a failing run. So only the
 * kind of error is published (one of DuckDB's error types: `Conversion Error`), never
 * its text; which contract rules failed is published separately, as counts. The owning domain reads
 * the whole message where only it can: the run's output and logs, and `mesh status` on its own
 * warehouse.
 */

/**
 * DuckDB's error types (its `ExceptionType` names, as its messages spell them before ` Error:`): a
 * fixed list, so nothing a tenant's SQL writes into a message can pass for one.
 */
const KINDS = [
  "Binder",
  "Catalog",
  "Connection",
  "Constraint",
  "Conversion",
  "Decimal",
  "Dependency",
  "Divide by Zero",
  "Executor",
  "Expression",
  "HTTP",
  "INTERNAL",
  "INTERRUPT",
  "IO",
  "Invalid Input",
  "Invalid type",
  "Mismatch Type",
  "Missing Extension",
  "Not implemented",
  "Out of Memory",
  "Out of Range",
  "Parser",
  "Permission",
  "Sequence",
  "Serialization",
  "Syntax",
  "TransactionContext",
];
const ERROR_KIND = new RegExp(`\\b(${KINDS.join("|")}) Error:`);

export const WITHHELD =
  "its message is withheld outside the owning domain, as it may quote the data; the domain reads it in the run's logs";

/** `Conversion Error (its message is withheld …)`: the kind of a run's error, without its text. */
export function publishedError(message: string): string {
  const kind = ERROR_KIND.exec(message)?.[1];
  return `${kind === undefined ? "the run failed" : `${kind} Error`} (${WITHHELD})`;
}
