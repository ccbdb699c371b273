/**
 * The Domain declarations a resource-level rule has seen in this run, so it can judge a Domain's
 * children against their Domain's declaration before anything is created.
 *
 * Resource-level rules see one resource at a time, but the Pulumi engine registers a component
 * before its children and hands every registration (components included, with their inputs) to
 * the policy pack in that order, one pack process per run. The Domain component's inputs are its
 * declaration (components/Domain.ts `declaredScope`), plain data known at preview. A rule records
 * each Domain and each resource's parent as they come, then finds a resource's Domain by walking
 * up its parents (see shared/runMemory.ts).
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { runMemory, stackOf } from "../shared/runMemory.js";
import { type DeclaredScope, DOMAIN_TYPE, declaredScopeOf } from "./domainDeclaration.js";

interface StackSeen {
  readonly domains: Map<string, DeclaredScope>;
  readonly parents: Map<string, string>;
}

const seen = runMemory<string, StackSeen>();

/** The package of the platform's components, the Domain's included (components/*.ts). */
const PLATFORM_COMPONENTS = "mesh:";

function stackSeen(urn: string): StackSeen {
  const key = stackOf(urn);
  let entry = seen.get(key);
  if (!entry) {
    entry = { domains: new Map(), parents: new Map() };
    seen.set(key, entry);
  }
  return entry;
}

/**
 * The types a rule that calls `observe` must be called for: the types it judges, the Domain, and
 * every platform component, since a resource's Domain is found by walking up parents recorded as
 * they came and the platform nests its resources in components (`mesh:…`). A resource under a
 * parent of another type (none the platform makes) falls back to the stack's one Domain, or to no
 * declaration, which these rules judge the strictest.
 */
export function observedTypes(judged: readonly string[]): (type: string) => boolean {
  const types = new Set(judged);
  return (type) => type.startsWith(PLATFORM_COMPONENTS) || types.has(type);
}

/**
 * Records the resource (a Domain's declaration, any resource's parent) and returns the declaration
 * that governs it: its nearest Domain ancestor's, else the stack's only Domain's (a stack deploys
 * one domain's node), else undefined (no Domain seen: the resource is governed by no declaration).
 */
export function observe(args: ResourceValidationArgs): DeclaredScope | undefined {
  const stack = stackSeen(args.urn);
  if (args.opts.parent) stack.parents.set(args.urn, args.opts.parent);
  if (args.type === DOMAIN_TYPE) {
    const declaration = declaredScopeOf(args.props);
    stack.domains.set(args.urn, declaration);
    return declaration;
  }
  const visited = new Set<string>();
  for (let urn = stack.parents.get(args.urn); urn && !visited.has(urn); urn = stack.parents.get(urn)) {
    visited.add(urn);
    const domain = stack.domains.get(urn);
    if (domain) return domain;
  }
  return stack.domains.size === 1 ? [...stack.domains.values()][0] : undefined;
}
