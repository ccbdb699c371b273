/** Small helpers for building DuckDB SQL safely from names and values a declaration contains. */
import { literal } from "../components/contract/sql.js";

// String and number literals are standard SQL, shared with the Spark plan.
export { literal, sqlValue as value } from "../components/contract/sql.js";

/** A quoted identifier: `"a""b"`. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A JSON path to a top-level key, as DuckDB's JSON functions take it. */
export const jsonPath = (key: string) => literal(`$."${key.replace(/"/g, '\\"')}"`);
