/**
 * Reads `stacks/Pulumi.<domain>-<env>.yaml` files the way the Pulumi CLI would, for offline plans.
 * A stack file is its domain team's: it may set only the keys of program/stackConfig.ts, and its
 * platform settings come from `platform.yaml` (program/platformFile.ts), never from here.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { InputError } from "../../components/inputError.js";
import type { Environment } from "../../components/naming.js";
import { stackKeyProblem } from "../../program/stackConfig.js";
import { IDENTITY_KEYS, resolveStackIdentity } from "../../program/stackIdentity.js";
import { offsetOf } from "../../program/yamlOffset.js";

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

/** A stack file that cannot be used; the message names the file, the line and what is wrong. */
export class StackFileError extends InputError {
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
  const lineCounter = new LineCounter();
  const yaml = parseDocument(readFileSync(path, "utf8"), { lineCounter, prettyErrors: false });
  const syntax = yaml.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new StackFileError(`${where}:${line}: not valid YAML: ${syntax.message.split("\n")[0]}`);
  }
  // `file:line:` as platform.yaml's errors and compilers give it, so editors jump to the key.
  const at = (...keys: string[]) => `${where}:${lineCounter.linePos(offsetOf(yaml.contents, keys)).line}`;
  const doc: unknown = yaml.toJS();
  if (doc !== null && (typeof doc !== "object" || Array.isArray(doc))) {
    throw new StackFileError(`${at()}: must be a mapping with \`config\``);
  }
  for (const key of Object.keys(doc ?? {})) {
    if (!STACK_FILE_KEYS.includes(key)) {
      throw new StackFileError(
        `${at(key)}: top-level key "${key}" is not allowed in a stack file (only ${STACK_FILE_KEYS.join(", ")})`,
      );
    }
  }
  const config = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackFileError(`${at("config")}: \`config\` must be a mapping of "namespace:key" to values`);
  }
  const flat: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!/^[A-Za-z0-9_-]+:[A-Za-z0-9_.-]+$/.test(key)) {
      throw new StackFileError(`${at("config", key)}: config key "${key}" must be "namespace:key"`);
    }
    const problem = stackKeyProblem(key);
    if (problem) throw new StackFileError(`${at("config", key)}: ${problem}`);
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
  if (!identity) {
    // The key that disagrees with the name, if any (the name itself is no line of the file).
    const key = IDENTITY_KEYS.map((k) => `mesh:${k}`).find((k) => problem.startsWith(`${k} `));
    throw new StackFileError(`${key ? at("config", key) : where}: ${problem}`);
  }
  return { name, path, ...identity, config: flat, secretKeys };
}
