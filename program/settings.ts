/** Reads and validates a stack's configuration (`stacks/Pulumi.<domain>-<env>.yaml`). */
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../components/naming.js";
import { type PlatformSettings, PlatformSettingsSchema } from "../components/platform.js";
import { resolveStackIdentity } from "./stackIdentity.js";

export interface StackSettings {
  /** From the stack name `<domain>-<env>` (see stackIdentity.ts), never from configuration alone. */
  readonly domain: string;
  readonly environment: Environment;
  readonly platform: PlatformSettings;
  readonly kafkaCredentials: {
    readonly username: pulumi.Output<string>;
    readonly password: pulumi.Output<string>;
  };
}

/** A configuration value that is missing or malformed, named by its `pulumi config` key. */
export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackConfigError";
  }
}

/** Secrets every stack needs; set with `pulumi config set --secret`. */
export const REQUIRED_SECRETS = ["mesh:kafkaSaslUsername", "mesh:kafkaSaslPassword"] as const;

/**
 * Reads the `mesh:*` configuration of the current stack; throws {@link StackConfigError}. The
 * domain and environment come from the stack's name; `mesh:domain` and `mesh:environment` may
 * repeat them and are refused when they disagree.
 */
export function readStackSettings(
  config = new pulumi.Config("mesh"),
  stack = pulumi.getStack(),
): StackSettings {
  const { identity, problem } = resolveStackIdentity(stack, (key) => config.get(key));
  // Pulumi reads a stack's configuration from stacks/ (stackConfigDir in Pulumi.yaml).
  if (!identity)
    throw new StackConfigError(`stacks/Pulumi.${stack.slice(stack.lastIndexOf("/") + 1)}.yaml: ${problem}`);
  const required = (key: string) => {
    const value = config.get(key);
    if (value === undefined) {
      throw new StackConfigError(`mesh:${key} is not set; run \`pulumi config set mesh:${key} <value>\``);
    }
    return value;
  };
  const platform = PlatformSettingsSchema.safeParse(config.getObject("platform") ?? required("platform"));
  if (!platform.success) {
    const issue = platform.error.issues[0]!;
    throw new StackConfigError(`${["mesh:platform", ...issue.path].join(".")}: ${issue.message}`);
  }
  const secret = (key: string) => {
    const value = config.getSecret(key);
    if (value === undefined) {
      throw new StackConfigError(
        `mesh:${key} is not set; run \`pulumi config set --secret mesh:${key} <value>\``,
      );
    }
    return value;
  };
  return {
    ...identity,
    platform: platform.data,
    kafkaCredentials: { username: secret("kafkaSaslUsername"), password: secret("kafkaSaslPassword") },
  };
}
