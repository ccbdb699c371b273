import type { Environment } from "../components/naming.js";
import { isEnvironment } from "./rules/environment.js";

export interface ResolvedEnvironment {
  readonly environment: Environment;
  /** Where it came from, for the start-up log line. */
  readonly source: string;
}

/** Stack config key naming the stack's environment. */
export const ENVIRONMENT_CONFIG = "mesh:environment";

/** `prod` from a stack name such as `prod`, `org/sales/prod` or `sales-prod`. */
function environmentFromStack(stack: string): Environment | undefined {
  const name = stack.slice(stack.lastIndexOf("/") + 1);
  const suffix = name.slice(Math.max(name.lastIndexOf("-"), name.lastIndexOf(".")) + 1);
  return [name, suffix].find(isEnvironment);
}

/**
 * The environment the pack enforces, from the variables the Pulumi CLI sets for a policy pack
 * process (PULUMI_CONFIG holds the stack's config as JSON, PULUMI_STACK its name):
 *   1. `MESH_ENVIRONMENT` (explicit override, e.g. in CI),
 *   2. stack config `mesh:environment`,
 *   3. the stack name (`prod`, `sales-prod`, `org/sales/prod`),
 *   4. otherwise `prod`, so a run that cannot tell fails closed.
 * An explicit value that is not an environment is an error, not a fallback.
 */
export function resolvePackEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ResolvedEnvironment {
  const explicit = env.MESH_ENVIRONMENT;
  if (explicit !== undefined && explicit !== "") {
    if (!isEnvironment(explicit))
      throw new Error(`MESH_ENVIRONMENT "${explicit}" is not one of dev, staging, prod`);
    return { environment: explicit, source: "MESH_ENVIRONMENT" };
  }
  const configured = parseConfig(env.PULUMI_CONFIG)[ENVIRONMENT_CONFIG];
  if (configured !== undefined) {
    if (!isEnvironment(configured))
      throw new Error(`stack config ${ENVIRONMENT_CONFIG} "${configured}" is not one of dev, staging, prod`);
    return { environment: configured, source: `stack config ${ENVIRONMENT_CONFIG}` };
  }
  const stack = env.PULUMI_STACK ?? env.PULUMI_NODEJS_STACK;
  const fromStack = stack ? environmentFromStack(stack) : undefined;
  if (fromStack) return { environment: fromStack, source: `stack name ${stack}` };
  return { environment: "prod", source: "no environment found: failing closed to prod" };
}

function parseConfig(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
