import { ENVIRONMENTS, type Environment } from "../../components/naming.js";

/** The config property through which every rule learns the stack's environment. */
export const ENVIRONMENT_CONFIG_KEY = "environment";

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === "string" && (ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * The environment a rule runs for. The pack sets it as the `environment` config default of every
 * rule; an unset or unrecognised value means `prod`, so a misconfigured run fails closed.
 */
export function environmentOf(args: { getConfig<T extends object>(): T }): Environment {
  const value = args.getConfig<{ environment?: unknown }>().environment;
  return isEnvironment(value) ? value : "prod";
}
