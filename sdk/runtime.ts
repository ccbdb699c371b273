/**
 * The offline planner's contacts with @pulumi/pulumi's runtime beyond its public typed API, each
 * checked where it is used so that an SDK that changed it fails here, by name (contact.ts), rather
 * than as a plan that quietly lacks resources or outputs. All were read in @pulumi/pulumi 3.248.0;
 * test/sdk/sdkAdapter.test.ts asserts each still behaves as the planner needs.
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks.js";
import { contactBroken } from "./contact.js";

const PULUMI = "@pulumi/pulumi";
// The SDK is CommonJS without an `exports` map: required, its deep modules are the very instances
// the SDK itself uses (an ESM import of them could be a second copy under a test runner).
const require = createRequire(import.meta.url);

/**
 * Waits until every resource registration the program started has reached the monitor (the mocks).
 * `runInPulumiStack` resolves before they have, and without this a plan misses the last ones.
 * `runtime.waitForRPCs` (settings.js) is `@internal`: the only public way to drain the queue is
 * `disconnect()`, which also ends the process's connection for good, and the planner plans many
 * stacks in one process.
 */
export async function waitForRPCs(): Promise<void> {
  const wait = (pulumi.runtime as unknown as Record<string, unknown>).waitForRPCs;
  if (typeof wait !== "function") throw contactBroken(PULUMI, "runtime.waitForRPCs", "a function");
  await wait();
}

/**
 * The outputs each component registered (`registerOutputs`), by mock URN: CrossGuard judges a
 * component by them. The public `runtime.getMonitor()` is typed as the gRPC client, which has no
 * way to read them back; under `setMocks` it is the SDK's `MockMonitor` (runtime/mocks.js, not
 * re-exported), whose `getRegisteredResources()` keeps a component's registered outputs as the
 * protobuf Struct it was sent (a custom resource keeps plain state, which the planner does not need).
 */
export function registeredComponentOutputs(): Map<string, Record<string, unknown>> {
  const { MockMonitor: mockMonitor } = require(`${PULUMI}/runtime/mocks`) as {
    MockMonitor: typeof MockMonitor;
  };
  const monitor = pulumi.runtime.getMonitor();
  if (!(typeof mockMonitor === "function" && monitor instanceof mockMonitor)) {
    throw contactBroken(
      PULUMI,
      "runtime.getMonitor() under setMocks",
      "the SDK's MockMonitor (runtime/mocks)",
    );
  }
  if (typeof monitor.getRegisteredResources !== "function") {
    throw contactBroken(PULUMI, "MockMonitor.getRegisteredResources", "a function");
  }
  const outputs = new Map<string, Record<string, unknown>>();
  for (const [urn, entry] of monitor.getRegisteredResources()) {
    if (typeof entry.state?.toJavaScript === "function") {
      outputs.set(urn, pulumi.runtime.deserializeProperties(entry.state, true));
    }
  }
  return outputs;
}

interface RuntimeState {
  getStore?: () => { callbacks?: { _callbacks?: unknown }; leakCandidates?: unknown } | undefined;
}

/**
 * How many hooks on resource registration are in place in the running stack: stack
 * transformations (`registerStackTransformation`) and the engine's transform callbacks
 * (`registerResourceTransform`, `registerInvokeTransform`, a resource's `transforms`). The planner
 * compares counts around a domain file's code to refuse a file that hooks. No public API reads
 * either: the first are the stack resource's `@internal` `__transformations` (stack.js), the
 * second the callback server's private `_callbacks` map in the runtime's store (runtime/state.js).
 */
export function registrationHookCount(): number {
  const stack = pulumi.runtime.getStackResource() as { __transformations?: unknown } | undefined;
  const transformations = stack?.__transformations ?? [];
  if (!Array.isArray(transformations)) {
    throw contactBroken(PULUMI, "the stack resource's __transformations", "an array");
  }
  const state = require(`${PULUMI}/runtime/state`) as RuntimeState;
  if (typeof state.getStore !== "function") {
    throw contactBroken(PULUMI, "runtime/state getStore", "a function");
  }
  // No callback server until the first callback is registered: none registered.
  const server = state.getStore()?.callbacks;
  if (server === undefined) return transformations.length;
  if (!(server._callbacks instanceof Map)) {
    throw contactBroken(PULUMI, "the callback server's _callbacks", "a Map");
  }
  return transformations.length + server._callbacks.size;
}

/**
 * A change to the SDK made by `install` (which returns how to undo it), in place while at least one
 * caller holds it: plans that overlap in one process, finishing in any order, leave the SDK as it
 * was once the last is done, never with one plan's change undone under another or left behind.
 * Each release counts once.
 */
function heldWhileAnyHolds(install: () => () => void): () => () => void {
  let holders = 0;
  let undo: (() => void) | undefined;
  return () => {
    if (holders === 0) undo = install();
    holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holders--;
      if (holders === 0) {
        undo?.();
        undo = undefined;
      }
    };
  };
}

/** `Resource.stackTrace`, the static through which the SDK's Resource constructor captures the call stack. */
interface ResourceCallStacks {
  stackTrace?: unknown;
}

/**
 * Stops the SDK capturing the program's whole call stack for every resource it registers, until
 * the returned function is called. The Resource constructor calls `Resource.stackTrace(4)` (public
 * on the class, absent from its typings) to send the engine each resource's source position and
 * stack trace: it lifts `Error.stackTraceLimit` to Infinity, formats the stack as text and parses
 * it back, a tenth of an offline plan's time. The mock monitor drops both and a plan shows
 * neither; a real `pulumi preview`/`up` never runs this (it runs program/, not the planner).
 * While skipped, a resource registers with no source position, as one constructed from a stack
 * the SDK cannot parse does.
 */
export const skipResourceCallStacks = heldWhileAnyHolds(() => {
  const resource = pulumi.Resource as unknown as ResourceCallStacks;
  const stackTrace = resource.stackTrace;
  if (typeof stackTrace !== "function") {
    throw contactBroken(PULUMI, "Resource.stackTrace", "a function");
  }
  resource.stackTrace = () => [];
  return () => {
    resource.stackTrace = stackTrace;
  };
});

/** runtime/debuggable.js, where the SDK keeps its promise bookkeeping. */
interface Debuggable {
  debuggablePromise?: unknown;
  debugPromiseLeaks?: unknown;
}

type DebuggablePromise = <T>(promise: Promise<T>, context: unknown) => Promise<T>;

/**
 * Makes the SDK's bookkeeping of its own promises cheap until the returned function is called.
 * Each of the dozens of promises the SDK makes per resource goes through `debuggablePromise`
 * (runtime/debuggable.js, `@internal`), which adds it to the stack's leak candidates, as the leak
 * check at exit needs, and also defines three properties on it (an id, a label and a captured
 * `new Error().stack`) that only `PULUMI_DEBUG_PROMISE_LEAKS` ever reads: a fifth of an offline
 * plan's time, with the garbage. The light version keeps the leak candidates exactly (added, and
 * removed once settled, with the promise on a rejection's error, as the SDK does) and leaves the
 * three properties out; the first promise still goes through the SDK's own, which schedules the
 * leak check. With `PULUMI_DEBUG_PROMISE_LEAKS` set it changes nothing. Every module of the SDK
 * calls it as `debuggable_1.debuggablePromise(…)`, so replacing the export reaches them all.
 */
export const lightenPromiseBookkeeping = heldWhileAnyHolds(() => {
  const debuggable = require(`${PULUMI}/runtime/debuggable`) as Debuggable;
  const state = require(`${PULUMI}/runtime/state`) as RuntimeState;
  const original = debuggable.debuggablePromise;
  if (typeof original !== "function") {
    throw contactBroken(PULUMI, "runtime/debuggable debuggablePromise", "a function");
  }
  const getStore = state.getStore;
  if (typeof getStore !== "function") throw contactBroken(PULUMI, "runtime/state getStore", "a function");
  if (debuggable.debugPromiseLeaks) return () => undefined;
  const sdkOwn = original as DebuggablePromise;
  let leakCheckScheduled = false;
  const light: DebuggablePromise = (promise, context) => {
    const candidates = getStore()?.leakCandidates;
    if (!leakCheckScheduled || !(candidates instanceof Set)) {
      leakCheckScheduled = true;
      return sdkOwn(promise, context);
    }
    candidates.add(promise);
    return promise.then(
      (value) => {
        candidates.delete(promise);
        return value;
      },
      (error) => {
        candidates.delete(promise);
        error.promise = promise;
        throw error;
      },
    );
  };
  debuggable.debuggablePromise = light;
  return () => {
    debuggable.debuggablePromise = original;
  };
});
