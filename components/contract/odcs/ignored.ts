/**
 * ODCS fields the mesh model has no place for but whose loss changes no promise to consumers
 * (documentation, links, tags, layout): import drops them with a warning each, saying why.
 * Fields whose loss would weaken a promise are import errors instead (see importOdcs).
 */
import { child } from "./errors.js";

const WHY: Record<string, string> = {
  businessName: "the mesh keeps one description per field",
  tags: "the mesh has no tags",
  authoritativeDefinitions: "the mesh keeps no links to definitions",
  examples: "the mesh keeps no sample values",
  partitioned: "the mesh partitions its tables itself",
  partitionKeyPosition: "the mesh partitions its tables itself",
  physicalName: "the mesh names its own tables",
  encryptedName: "the mesh encrypts whole tables, not columns",
  transformSourceObjects: "the transform is the product's SQL",
  transformLogic: "the transform is the product's SQL",
  transformDescription: "the transform is the product's SQL",
  relationships: "the mesh does not check relationships between tables",
  dataGranularityDescription: "the product's description states its grain",
  criticalDataElement: "the mesh does not mark critical data elements",
  customProperties: "not a property the mesh reads",
  tenant: "the mesh has no tenants",
  support: "the mesh has no support channels; the owner's email is the contact",
  price: "mesh products have no price",
  roles:
    "access is a declared consumption (`consumes`) the producer consents to (`access.consumers`), not roles",
  contractCreatedTs: "the declaration's history is in git",
  slaDefaultElement: "deprecated in ODCS v3.1",
  servers: "the mesh provisions and names its own topic and warehouse table",
};

/** The ODCS default of a field, or an empty value: dropping it loses nothing. */
const isEmpty = (key: string, value: unknown) =>
  value === null ||
  value === false ||
  (key.endsWith("Position") && value === -1) ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && Object.keys(value).length === 0);

/** Warnings for every field of `obj` not in `handled` that carries information. */
export function ignoredFields(
  obj: Record<string, unknown>,
  handled: readonly string[],
  base: string,
): string[] {
  return Object.entries(obj)
    .filter(([key, value]) => !handled.includes(key) && !isEmpty(key, value))
    .map(([key]) => `${child(base, key)} ignored: ${WHY[key] ?? "the mesh model has no place for it"}`);
}
