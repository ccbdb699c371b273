import type { EnforcementLevel } from "@pulumi/policy";
import { ENVIRONMENTS, type Environment } from "../../components/naming.js";
import { ENVIRONMENT_CONFIG_KEY } from "./environment.js";
import type { MeshPolicy } from "./types.js";

/**
 * Level a rule runs at when nothing overrides it: advisory in `dev` so exploration is never
 * blocked; in `staging` and `prod` mandatory, or `remediate` for rules that can fix the resource
 * themselves (a remediated resource is then still validated, at mandatory). A `boundary` rule is
 * mandatory everywhere: a tenant stepping outside its node is not exploration.
 */
export function defaultLevel(rule: MeshPolicy, environment: Environment): EnforcementLevel {
  if (environment === "dev" && !rule.boundary) return "advisory";
  return "remediateResource" in rule && rule.remediateResource ? "remediate" : "mandatory";
}

/**
 * The rule as deployed for one environment: its default level set, and `environment` added to its
 * config schema with the environment as default, so the CLI hands it to `args.getConfig()`. The
 * schema admits only environments at least as strict: `--policy-pack-config` can judge a dev
 * stack as prod, but not a prod stack as dev (the CLI refuses a config the schema does not admit).
 */
export function forEnvironment(rule: MeshPolicy, environment: Environment): MeshPolicy {
  return {
    ...rule,
    enforcementLevel: defaultLevel(rule, environment),
    remediationSteps: rule.remediation,
    tags: [rule.group],
    configSchema: {
      ...rule.configSchema,
      properties: {
        ...rule.configSchema?.properties,
        [ENVIRONMENT_CONFIG_KEY]: {
          type: "string",
          enum: ENVIRONMENTS.slice(ENVIRONMENTS.indexOf(environment)),
          default: environment,
        },
      },
    },
  };
}

/** Config a rule sees when none is given: its schema defaults, as the Pulumi CLI fills them in. */
export function configDefaults(rule: MeshPolicy): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(rule.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) defaults[key] = schema.default;
  }
  return defaults;
}
