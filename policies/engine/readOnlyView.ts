/**
 * One read-only view of a resource's inputs, shared by every rule that looks at the resource.
 *
 * The analyzer server deserializes a fresh copy of the inputs for each policy, so no policy can
 * change what another sees. A copy per rule is some 70 copies per resource, the largest fixed cost
 * of an offline evaluation; instead every rule gets the same view, which refuses writes at every
 * depth and so needs no copy at all. It is not a frozen copy: behind @pulumi/policy's
 * unknown-checking proxy a frozen property must be returned as is (a Proxy invariant), so nested
 * objects would come back unproxied and an unknown inside them would read as its sentinel string
 * instead of throwing.
 */
import { holdsUnknown, unknownCheckingProxy } from "../../sdk/policy.js";

/** What a rule gets when it tries to change what it is given to read. */
class ReadOnlyPropsError extends TypeError {
  constructor(key: PropertyKey | undefined) {
    super(
      `resource inputs are read-only to a policy${key === undefined ? "" : `: cannot change ${String(key)}`}`,
    );
    this.name = "ReadOnlyPropsError";
  }
}

/** A property a proxy must return as is: non-configurable and non-writable on its target. */
function isFixed(target: object, key: PropertyKey): boolean {
  const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
  return descriptor !== undefined && descriptor.configurable === false && descriptor.writable === false;
}

/**
 * Reads go through the package's proxy (the target), which keeps its unknown check and its error,
 * path included. What a read returns is kept, objects wrapped once: the data behind the view does
 * not change, and stack rules read the same fields of a resource many times (the package's proxy
 * builds a new proxy and a new path for every one of those reads). A read that throws (an unknown)
 * is not kept, so it throws again the next time. A class, so that a view costs one small object
 * (a view is made for every object a rule reads).
 */
class ReadOnlyHandler implements ProxyHandler<object> {
  private reads: Map<PropertyKey, unknown> | undefined;

  get(target: object, key: PropertyKey): unknown {
    if (this.reads) {
      const kept = this.reads.get(key);
      if (kept !== undefined || this.reads.has(key)) return kept;
    } else this.reads = new Map();
    let value: unknown = Reflect.get(target, key);
    if (typeof value === "object" && value !== null && !isFixed(target, key)) value = readOnly(value);
    this.reads.set(key, value);
    return value;
  }

  getOwnPropertyDescriptor(target: object, key: PropertyKey): PropertyDescriptor | undefined {
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
    // An object value is reported as its read-only view (allowed for a configurable property);
    // other values as they are, so listing keys never reads, and trips on, an unknown.
    if (descriptor?.configurable && typeof descriptor.value === "object" && descriptor.value !== null)
      descriptor.value = this.get(target, key);
    return descriptor;
  }

  set(_target: object, key: PropertyKey): boolean {
    throw new ReadOnlyPropsError(key);
  }

  defineProperty(_target: object, key: PropertyKey): boolean {
    throw new ReadOnlyPropsError(key);
  }

  deleteProperty(_target: object, key: PropertyKey): boolean {
    throw new ReadOnlyPropsError(key);
  }

  setPrototypeOf(): boolean {
    throw new ReadOnlyPropsError(undefined);
  }

  preventExtensions(): boolean {
    throw new ReadOnlyPropsError(undefined);
  }
}

const readOnly = (unknownChecking: object): object => new Proxy(unknownChecking, new ReadOnlyHandler());

/**
 * `props` as the server hands inputs to a policy (unknowns throw when read), refusing writes.
 * Inputs with no unknown in them are read directly: the package's proxy would wrap every object,
 * array and method a rule reads and never throw, and most inputs of a plan hold no unknown.
 */
export const readOnlyView = (props: Record<string, any>): Record<string, any> =>
  readOnly(holdsUnknown(props) ? unknownCheckingProxy(props) : props) as Record<string, any>;
