/**
 * Data classifications, least to most sensitive. (Belongs next to TAG_KEYS in components/ once the
 * declaration schema defines it; kept here until then.)
 */
export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
/** Classifications allowed for products holding personal data. */
export const PII_CLASSIFICATIONS: readonly string[] = ["confidential", "restricted"];
