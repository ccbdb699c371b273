/** Reads and validates a stack's configuration (`stacks/Pulumi.<domain>-<env>.yaml`). */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "../components/naming.js";
import { type PlatformSettings, PlatformSettingsSchema } from "../components/platform.js";

export interface StackSettings {
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

const EnvironmentSchema = z.enum(ENVIRONMENTS, { error: `expected one of ${ENVIRONMENTS.join(", ")}` });

/** Reads the `mesh:*` configuration of the current stack; throws {@link StackConfigError}. */
export function readStackSettings(config = new pulumi.Config("mesh")): StackSettings {
  const required = (key: string) => {
    const value = config.get(key);
    if (value === undefined) {
      throw new StackConfigError(`mesh:${key} is not set; run \`pulumi config set mesh:${key} <value>\``);
    }
    return value;
  };
  const environment = EnvironmentSchema.safeParse(required("environment"));
  if (!environment.success)
    throw new StackConfigError(`mesh:environment: ${environment.error.issues[0]!.message}`);
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
    domain: required("domain"),
    environment: environment.data,
    platform: platform.data,
    kafkaCredentials: { username: secret("kafkaSaslUsername"), password: secret("kafkaSaslPassword") },
  };
}
