import { UnknownValueError } from "../../../sdk/policy.js";

export { knownString } from "../shared/unknown.js";

/**
 * Whether `props[key]` is set: present and not empty (an absent key reads as undefined). A value
 * unknown at preview counts as set (to something computed), so a rule that only needs presence never
 * defers on it.
 */
export function isSet(props: Record<string, any>, key: string): boolean {
  let value: unknown;
  try {
    value = props[key];
  } catch (e) {
    if (e instanceof UnknownValueError) return true;
    throw e;
  }
  if (value === undefined || value === null || value === "") return false;
  return !(Array.isArray(value) && value.length === 0);
}
