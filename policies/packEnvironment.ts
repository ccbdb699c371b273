import { ENVIRONMENTS, type Environment, parseStackName } from "../components/naming.js";
import { isEnvironment } from "./rules/environment.js";

export interface ResolvedEnvironment {
  readonly environment: Environment;
  /** Where it came from, for the start-up log line. */
  readonly source: string;
}

/** Stack config key naming the stack's environment. */
export const ENVIRONMENT_CONFIG = "mesh:environment";

/** `prod` from a stack name such as `sales-prod`, `org/sales/sales-prod` or a bare `prod`. */
function environmentFromStack(stack: string): Environment | undefined {
  const name = stack.slice(stack.lastIndexOf("/") + 1);
  return isEnvironment(name) ? name : parseStackName(stack)?.environment;
}

/** ENVIRONMENTS runs from the least to the most strict. */
const stricter = (a: Environment, b: Environment) =>
  ENVIRONMENTS.indexOf(b) > ENVIRONMENTS.indexOf(a) ? b : a;

/**
 * The environment the pack enforces, from the variables the Pulumi CLI sets for a policy pack
 * process (PULUMI_STACK holds the stack's name, PULUMI_CONFIG its config as JSON). The stack name
 * decides, as it does for the program (program/stackIdentity.ts): `orders-prod` is prod. A name
 * that names no environment is judged as prod, failing closed.
 *
 * `MESH_ENVIRONMENT` (e.g. set in CI) and the stack config `mesh:environment` can only make it
 * stricter, never less strict: the stack config is the domain team's own file, and a
 * `mesh:environment: dev` there must not turn prod's mandatory rules advisory. A less strict value
 * is ignored and the log line says so. A value that is not an environment is an error.
 */
export function resolvePackEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ResolvedEnvironment {
  const stack = env.PULUMI_STACK ?? env.PULUMI_NODEJS_STACK;
  const fromStack = stack ? environmentFromStack(stack) : undefined;
  let environment: Environment = fromStack ?? "prod";
  const sources = [
    fromStack ? `stack name ${stack}` : "no environment in the stack name: failing closed to prod",
  ];

  const explicit = env.MESH_ENVIRONMENT === "" ? undefined : env.MESH_ENVIRONMENT;
  const configured = parseConfig(env.PULUMI_CONFIG)[ENVIRONMENT_CONFIG];
  for (const [label, value] of [
    ["MESH_ENVIRONMENT", explicit],
    [`stack config ${ENVIRONMENT_CONFIG}`, configured],
  ] as const) {
    if (value === undefined) continue;
    if (!isEnvironment(value))
      throw new Error(`${label} "${String(value)}" is not one of ${ENVIRONMENTS.join(", ")}`);
    if (value === environment) continue;
    if (stricter(environment, value) === value) {
      environment = value;
      sources.push(`raised to ${value} by ${label}`);
    } else sources.push(`${label} "${value}" ignored: it cannot lower the stack's environment`);
  }
  return { environment, source: sources.join("; ") };
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
