/**
 * The name of a type a prepared statement reports, as `DESCRIBE` and {@link duckdbType} name it.
 * The C API's `toString()` names a type by its physical type, so a JSON column (an alias of
 * VARCHAR) would read as VARCHAR and never match a contract's `json` field; the alias is kept here,
 * at every depth of a list or struct.
 */
import { createRequire } from "node:module";
import type { DuckDBType } from "@duckdb/node-api";

// DuckDB's API is loaded by whoever made `type` (loadDuckdb.ts loads it on first use), so requiring
// it here, where its type ids are read, only looks it up (the package is CommonJS).
const require = createRequire(import.meta.url);
const typeIds = () => (require("@duckdb/node-api") as typeof import("@duckdb/node-api")).DuckDBTypeId;

export function duckdbTypeName(type: DuckDBType): string {
  if (type.alias !== undefined) return type.alias;
  const DuckDBTypeId = typeIds();
  switch (type.typeId) {
    case DuckDBTypeId.LIST:
      return `${duckdbTypeName(type.valueType)}[]`;
    case DuckDBTypeId.ARRAY:
      return `${duckdbTypeName(type.valueType)}[${type.length}]`;
    case DuckDBTypeId.STRUCT:
      return `STRUCT(${type.entryNames
        .map((name, i) => `"${name.replaceAll('"', '""')}" ${duckdbTypeName(type.entryTypes[i]!)}`)
        .join(", ")})`;
    default:
      return type.toString();
  }
}
