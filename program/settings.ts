/**
 * Reads and validates a stack's settings: its identity and secrets from the stack's configuration
 * (`stacks/Pulumi.<domain>-<env>.yaml`, the domain team's), the platform's settings for its
 * environment from `platform.yaml` (the platform team's).
 */

import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../components/inputError.js";
import type { Environment } from "../components/naming.js";
import type { PlatformSettings } from "../components/platform.js";
import { PLATFORM_FILE, type PlatformFile, platformSettingsFor } from "./platformFile.js";
import { REGION_KEY, stackConfigProblem, stackFileOf } from "./stackConfig.js";
import { resolveStackIdentity } from "./stackIdentity.js";

export interface StackSettings {
  /** From the stack name `<domain>-<env>` (see stackIdentity.ts), never from configuration alone. */
  readonly domain: string;
  readonly environment: Environment;
  /** From `platform.yaml`, the block of this stack's environment: nothing in the stack file changes it. */
  readonly platform: PlatformSettings;
  readonly kafkaCredentials: {
    readonly username: pulumi.Output<string>;
    readonly password: pulumi.Output<string>;
  };
}

/** A configuration value that is missing, malformed or not the stack's to set, named by its key. */
export class StackConfigError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "StackConfigError";
  }
}

/**
 * Reads the current stack's settings; throws {@link StackConfigError}, or PlatformFileError for a
 * bad `platform.yaml`. The domain and environment come from the stack's name; `mesh:domain` and
 * `mesh:environment` may repeat them and are refused when they disagree. `root` is the project
 * folder (Pulumi runs the program there), where `platform.yaml` is, or that file already read.
 */
export function readStackSettings(
  config = new pulumi.Config("mesh"),
  stack = pulumi.getStack(),
  root: string | PlatformFile = process.cwd(),
): StackSettings {
  const file = stackFileOf(stack);
  // Every key, not only those read below: a key the program ignored would look like it took effect.
  const all = pulumi.runtime.allConfig();
  const refused = stackConfigProblem(Object.keys(all));
  if (refused) throw new StackConfigError(`${file}: ${refused}`);
  const { identity, problem } = resolveStackIdentity(stack, (key) => all[`mesh:${key}`]);
  if (!identity) throw new StackConfigError(`${file}: ${problem}`);
  const platform = platformSettingsFor(root, identity.environment);
  const region = all[REGION_KEY];
  if (region !== undefined && region !== platform.region) {
    throw new StackConfigError(
      `${file}: ${REGION_KEY} is "${region}", but the platform runs ${identity.environment} in "${platform.region}" (${PLATFORM_FILE}): remove ${REGION_KEY} or set it to "${platform.region}"`,
    );
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
    platform,
    kafkaCredentials: { username: secret("kafkaSaslUsername"), password: secret("kafkaSaslPassword") },
  };
}
