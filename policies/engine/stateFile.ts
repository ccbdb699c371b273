/**
 * Reads `pulumi stack export` output (deployment format version 3) into planned resources, so the
 * engine can check what is deployed. Secrets exported in plaintext (`--show-secrets`) are unwrapped;
 * encrypted ones become unknowns, so rules that need them report "can't run" instead of guessing.
 */

import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../../components/inputError.js";
import { type PlannedResource, UNKNOWN_STRING } from "./types.js";

/** The state file is not a version-3 stack export; the message names the offending path. */
export class StateFileError extends InputError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StateFileError";
  }
}

const propertyMap = z.record(z.string(), z.unknown());

const resourceSchema = z.object({
  urn: z.string().regex(/^urn:pulumi:[^:]*::[^:]*::[^:]+(:[^:]+)*::.*$/, "expected a Pulumi URN"),
  type: z.string(),
  custom: z.boolean().optional(),
  delete: z.boolean().optional(),
  inputs: propertyMap.optional(),
  outputs: propertyMap.optional(),
  parent: z.string().optional(),
  protect: z.boolean().optional(),
  retainOnDelete: z.boolean().optional(),
  provider: z.string().optional(),
  dependencies: z.array(z.string()).optional(),
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
});

const exportSchema = z.object({
  version: z.literal(3),
  deployment: z.object({ resources: z.array(resourceSchema).optional() }),
});

/** `deployment.resources[3].urn` from zod's `["deployment", "resources", 3, "urn"]`. */
function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("") ||
    "(root)"
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === "invalid_type")
    return `${where}: expected ${issue.expected}${issue.message.match(/, received \w+/)?.[0] ?? ""}`;
  return `${where}: ${issue.message}`;
}

// Pulumi's marker for a secret value in serialised state.
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Plaintext secrets are JSON-encoded values; anything else is taken as the string itself. */
function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG_KEY] === SECRET_SIG) {
    return typeof record.plaintext === "string"
      ? unwrapSecrets(parseJsonOr(record.plaintext))
      : UNKNOWN_STRING;
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** Resources of a parsed stack export; resources pending deletion are left out. */
export function parseStateFile(data: unknown): PlannedResource[] {
  const parsed = exportSchema.safeParse(data);
  if (!parsed.success) throw new StateFileError(parsed.error.issues.map(describeIssue).join("; "));
  return (parsed.data.deployment.resources ?? [])
    .filter((r) => !r.delete)
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.urn.split("::").slice(3).join("::"),
      inputs: unwrapSecrets(r.inputs ?? {}) as Record<string, any>,
      outputs: unwrapSecrets(r.outputs ?? {}) as Record<string, any>,
      ...(r.parent !== undefined && { parentUrn: r.parent }),
      ...(r.protect !== undefined && { protect: r.protect }),
      ...(r.retainOnDelete !== undefined && { retainOnDelete: r.retainOnDelete }),
      ...(r.provider !== undefined && { provider: r.provider }),
      ...(r.custom !== undefined && { custom: r.custom }),
      ...(r.dependencies !== undefined && { dependencies: r.dependencies }),
      ...(r.propertyDependencies !== undefined && { propertyDependencies: r.propertyDependencies }),
    }));
}

/** Reads and parses a stack export file; every failure is a StateFileError naming the file. */
export async function readStateFile(path: string): Promise<PlannedResource[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new StateFileError(`${path}: cannot read: ${(e as Error).message}`, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(`${path}: not JSON: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseStateFile(data);
  } catch (e) {
    if (e instanceof StateFileError) throw new StateFileError(`${path}: ${e.message}`, { cause: e });
    throw e;
  }
}
