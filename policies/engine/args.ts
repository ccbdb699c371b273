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
import { readOnlyView } from "./readOnlyView.js";
import type { PlannedResource } from "./types.js";

/** Thrown by `args.notApplicable()`; the server's own class is private, so the engine supplies this one. */
export class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
    this.name = "NotApplicableError";
  }
}

/**
 * The signals thrown so far, by reason. A rule scoped to a family of types answers "not applicable"
 * to the members its inputs exclude (an AWS resource that takes no tags), which makes this the
 * hottest throw of an evaluation; it is a signal, not a failure, carrying no stack, and the engine
 * only asks whether it is one. So each reason's signal is made once: making it was 6 % of an
 * evaluation's CPU profile, with the garbage it left on top. Reasons are the rules' constant strings;
 * past a bound, signals are made afresh.
 */
const signals = new Map<string | undefined, NotApplicableError>();
const SIGNALS_KEPT = 256;

const throwNotApplicable = (reason?: string): never => {
  let signal = signals.get(reason);
  if (!signal) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    signal = Object.freeze(new NotApplicableError(reason));
    Error.stackTraceLimit = limit;
    if (signals.size < SIGNALS_KEPT) signals.set(reason, signal);
  }
  throw signal;
};

/**
 * Inputs as the server hands them to a remediation: a private, writable copy behind the
 * unknown-checking proxy (a remediation may change them and return them).
 */
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

/** Finds the provider a resource's reference `<urn>::<id>` points to, among the planned resources. */
export type ProviderLookup = (r: PlannedResource) => PolicyProviderResource | undefined;

/**
 * A provider lookup for one evaluation: each provider is built once, its inputs one read-only view
 * shared by every resource it configures (the server builds one per request; a view refuses writes,
 * so no rule can change what another sees).
 */
export function providerLookup(byUrn: ReadonlyMap<string, PlannedResource>): ProviderLookup {
  const built = new Map<string, PolicyProviderResource | undefined>();
  return (r) => {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    if (built.has(urn)) return built.get(urn);
    const provider = byUrn.get(urn);
    const resource = provider && {
      type: provider.type,
      props: readOnlyView(provider.inputs),
      urn: provider.urn,
      name: provider.name,
    };
    built.set(urn, resource);
    return resource;
  };
}

/** What a policy's `getConfig` returns: a fresh copy of its config each call, as the server's does. */
export type ConfigGetter = ResourceValidationArgs["getConfig"];

export const configGetter =
  (config: Readonly<Record<string, unknown>>): ConfigGetter =>
  <T extends object>() =>
    ({ ...config }) as T;

/** The arguments every policy gets for one resource, but for `getConfig`, which is each policy's own. */
export type SharedResourceArgs = Omit<ResourceValidationArgs, "getConfig">;

/** Built once per resource; {@link withConfig} makes each policy its own arguments object from it. */
export function sharedResourceArgs(
  r: PlannedResource,
  props: Record<string, any>,
  stackTags: ReadonlyMap<string, string>,
  provider: PolicyProviderResource | undefined,
): SharedResourceArgs {
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: resourceOptions(r),
    stackTags,
    ...(provider ? { provider } : {}),
    isType: (resourceClass) => isTypeOf(r.type, resourceClass),
    asType: (resourceClass) => (isTypeOf(r.type, resourceClass) ? (props as any) : undefined),
    notApplicable: throwNotApplicable,
  };
}

/**
 * One policy's arguments: an object of its own (as the server makes per policy) with its config.
 * Written out field by field: it is made for every rule on every resource, and spreading is slower.
 */
export function withConfig(shared: SharedResourceArgs, getConfig: ConfigGetter): ResourceValidationArgs {
  const args: ResourceValidationArgs = {
    type: shared.type,
    props: shared.props,
    urn: shared.urn,
    name: shared.name,
    opts: shared.opts,
    stackTags: shared.stackTags,
    isType: shared.isType,
    asType: shared.asType,
    getConfig,
    notApplicable: shared.notApplicable,
  };
  if (shared.provider) args.provider = shared.provider;
  return args;
}

/**
 * Stack resources with parent and dependencies linked to each other, as the server builds them.
 * `propsOf` gives each resource's props already behind the unknown-checking proxy ({@link readOnlyView}).
 */
export function policyResources(
  resources: readonly PlannedResource[],
  propsOf: (r: PlannedResource) => Record<string, any>,
  providerOf: ProviderLookup,
): PolicyResource[] {
  const built = new Map<string, PolicyResource>();
  for (const r of resources) {
    const props = propsOf(r);
    const provider = providerOf(r);
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

export function stackValidationArgs(
  resources: PolicyResource[],
  stackTags: ReadonlyMap<string, string>,
  getConfig: ConfigGetter,
): StackValidationArgs {
  return { resources, stackTags, getConfig, notApplicable: throwNotApplicable };
}
