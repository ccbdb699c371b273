/**
 * Pulumi's wire values and error brands, without loading the SDK: the CLI tells a program's own
 * error from a bug, and plans render unknowns and secrets, before (or without) importing
 * @pulumi/pulumi, which costs seconds of startup.
 *
 * The three constants are public in @pulumi/pulumi (`runtime.unknownValue`, `runtime.specialSigKey`,
 * `runtime.specialSecretSig`), copied here only to stay SDK-free. The two brands are not public:
 * `__pulumiUnknown` is what the SDK's `Unknown` class sets (output.js; a mock receives an unknown
 * input as that object) and `__pulumiRunError` what `RunError.isInstance` checks (errors.js), in
 * @pulumi/pulumi 3.248.0. test/sdk/sdkAdapter.test.ts holds all five to the installed SDK.
 */

/** The wire value for "known only after apply" (`pulumi.runtime.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key whose value says what kind of special object a wire value is (`pulumi.runtime.specialSigKey`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** {@link SIG_KEY}'s value on a secret (`pulumi.runtime.specialSecretSig`). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** An unknown: the wire sentinel, or the SDK's `Unknown` object (what a mock's inputs hold). */
export const isUnknownValue = (v: unknown): boolean =>
  v === UNKNOWN || (isObject(v) && v.__pulumiUnknown === true);

/** A secret as the SDK serializes it: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const isSecretValue = (v: unknown): boolean => isObject(v) && v[SIG_KEY] === SECRET_SIG;

/** A `pulumi.RunError` (the program refused its input), known as `RunError.isInstance` knows it. */
export const isRunError = (e: unknown): e is Error => isObject(e) && e.__pulumiRunError === true;
