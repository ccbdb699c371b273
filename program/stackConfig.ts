/**
 * What a stack file may set. A stack file (`stacks/Pulumi.<domain>-<env>.yaml`) is the domain
 * team's, so it may carry only what is the team's: its identity (which must repeat the stack name,
 * see stackIdentity.ts), its own Kafka credentials, and the AWS region the platform already chose.
 * Everything else is refused, deny by default: the platform's settings (account, OIDC provider,
 * runner image, Connect worker role, name prefix…) come from `platform.yaml` alone, or a tenant
 * could rewrite under its own stack what every role trusts and which image runs with its role.
 */
import { PlatformSettingsSchema } from "../components/platform.js";
import { PLATFORM_FILE } from "./platformFile.js";
import { IDENTITY_KEYS } from "./stackIdentity.js";
import { closest } from "./suggest.js";

/** Secrets every stack needs, its own Kafka credentials; set with `pulumi config set --secret`. */
export const REQUIRED_SECRETS = ["mesh:kafkaSaslUsername", "mesh:kafkaSaslPassword"] as const;

/** `aws:region`: allowed for tools that read it, and only with the platform's region. */
export const REGION_KEY = "aws:region";

/** Every configuration key a stack file may set. */
export const STACK_KEYS: readonly string[] = [
  ...IDENTITY_KEYS.map((k) => `mesh:${k}`),
  ...REQUIRED_SECRETS,
  REGION_KEY,
];

/** The platform's settings as a stack file would write them, refused there (`mesh:runner`). */
const PLATFORM_KEYS = Object.keys(PlatformSettingsSchema.shape).map((k) => `mesh:${k}`);

/** `stacks/Pulumi.<stack>.yaml`, where Pulumi keeps a stack's configuration (stackConfigDir). */
export const stackFileOf = (stack: string) => `stacks/Pulumi.${stack.slice(stack.lastIndexOf("/") + 1)}.yaml`;

/** Why a stack may not set `key`, or undefined when it may. */
export function stackKeyProblem(key: string): string | undefined {
  if (STACK_KEYS.includes(key)) return undefined;
  const [namespace, name = ""] = key.split(":", 2);
  if (namespace === "mesh") {
    const setting = name.split(".")[0]!;
    if (setting === "platform")
      return `${key} is the platform team's: set it in ${PLATFORM_FILE}, not in a stack file`;
    if (setting in PlatformSettingsSchema.shape) {
      return `${key} is the platform team's: set environments.<env>.${name} in ${PLATFORM_FILE}, not in a stack file`;
    }
  }
  // A misspelt platform setting (`mesh:runnr`) is suggested too, with where it belongs.
  const suggestion = closest(key, [...STACK_KEYS, "mesh:platform", ...PLATFORM_KEYS]);
  const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
  if (suggestion && PLATFORM_KEYS.includes(suggestion)) {
    return `${key} is not a stack setting${hint}: ${stackKeyProblem(suggestion)}`;
  }
  return `${key} is not a stack setting${hint}: a stack file sets only ${STACK_KEYS.join(", ")}; the platform's settings are in ${PLATFORM_FILE}`;
}

/** The first refused key of a stack's configuration, as a message, or undefined. */
export function stackConfigProblem(keys: Iterable<string>): string | undefined {
  for (const key of [...keys].sort()) {
    const problem = stackKeyProblem(key);
    if (problem) return problem;
  }
  return undefined;
}
