import { UnknownValueError } from "../../../sdk/policy.js";

/**
 * `read()`, or undefined when it touches a value unknown until deployment. Only for values a rule
 * uses to *correlate* resources: an unknown there means "cannot link", not "cannot check".
 */
export function knownOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}

/** A known, non-empty string, else undefined (unknown at preview, absent, or not a string). */
export function knownString(read: () => unknown): string | undefined {
  const value = knownOrUndefined(read);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Runs checks over many resources so that one value unknown at preview does not hide findings on
 * the others: violations are reported as found, and the first unknown is rethrown at the end, which
 * the Pulumi engine (and ours) turns into an advisory "can't run during preview" note.
 */
export class UnknownDeferral {
  private first: InstanceType<typeof UnknownValueError> | undefined;

  run(check: () => void): void {
    try {
      check();
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
      this.first ??= e;
    }
  }

  rethrow(): void {
    if (this.first) throw this.first;
  }
}
