/**
 * Which domain and environment a stack deploys. The stack name `<domain>-<env>` decides: it is what
 * the stack's state, its deployment credentials and its policy pack run are bound to. The stack's
 * configuration is the team's own file, so `mesh:domain` and `mesh:environment` there may only
 * repeat the name: a `mesh:environment: dev` in `Pulumi.orders-prod.yaml` would otherwise turn prod
 * into dev, with nothing protected and every rule advisory.
 */
import { ENVIRONMENTS, type Environment, parseStackName } from "../components/naming.js";

export interface StackIdentity {
  readonly domain: string;
  readonly environment: Environment;
}

/** Configuration keys (`mesh:<key>`) that may repeat what the stack name says, and must agree with it. */
export const IDENTITY_KEYS = ["domain", "environment"] as const;

export type IdentityResult =
  | { readonly identity: StackIdentity; readonly problem?: undefined }
  | { readonly identity?: undefined; readonly problem: string };

/**
 * The stack's identity from its name, or what is wrong: a name that is not `<domain>-<env>`, or a
 * configured `mesh:domain`/`mesh:environment` that disagrees. `configured(key)` reads `mesh:<key>`.
 */
export function resolveStackIdentity(
  stack: string,
  configured: (key: (typeof IDENTITY_KEYS)[number]) => string | undefined,
): IdentityResult {
  const identity = parseStackName(stack);
  if (!identity) {
    return {
      problem: `stack "${stack}" must be named <domain>-<env>, with <env> one of ${ENVIRONMENTS.join(", ")}: the stack name says which domain and environment it deploys`,
    };
  }
  for (const key of IDENTITY_KEYS) {
    const value = configured(key);
    if (value !== undefined && value !== identity[key]) {
      return {
        problem: `mesh:${key} is "${value}", but stack ${stack} deploys ${key} "${identity[key]}": the stack name decides; remove mesh:${key} or set it to "${identity[key]}"`,
      };
    }
  }
  return { identity };
}
