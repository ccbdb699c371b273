/**
 * Builds the argument objects @pulumi/policy's analyzer server (server.js) gives a policy, from
 * planned resources instead of gRPC requests, so the same rule objects run offline.
 */
import type {
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { isTypeOf, unknownCheckingProxy } from "../../sdk/policy.js";
import type { PlannedResource } from "./types.js";

/** Thrown by `args.notApplicable()`; the server's own class is private, so the engine supplies this one. */
export class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
    this.name = "NotApplicableError";
  }
}

/**
 * Every rule says "not applicable" to every resource of another type, so this is the hottest throw in
 * an evaluation; it is a signal, not a failure, and is made without capturing a stack.
 */
const throwNotApplicable = (reason?: string): never => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const signal = new NotApplicableError(reason);
  Error.stackTraceLimit = limit;
  throw signal;
};

/** Inputs as the server hands them to a policy: a private copy behind the unknown-checking proxy. */
export const proxiedProps = (props: Record<string, any>): Record<string, any> =>
  unknownCheckingProxy(structuredClone(props));

const optionsCache = new WeakMap<PlannedResource, PolicyResourceOptions>();

/** A resource's options as the engine reports them; built once per resource and shared by rules. */
export function resourceOptions(r: PlannedResource): PolicyResourceOptions {
  const cached = optionsCache.get(r);
  if (cached) return cached;
  const opts: PolicyResourceOptions = {
    protect: r.protect ?? false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parentUrn ? { parent: r.parentUrn } : {}),
  };
  optionsCache.set(r, opts);
  return opts;
}

/** The provider a reference `<urn>::<id>` points to, when it is among the planned resources. */
export function providerOf(
  r: PlannedResource,
  byUrn: ReadonlyMap<string, PlannedResource>,
): PolicyProviderResource | undefined {
  if (!r.provider) return undefined;
  const provider = byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
  if (!provider) return undefined;
  return {
    type: provider.type,
    props: proxiedProps(provider.inputs),
    urn: provider.urn,
    name: provider.name,
  };
}

export interface ArgsContext {
  readonly stackTags: ReadonlyMap<string, string>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly provider?: PolicyProviderResource;
}

export function resourceValidationArgs(
  r: PlannedResource,
  props: Record<string, any>,
  ctx: ArgsContext,
): ResourceValidationArgs {
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: resourceOptions(r),
    stackTags: ctx.stackTags,
    ...(ctx.provider ? { provider: ctx.provider } : {}),
    isType: (resourceClass) => isTypeOf(r.type, resourceClass),
    asType: (resourceClass) => (isTypeOf(r.type, resourceClass) ? (props as any) : undefined),
    getConfig: <T extends object>() => ({ ...ctx.config }) as T,
    notApplicable: throwNotApplicable,
  };
}

/**
 * Stack resources with parent and dependencies linked to each other, as the server builds them.
 * `propsOf` gives each resource's props already behind the unknown-checking proxy ({@link proxiedProps}).
 */
export function policyResources(
  resources: readonly PlannedResource[],
  propsOf: (r: PlannedResource) => Record<string, any>,
  byUrn: ReadonlyMap<string, PlannedResource>,
): PolicyResource[] {
  const built = new Map<string, PolicyResource>();
  for (const r of resources) {
    const props = propsOf(r);
    const provider = providerOf(r, byUrn);
    built.set(r.urn, {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: resourceOptions(r),
      ...(provider ? { provider } : {}),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(r.type, resourceClass),
      asType: (resourceClass) => (isTypeOf(r.type, resourceClass) ? (props as any) : undefined),
    });
  }
  const resolve = (urns: readonly string[] = []) =>
    urns.map((u) => built.get(u)).filter((d): d is PolicyResource => d !== undefined);
  for (const r of resources) {
    const resource = built.get(r.urn)!;
    const parent = r.parentUrn ? built.get(r.parentUrn) : undefined;
    if (parent) resource.parent = parent;
    resource.dependencies = resolve(r.dependencies);
    for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
      resource.propertyDependencies[property] = resolve(urns);
    }
  }
  return [...built.values()];
}

export function stackValidationArgs(resources: PolicyResource[], ctx: ArgsContext): StackValidationArgs {
  return {
    resources,
    stackTags: ctx.stackTags,
    getConfig: <T extends object>() => ({ ...ctx.config }) as T,
    notApplicable: throwNotApplicable,
  };
}
