/** Small helpers for building DuckDB SQL safely from names and values a declaration contains. */

/** A quoted identifier: `"a""b"`. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A quoted string literal: `'it''s'`. */
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
/** A SQL literal for a string or a number. */
export const value = (v: string | number) => (typeof v === "number" ? String(v) : literal(v));
/** A JSON path to a top-level key, as DuckDB's JSON functions take it. */
export const jsonPath = (key: string) => literal(`$."${key.replace(/"/g, '\\"')}"`);
