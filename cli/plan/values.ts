/** Turns planned input values into plain JSON: unknowns and secrets as `pulumi preview --json` shows them. */

/** The wire value Pulumi uses for "known only after apply". */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export const isUnknown = (v: unknown): boolean =>
  v === UNKNOWN ||
  (typeof v === "object" && v !== null && (v as { __pulumiUnknown?: boolean }).__pulumiUnknown === true);

const isSecret = (v: unknown): boolean =>
  typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

/** JSON-safe copy of `value`: unknowns become {@link UNKNOWN}, secrets `"[secret]"`. */
export function plainValue(value: unknown): unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (isSecret(value)) return "[secret]";
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}
