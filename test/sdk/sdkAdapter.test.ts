/**
 * The planner's contacts with SDK internals (sdk/) hold against the installed SDKs. An upgrade that
 * changes one fails here, naming the contact, instead of as a plan that quietly misses resources,
 * outputs, hooks or unknowns. See docs/sdk.md.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InputError } from "../../components/inputError.js";
import { installedVersion, SdkContactError } from "../../sdk/contact.js";
import {
  getPulumiType,
  holdsUnknown,
  isTypeOf,
  UnknownValueError,
  unknownCheckingProxy,
  unproxy,
} from "../../sdk/policy.js";
import {
  lightenPromiseBookkeeping,
  registeredComponentOutputs,
  registrationHookCount,
  skipResourceCallStacks,
  waitForRPCs,
} from "../../sdk/runtime.js";
import { isRunError, isSecretValue, isUnknownValue, SECRET_SIG, SIG_KEY, UNKNOWN } from "../../sdk/wire.js";

class Thing extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super("test:index:Thing", name, props, opts);
  }
}

class Box extends pulumi.ComponentResource {
  readonly inside: Thing;
  constructor() {
    super("test:index:Box", "box", {});
    this.inside = new Thing("inside", { size: 1 }, { parent: this });
    this.registerOutputs({ plain: 1, later: this.inside.id, hidden: pulumi.secret("s3cr3t") });
  }
}

/** Runs `program` as a fresh stack under mocks, as the planner does, and waits for its registrations. */
async function inStack(program: () => unknown): Promise<pulumi.runtime.MockResourceArgs[]> {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        registered.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    true,
  );
  await pulumi.runtime.runInPulumiStack(async () => {
    await program();
    return {};
  });
  await waitForRPCs();
  return registered;
}

const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply((v) => r(v)));

describe("@pulumi/pulumi runtime (sdk/runtime.ts)", () => {
  // First in the file, so before any stack's mocks: the monitor is not the SDK's mock monitor.
  it("fails naming the package, its version and the contact when a contact does not hold", () => {
    expect(() => registeredComponentOutputs()).toThrow(SdkContactError);
    expect(() => registeredComponentOutputs()).toThrow(
      `@pulumi/pulumi ${installedVersion("@pulumi/pulumi")}: runtime.getMonitor() under setMocks is not the SDK's MockMonitor`,
    );
    expect(installedVersion("@pulumi/pulumi")).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("waitForRPCs returns only once every registration has reached the mocks, chained ones included", async () => {
    // Each resource waits for the previous one's id: the stack's promise settles long before the last.
    const registered = await inStack(() => {
      let previous = new Thing("r0", {});
      for (let i = 1; i <= 4; i++) {
        const after = previous.id.apply((id) => new Promise<string>((r) => setImmediate(() => r(id))));
        previous = new Thing(`r${i}`, { after });
      }
    });
    expect(registered.filter((r) => r.type === "test:index:Thing").map((r) => r.name)).toEqual([
      "r0",
      "r1",
      "r2",
      "r3",
      "r4",
    ]);
  });

  it("reads back the outputs a component registered, by its URN, and nothing for custom resources", async () => {
    let component!: Box;
    await inStack(() => {
      component = new Box();
    });
    const outputs = registeredComponentOutputs();
    expect(outputs.get(await resolve(component.urn))).toEqual({
      plain: 1,
      later: "inside-id",
      hidden: { [SIG_KEY]: SECRET_SIG, value: "s3cr3t" },
    });
    expect(outputs.has(await resolve(component.inside.urn))).toBe(false);
  });

  it("counts hooks on registration: stack transformations and the engine's transform callbacks", async () => {
    const counts: number[] = [];
    await inStack(async () => {
      counts.push(registrationHookCount());
      pulumi.runtime.registerStackTransformation(() => undefined);
      counts.push(registrationHookCount());
      // A transform callback, kept where registerResourceTransform and registerInvokeTransform keep
      // theirs (those two also ask the engine to call it, which the mock monitor cannot answer).
      const hooked = new Thing("hooked", {}, { transforms: [() => undefined] });
      await resolve(hooked.urn);
      counts.push(registrationHookCount());
    });
    expect(counts).toEqual([counts[0], counts[0]! + 1, counts[0]! + 2]);
  });
});

describe("the SDK's call stack of each resource (sdk/runtime.ts skipResourceCallStacks)", () => {
  /** The SDK's own statics, as the Resource constructor reaches them. */
  const statics = pulumi.Resource as unknown as { callsites: () => unknown[]; stackTrace?: unknown };

  /** How many times constructing a resource made the SDK capture the call stack. */
  async function stackCaptures(skipping: boolean): Promise<number> {
    const callsites = statics.callsites;
    let captures = 0;
    statics.callsites = () => {
      captures++;
      return callsites.call(pulumi.Resource);
    };
    try {
      let during = -1;
      await inStack(() => {
        const restore = skipping ? skipResourceCallStacks() : () => undefined;
        const before = captures;
        try {
          new Thing("traced", {});
        } finally {
          restore();
        }
        during = captures - before;
      });
      return during;
    } finally {
      statics.callsites = callsites;
    }
  }

  it("is captured once per resource through Resource.stackTrace, and not at all while skipped", async () => {
    expect(await stackCaptures(false)).toBe(1);
    expect(await stackCaptures(true)).toBe(0);
    // Restored: the next resource is captured again.
    expect(await stackCaptures(false)).toBe(1);
  });

  it("is not captured while the planner plans a stack, and is again once it is done", async () => {
    const { planStack } = await import("../../cli/plan/planStack.js");
    const { readStackFile } = await import("../../cli/plan/stackFile.js");
    const callsites = statics.callsites;
    let captures = 0;
    statics.callsites = () => {
      captures++;
      return callsites.call(pulumi.Resource);
    };
    const limit = Error.stackTraceLimit;
    try {
      const plan = await planStack(readStackFile("stacks/Pulumi.orders-dev.yaml"), async () => {
        new Thing("planned", {});
        return {};
      });
      expect(plan.resources.map((r) => r.name)).toContain("planned");
      expect(captures).toBe(0);
    } finally {
      statics.callsites = callsites;
    }
    expect(Error.stackTraceLimit).toBe(limit);
    expect(await stackCaptures(false)).toBe(1);
  });

  it("stays skipped while any overlapping plan holds it, released in any order, each release once", () => {
    const own = statics.stackTrace;
    const first = skipResourceCallStacks();
    const skipped = statics.stackTrace;
    expect(skipped).not.toBe(own);
    const second = skipResourceCallStacks();
    first();
    first();
    expect(statics.stackTrace).toBe(skipped);
    second();
    expect(statics.stackTrace).toBe(own);
  });

  it("fails naming the contact when the SDK no longer has Resource.stackTrace", () => {
    const stackTrace = statics.stackTrace;
    statics.stackTrace = undefined;
    try {
      expect(() => skipResourceCallStacks()).toThrow(
        /@pulumi\/pulumi .*: Resource\.stackTrace is not a function/,
      );
    } finally {
      statics.stackTrace = stackTrace;
    }
  });
});

describe("the SDK's bookkeeping of its promises (sdk/runtime.ts lightenPromiseBookkeeping)", () => {
  const require = createRequire(import.meta.url);
  /** The SDK's modules, as its own modules reach them (`debuggable_1.debuggablePromise(…)`). */
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
  };
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore: () => { leakCandidates: Set<Promise<unknown>> };
  };

  it("keeps each promise a leak candidate until it settles, without the debugging properties", async () => {
    await inStack(async () => {
      const restore = lightenPromiseBookkeeping();
      try {
        const candidates = state.getStore().leakCandidates;
        // The first promise goes through the SDK's own, which schedules the leak check at exit.
        await debuggable.debuggablePromise(Promise.resolve(0), "first");
        let settle!: (value: number) => void;
        const pending = new Promise<number>((resolve) => {
          settle = resolve;
        });
        const tracked = debuggable.debuggablePromise(pending, "pending");
        expect(candidates.has(pending)).toBe(true);
        expect(Object.getOwnPropertyNames(pending)).toEqual([]);
        settle(42);
        expect(await tracked).toBe(42);
        expect(candidates.has(pending)).toBe(false);

        const failing = Promise.reject(new Error("refused"));
        const rejected = await debuggable.debuggablePromise(failing, "failing").catch((e: unknown) => e);
        expect(rejected).toMatchObject({ message: "refused", promise: failing });
        expect(candidates.has(failing)).toBe(false);
      } finally {
        restore();
      }
    });
  });

  it("is the SDK's own again once restored, and while planning registers every resource", async () => {
    const restore = lightenPromiseBookkeeping();
    const registered = await inStack(() => {
      let previous = new Thing("l0", {});
      for (let i = 1; i <= 3; i++) previous = new Thing(`l${i}`, { after: previous.id });
    }).finally(restore);
    expect(registered.filter((r) => r.type === "test:index:Thing").map((r) => r.name)).toEqual([
      "l0",
      "l1",
      "l2",
      "l3",
    ]);
    await inStack(async () => {
      const promise = Promise.resolve(1);
      await debuggable.debuggablePromise(promise, "own");
      expect(Object.getOwnPropertyNames(promise)).toEqual(["_debugId", "_debugCtx", "_debugStackTrace"]);
    });
  });

  it("fails naming the contact when the SDK no longer has debuggablePromise", () => {
    const original = debuggable.debuggablePromise;
    (debuggable as { debuggablePromise?: unknown }).debuggablePromise = undefined;
    try {
      expect(() => lightenPromiseBookkeeping()).toThrow(
        /@pulumi\/pulumi .*: runtime\/debuggable debuggablePromise is not a function/,
      );
    } finally {
      debuggable.debuggablePromise = original;
    }
  });
});

describe("Pulumi's wire values and brands without the SDK (sdk/wire.ts)", () => {
  it("uses the SDK's own sentinel and secret signature", () => {
    expect(UNKNOWN).toBe(pulumi.runtime.unknownValue);
    expect(SIG_KEY).toBe(pulumi.runtime.specialSigKey);
    expect(SECRET_SIG).toBe(pulumi.runtime.specialSecretSig);
  });

  it("knows unknown and secret inputs in the shape the mocks receive them", async () => {
    const [thing] = (
      await inStack(() => new Thing("t", { hidden: pulumi.secret("x"), later: pulumi.unknown }))
    )
      .filter((r) => r.type === "test:index:Thing")
      .map((r) => r.inputs);
    expect(isSecretValue(thing.hidden)).toBe(true);
    expect(isUnknownValue(thing.later)).toBe(true);
    expect(isUnknownValue(UNKNOWN)).toBe(true);
    expect(isUnknownValue("known")).toBe(false);
    expect(isSecretValue({ value: "x" })).toBe(false);
  });

  it("tells a RunError as RunError.isInstance does", () => {
    for (const e of [new pulumi.RunError("refused"), new Error("bug"), new InputError("bad"), undefined]) {
      expect(isRunError(e)).toBe(pulumi.RunError.isInstance(e));
    }
    expect(isRunError(new pulumi.RunError("refused"))).toBe(true);
  });
});

describe("@pulumi/policy (sdk/policy.ts)", () => {
  const inputs = { bucket: "b", tags: { owner: UNKNOWN }, rules: [{ id: "r" }, UNKNOWN] };

  it("hands rules inputs whose unknowns throw UnknownValueError, naming the path", () => {
    const props = unknownCheckingProxy(structuredClone(inputs));
    expect(props.bucket).toBe("b");
    expect(props.rules[0]).toEqual({ id: "r" });
    let thrown: unknown;
    try {
      void props.tags.owner;
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UnknownValueError);
    expect((thrown as InstanceType<typeof UnknownValueError>).props).toEqual(["tags", "owner"]);
  });

  it("finds every kind of unknown the proxy throws for, at any depth, and none in known inputs", () => {
    // The sentinels of each kind, read from the package: an input holding one must keep the proxy.
    const proxyModule = createRequire(import.meta.url)("@pulumi/policy/proxy") as Record<string, unknown>;
    const kinds = ["Boolean", "Number", "String", "Array", "Asset", "Archive", "Object"];
    for (const kind of kinds) {
      const sentinel = proxyModule[`unknown${kind}Value`];
      expect(typeof sentinel, kind).toBe("string");
      expect(holdsUnknown(sentinel), kind).toBe(true);
      expect(holdsUnknown({ a: [{ b: { c: [1, sentinel] } }] }), kind).toBe(true);
      let thrown: unknown;
      try {
        void unknownCheckingProxy({ v: sentinel }).v;
      } catch (e) {
        thrown = e;
      }
      expect(thrown, kind).toBeInstanceOf(UnknownValueError);
    }
    expect(holdsUnknown(inputs)).toBe(true);
    expect(
      holdsUnknown({ bucket: "b", tags: { owner: "x".repeat(36) }, rules: [{ id: "r" }, 1, null, true] }),
    ).toBe(false);
    expect(holdsUnknown([])).toBe(false);
    // A value nested past any resource's inputs, or one that holds itself, keeps the proxy.
    const cyclic: Record<string, unknown> = { name: "b" };
    cyclic.self = cyclic;
    expect(holdsUnknown(cyclic)).toBe(true);
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(holdsUnknown(deep)).toBe(true);
    let shallow: unknown = "leaf";
    for (let i = 0; i < 30; i++) shallow = { inner: shallow };
    expect(holdsUnknown(shallow)).toBe(false);
  });

  it("reads a remediation's proxied result back as plain data, unknowns and all", () => {
    const plain = unproxy(unknownCheckingProxy(structuredClone(inputs))) as typeof inputs;
    expect(plain).toEqual(inputs);
    expect(plain.tags.owner).toBe(UNKNOWN); // a plain object: reading an unknown no longer throws
  });

  it("tells a resource's type by the class's token, else by its isInstance, as the server does", () => {
    class Typed {
      static readonly __pulumiType = "test:index:Thing";
    }
    const untyped = { isInstance: (o: { __pulumiType?: string }) => o.__pulumiType === "test:index:Other" };
    expect(isTypeOf("test:index:Thing", Typed)).toBe(true);
    expect(isTypeOf("test:index:Other", Typed)).toBe(false);
    expect(isTypeOf("test:index:Other", untyped)).toBe(true);
    expect(isTypeOf("test:index:Thing", untyped)).toBe(false);
    expect(isTypeOf("test:index:Thing", {})).toBe(false);
  });

  it("reads a class's type token as the package's own getPulumiType does", () => {
    const policyModule = createRequire(import.meta.url)("@pulumi/policy/policy") as Record<string, unknown>;
    const theirs = policyModule.getPulumiType as (o: unknown) => string | undefined;
    expect(typeof theirs).toBe("function");
    class Typed {
      static readonly __pulumiType = "test:index:Thing";
    }
    const objects = [
      Typed,
      { __pulumiType: "" },
      { __pulumiType: 3 },
      {},
      null,
      undefined,
      "aws:s3/bucket:Bucket",
    ];
    for (const o of objects) expect(getPulumiType(o), String(o)).toBe(theirs(o));
    expect(getPulumiType(Typed)).toBe("test:index:Thing");
  });

  it("loads neither the analyzer server nor @pulumi/pulumi: judging a plan serves nothing", () => {
    // In a process of its own: this one has loaded the SDK for the tests above.
    const probe = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `await import(${JSON.stringify(new URL("../../sdk/policy.ts", import.meta.url).href)});
         const loaded = Object.keys((await import("node:module")).createRequire(import.meta.url).cache);
         console.log(JSON.stringify(loaded.filter((f) => /@pulumi[\\/](pulumi|policy[\\/]server)/.test(f))));`,
      ],
      { encoding: "utf8" },
    );
    expect(probe.status, probe.stderr).toBe(0);
    expect(JSON.parse(probe.stdout)).toEqual([]);
  });
});
