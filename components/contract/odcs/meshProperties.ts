/**
 * What the mesh says in ODCS terms where the standard has no field of its own: custom property
 * names (one place, so export and import agree) and the limitations text derived from PII access.
 */

/** Contract-level custom properties the mesh writes and reads back. */
export const MESH_PROPERTY = {
  /** The product's classification (ODCS classifies properties, not contracts). */
  classification: "classification",
  /** Domains admitted to the PII fields (`access.pii`). */
  piiAccess: "piiAccess",
  /** Domains the producer consents to serve (`access.consumers`), when it lists them. */
  consumers: "consumers",
} as const;

/** Property-level custom property marking personal data. */
export const PII_PROPERTY = "pii";

export interface CustomProperty {
  readonly property: string;
  readonly value: unknown;
  readonly description?: string;
}

/** What consumers cannot rely on because of PII access rules; undefined without PII fields. */
export function piiLimitations(
  piiFields: readonly string[],
  admitted: readonly string[],
): string | undefined {
  if (piiFields.length === 0) return undefined;
  const who =
    admitted.length === 0
      ? "no consuming domain is admitted to them"
      : `only the domains ${admitted.join(", ")} are admitted to them`;
  return `Personal data in ${piiFields.join(", ")}: ${who}; other consumers read the table without these fields.`;
}
