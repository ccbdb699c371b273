/**
 * @pulumi/policy exports these at runtime (index.js) but its typings strip them as `@internal`,
 * so they arrive as `any`; this module gives them their real types in one place.
 */
import * as policy from "@pulumi/policy";

/** Thrown when a policy reads a value that is unknown until deployment. */
export const UnknownValueError: new (
  sentinel: string,
  props: string[],
) => Error & { readonly props: string[] } = (policy as any).UnknownValueError;

/** Wraps inputs so reading an unknown sentinel throws {@link UnknownValueError}. */
export const unknownCheckingProxy: <T extends object>(value: T) => T = (policy as any).unknownCheckingProxy;
