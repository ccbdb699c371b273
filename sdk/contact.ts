/**
 * How a contact with an SDK's internals fails once an upgrade breaks it: with the package, its
 * installed version, the contact and what to do, at the contact, instead of as a wrong plan later.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** An SDK internal the planner relies on is gone or changed shape in the installed SDK. */
export class SdkContactError extends Error {
  override readonly name = "SdkContactError";
}

/** The installed version of `pkg` (none of the Pulumi packages declares `exports`, so this resolves). */
export function installedVersion(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return "(version unknown)";
  }
}

/** The error for `contact` of `pkg` no longer being `expected`. */
export function contactBroken(pkg: string, contact: string, expected: string): SdkContactError {
  return new SdkContactError(
    `${pkg} ${installedVersion(pkg)}: ${contact} is not ${expected}; the offline planner relies on it ` +
      `(sdk/, docs/sdk.md). Pin ${pkg} to the last version test/sdk/sdkAdapter.test.ts passes with, or adapt sdk/.`,
  );
}
