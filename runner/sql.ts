/** Small helpers for building DuckDB SQL safely from names and values a declaration contains. */
import { literal } from "../components/contract/sql.js";

// String and number literals are standard SQL, shared with the Spark plan.
/** A quoted identifier: `"a""b"`. */
export { duckdbIdent as ident, literal, sqlValue as value } from "../components/contract/sql.js";
/** A JSON path to a top-level key, as DuckDB's JSON functions take it. */
export const jsonPath = (key: string) => literal(`$."${key.replace(/"/g, '\\"')}"`);
