/**
 * The offline policy engine's contacts with @pulumi/policy beyond its public typed API. The engine
 * hands the pack's rules the same arguments the analyzer server (server.js) builds, and the rules
 * tell "unknown at preview" as the server does, so both need pieces the package keeps `@internal`
 * (exported at runtime, stripped from its typings). All were read in @pulumi/policy 1.21.0 and are
 * checked when this module loads, so a pack on a changed SDK fails to load, by name (contact.ts),
 * rather than mistaking unknowns for values; test/sdk/sdkAdapter.test.ts asserts how they behave.
 */
import { createRequire } from "node:module";
import { contactBroken } from "./contact.js";

const POLICY = "@pulumi/policy";
// CommonJS without an `exports` map: required, this is the very module the package itself uses (its
// index re-exports it), so `instanceof UnknownValueError` holds for what its proxy throws. Not the
// index: that loads policy.js and the analyzer server with it — gRPC and @pulumi/pulumi, half a
// second of `mesh plan`'s start, which judges plans without ever serving them.
const require = createRequire(import.meta.url);
const proxy = require(`${POLICY}/proxy`) as Record<string, unknown>;

function internal<T>(module: Record<string, unknown>, name: string, kind: "function" | "string"): T {
  const value = module[name];
  if (typeof value !== kind) throw contactBroken(POLICY, `its internal export ${name}`, `a ${kind}`);
  return value as T;
}

/** Thrown when a policy reads a value that is unknown until deployment (proxy.js, re-exported by index.js). */
export const UnknownValueError = internal<
  new (
    sentinel: string,
    props: string[],
  ) => Error & { readonly props: string[] }
>(proxy, "UnknownValueError", "function");

/** Wraps inputs so reading an unknown throws {@link UnknownValueError}: what the server hands a policy. */
export const unknownCheckingProxy = internal<<T extends object>(value: T) => T>(
  proxy,
  "unknownCheckingProxy",
  "function",
);

/**
 * The type token a resource class carries (`static __pulumiType`), read as the server reads it
 * (policy.js `getPulumiType`, which this module does not load: see above).
 * test/sdk/sdkAdapter.test.ts holds the two equal.
 */
export function getPulumiType(resourceClass: unknown): string | undefined {
  const token = (resourceClass as { __pulumiType?: unknown } | null | undefined)?.__pulumiType;
  return typeof token === "string" && token.length > 0 ? token : undefined;
}

/**
 * The values that stand for "unknown during preview" in inputs as the server deserializes them
 * (proxy.js `unknown…Value`, one per kind): what the proxy throws {@link UnknownValueError} for.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set(
  ["Boolean", "Number", "String", "Array", "Asset", "Archive", "Object"].map((kind) =>
    internal<string>(proxy, `unknown${kind}Value`, "string"),
  ),
);

const SENTINEL_LENGTHS: ReadonlySet<number> = new Set([...UNKNOWN_SENTINELS].map((s) => s.length));

/**
 * Whether `value` holds an unknown anywhere. Inputs that hold none read the same with or without
 * {@link unknownCheckingProxy} (it throws only on an unknown), so they need not pay for it.
 */
export function holdsUnknown(value: unknown, depth = 0): boolean {
  // Most strings are told apart by their length alone (every sentinel is a UUID).
  if (typeof value === "string") return SENTINEL_LENGTHS.has(value.length) && UNKNOWN_SENTINELS.has(value);
  if (value === null || typeof value !== "object") return false;
  // Deeper than any resource's inputs (or a cycle, which no plan holds): answered as if it held
  // one, so that the value keeps the proxy, which reads lazily, at any depth.
  if (depth > MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsUnknown(item, depth + 1)) return true;
    return false;
  }
  for (const key of Object.keys(value))
    if (holdsUnknown((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** The nesting {@link holdsUnknown} follows. */
const MAX_DEPTH = 64;

// The keys the package's proxies answer with "I am a proxy" and "here is my target" (proxy.js).
const IS_PROXY = internal<string>(proxy, "isSpecialProxy", "string");
const PROXY_TARGET = internal<string>(proxy, "getSpecialProxyTarget", "string");

/**
 * The server's `isTypeOf` (server.js, not exported): compare the class's type token, else ask its
 * `isInstance` about an object carrying only the token, as a generated class's `isInstance` reads it.
 */
export function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = getPulumiType(resourceClass);
  if (token) return type === token;
  const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** Plain data from a policy's result, read through the package's proxies without tripping on unknowns. */
export function unproxy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const target = value as Record<string, unknown>;
  const raw = (target[IS_PROXY] === true ? target[PROXY_TARGET] : target) as Record<string, unknown>;
  if (Array.isArray(raw)) return raw.map(unproxy);
  return Object.fromEntries(Object.keys(raw).map((key) => [key, unproxy(raw[key])]));
}
