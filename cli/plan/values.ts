/** Turns planned input values into plain JSON: unknowns and secrets as `pulumi preview --json` shows them. */
import { isSecretValue, isUnknownValue, UNKNOWN } from "../../sdk/wire.js";

/** The wire value Pulumi uses for "known only after apply". */
export { UNKNOWN };

export const isUnknown = isUnknownValue;

/** JSON-safe copy of `value`: unknowns become {@link UNKNOWN}, secrets `"[secret]"`. */
export function plainValue(value: unknown): unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (isSecretValue(value)) return "[secret]";
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}
