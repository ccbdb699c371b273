/**
 * The name of a type a prepared statement reports, as `DESCRIBE` and {@link duckdbType} name it.
 * The C API's `toString()` names a type by its physical type, so a JSON column (an alias of
 * VARCHAR) would read as VARCHAR and never match a contract's `json` field; the alias is kept here,
 * at every depth of a list or struct.
 */
import { type DuckDBType, DuckDBTypeId } from "@duckdb/node-api";

export function duckdbTypeName(type: DuckDBType): string {
  if (type.alias !== undefined) return type.alias;
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
