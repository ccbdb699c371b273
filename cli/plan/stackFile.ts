/**
 * Reads `stacks/Pulumi.<domain>-<env>.yaml` files the way the Pulumi CLI would, for offline plans.
 * A stack file is its domain team's: it may set only the keys of program/stackConfig.ts, and its
 * platform settings come from `platform.yaml` (program/platformFile.ts), never from here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parse } from "yaml";
import type { Environment } from "../../components/naming.js";
import { stackKeyProblem } from "../../program/stackConfig.js";
import { resolveStackIdentity } from "../../program/stackIdentity.js";

export interface StackFile {
  /** `<domain>-<env>`, the stack name from the file name. */
  readonly name: string;
  /** The domain and environment the stack deploys: from its name, never from its configuration. */
  readonly domain: string;
  readonly environment: Environment;
  readonly path: string;
  /** Configuration as `pulumi.runtime.setAllConfig` takes it: objects as JSON text. */
  readonly config: Record<string, string>;
  /** Keys whose values are Pulumi secrets (`secure:` in the file). */
  readonly secretKeys: readonly string[];
}

/** A stack file that cannot be used; the message names the file and what is wrong. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

/**
 * Top-level keys Pulumi writes in a stack file, besides `config`. Not `environment`: configuration
 * imported from an ESC environment would reach the program unread by this check (the program
 * refuses its keys too, but a plan should not depend on what it cannot see).
 */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt"];

export function stackFilePaths(stacksDir: string): string[] {
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir)
    .filter((f) => STACK_FILE.test(f))
    .sort()
    .map((f) => join(stacksDir, f));
}

export function readStackFile(path: string): StackFile {
  const where = relative(process.cwd(), path);
  const name = STACK_FILE.exec(basename(path))?.[1];
  if (!name) throw new StackFileError(`${where}: not a stack file (expected Pulumi.<stack>.yaml)`);
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new StackFileError(`${where}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc !== null && (typeof doc !== "object" || Array.isArray(doc))) {
    throw new StackFileError(`${where}: must be a mapping with \`config\``);
  }
  for (const key of Object.keys(doc ?? {})) {
    if (!STACK_FILE_KEYS.includes(key)) {
      throw new StackFileError(
        `${where}: top-level key "${key}" is not allowed in a stack file (only ${STACK_FILE_KEYS.join(", ")})`,
      );
    }
  }
  const config = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackFileError(`${where}: \`config\` must be a mapping of "namespace:key" to values`);
  }
  const flat: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!/^[A-Za-z0-9_-]+:[A-Za-z0-9_.-]+$/.test(key)) {
      throw new StackFileError(`${where}: config key "${key}" must be "namespace:key"`);
    }
    const problem = stackKeyProblem(key);
    if (problem) throw new StackFileError(`${where}: ${problem}`);
    if (value && typeof value === "object" && "secure" in value) {
      // Ciphertext only the stack's secrets provider can decrypt: offline, the value stays hidden.
      secretKeys.push(key);
      flat[key] = "[secret]";
    } else {
      flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  // The program refuses such a stack too; refusing it here names the file before anything is planned.
  const { identity, problem } = resolveStackIdentity(name, (key) => flat[`mesh:${key}`]);
  if (!identity) throw new StackFileError(`${where}: ${problem}`);
  return { name, path, ...identity, config: flat, secretKeys };
}
