/**
 * Reads `platform.yaml`, the platform team's settings per environment, at the project root. The
 * one reader of that file: the program (`pulumi up`), `mesh plan` and the other commands all get
 * their platform settings here, never from a domain's stack file (see stackConfig.ts).
 */

import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { InputError } from "../components/inputError.js";
import type { Environment } from "../components/naming.js";
import { PlatformFileSchema, type PlatformSettings } from "../components/platform.js";
import { closest } from "./suggest.js";
import { offsetOf } from "./yamlOffset.js";

export const PLATFORM_FILE = "platform.yaml";

/** `platform.yaml` is missing, malformed, or has no block for an environment; names file, line and path. */
export class PlatformFileError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "PlatformFileError";
  }
}

export interface PlatformFile {
  /** Where the file is, as errors name it (relative to the working directory). */
  readonly source: string;
  readonly environments: Partial<Record<Environment, PlatformSettings>>;
  /** The line of `environments.<env>` (or of `environments`), for errors about one environment. */
  readonly lineOf: (path: readonly (string | number)[]) => number;
}

/** Reads and validates the whole of `<root>/platform.yaml`; throws {@link PlatformFileError}. */
export function readPlatformFile(root: string): PlatformFile {
  const path = join(root, PLATFORM_FILE);
  const source = relative(process.cwd(), path) || PLATFORM_FILE;
  if (!existsSync(path)) {
    throw new PlatformFileError(
      `${source}: not found; the platform team's settings for each environment live there (see README, "Stack configuration")`,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, "utf8"), { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new PlatformFileError(`${source}:${line}: not valid YAML: ${syntax.message.split("\n")[0]}`);
  }
  const lineOf = (p: readonly (string | number)[]) => lineCounter.linePos(offsetOf(doc.contents, p)).line;
  const parsed = PlatformFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    // An unknown key first: a misspelt `runnr` also makes `runner` missing, and the typo is the cause.
    const issues = parsed.error.issues;
    const issue = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
    const at = issuePath(issue);
    throw new PlatformFileError(
      `${source}:${lineOf(at)}: ${at.join(".") || "(top level)"}: ${issueMessage(issue, at)}`,
    );
  }
  return { source, environments: parsed.data.environments, lineOf };
}

/**
 * The platform settings of one environment, from the project folder `root` or a file already read;
 * throws {@link PlatformFileError} when it has none.
 */
export function platformSettingsFor(root: string | PlatformFile, environment: Environment): PlatformSettings {
  const file = typeof root === "string" ? readPlatformFile(root) : root;
  const settings = file.environments[environment];
  if (settings) return settings;
  const present = Object.keys(file.environments);
  throw new PlatformFileError(
    `${file.source}:${file.lineOf(["environments"])}: environments.${environment} is not set: the platform team has not set up the ${environment} environment (set up: ${present.join(", ") || "none"})`,
  );
}

/** The issue in words; an unknown key with the allowed key nearest to it, or the allowed ones. */
function issueMessage(issue: z.core.$ZodIssue, at: readonly (string | number)[]): string {
  if (issue.code !== "unrecognized_keys") return issue.message;
  const allowed = keysAt(PlatformFileSchema, at.slice(0, -1));
  const suggestion = closest(String(at.at(-1)), allowed);
  return suggestion
    ? `unknown key (did you mean ${suggestion}?)`
    : `unknown key; expected ${allowed.join(", ")}`;
}

/** The keys a schema's object takes at `path` (wrappers such as optional and default looked through). */
function keysAt(schema: unknown, path: readonly (string | number)[]): string[] {
  let def = (schema as { _zod?: { def?: any } })?._zod?.def;
  while (def && ["optional", "default", "prefault", "nullable", "readonly", "pipe"].includes(def.type)) {
    def = (def.innerType ?? def.in)?._zod?.def;
  }
  if (!def) return [];
  const [segment, ...rest] = path;
  if (def.type === "union")
    return [...new Set(def.options.flatMap((o: unknown) => keysAt(o, path)))] as string[];
  if (segment === undefined) return def.type === "object" ? Object.keys(def.shape) : [];
  if (def.type === "object") return keysAt(def.shape[segment], rest);
  if (def.type === "array") return keysAt(def.element, rest);
  if (def.type === "record") return keysAt(def.valueType, rest);
  return [];
}

/** An issue's path, down to the offending key when the issue is an unrecognised key. */
function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  return issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
}
