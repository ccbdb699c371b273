/**
 * ODCS names are free text ("Orders Event Stream", "UniqueID"); mesh names are DNS labels (products,
 * domains, teams) and snake_case (fields). Import converts them and warns when it had to.
 */

/** Word boundaries of camelCase and PascalCase (`UniqueID` → `Unique ID`, `XMLFile` → `XML File`). */
const splitCamel = (s: string) =>
  s.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");

const ascii = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

/** `Orders Event Stream` → `orders-event-stream`. */
export const toDnsLabel = (s: string) =>
  ascii(splitCamel(s))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** `DataValue` → `data_value`. */
export const toSnakeCase = (s: string) =>
  ascii(splitCamel(s))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
