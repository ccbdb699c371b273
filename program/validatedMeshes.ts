/**
 * Meshes validated in this process, or handed to it by the `mesh plan` process it plans for, by what
 * they were validated from. Validating a mesh checks every product's SQL with DuckDB and derives its
 * column lineage: in a mesh of 100 domains, over a second and a half, which every stack's plan
 * worker spent again on the same mesh. `mesh plan` validates it once and hands it over with each
 * stack (cli/plan/pool.ts); a worker then checks only what depends on its stack's naming context
 * (`namingProblemsOf`).
 *
 * The key is a digest of everything validation reads: the declarations as read, the lock file, the
 * options, the working folder (messages name files from it), and each SQL file a declaration names
 * (read again here, as validation reads it: only inside the domain's folder). A mesh is used only
 * for exactly those inputs: one changed on disk since (a domain file's code rewriting a SQL file)
 * is validated afresh.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { Lock } from "../components/contract/lock.js";
import type { DomainDefinition } from "../components/declaration/defineDomain.js";
import type { Mesh } from "../components/declaration/mesh.js";
import type { MeshSqlOptions } from "../components/declaration/meshSql.js";
import { sqlFilePath } from "../components/declaration/sqlFilePath.js";

/** A mesh and the digest of what it was validated from. */
export type ValidatedMesh = readonly [key: string, mesh: Mesh];

/** A few: a process validates one mesh, or one before and one after a change (`--affected`). */
const KEPT = 4;
const validated = new Map<string, Mesh>();

/** Each `transform.sqlFile` of a declaration, as validation resolves it, with its content (or null). */
function sqlFilesOf(definition: DomainDefinition): [string, string | null][] {
  const products = (definition.input as { dataProducts?: unknown }).dataProducts;
  if (!Array.isArray(products)) return [];
  const files: [string, string | null][] = [];
  for (const product of products) {
    const file = (product as { transform?: { sqlFile?: unknown } } | null)?.transform?.sqlFile;
    if (typeof file !== "string") continue;
    // Outside the folder validation refuses it unread: so must the key (`/dev/zero` never ends).
    const { path, inside } = sqlFilePath(definition.baseDir, file);
    files.push([path, inside && existsSync(path) ? readFileSync(path, "utf8") : null]);
  }
  return files;
}

/**
 * JSON, with what JSON would drop or conflate written out. Not `v8.serialize`: it writes a number as
 * V8 holds it (a small integer, or a double), which differs between two copies of the same data.
 */
function tagged(_key: string, value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (typeof value === "bigint") return { $bigint: String(value) };
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  if (typeof value === "function" || typeof value === "symbol")
    return { [`$${typeof value}`]: String(value) };
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  if (value instanceof RegExp) return { $regexp: String(value) };
  return value;
}

/** The digest of what validating `definitions` with `lock` and `options` reads. */
export function meshKey(
  definitions: readonly DomainDefinition[],
  lock: Lock,
  options: MeshSqlOptions,
): string {
  const inputs = definitions.map((d) => [d.input, d.source, d.baseDir, sqlFilesOf(d)]);
  return createHash("sha256")
    .update(JSON.stringify([process.cwd(), inputs, lock, options], tagged))
    .digest("hex");
}

/** The mesh validated from the inputs of `key`, if this process has it. */
export const validatedMesh = (key: string): Mesh | undefined => validated.get(key);

/** Keeps `mesh`, valid as validated from the inputs of `key`. */
export function keepValidated(key: string, mesh: Mesh): void {
  validated.delete(key);
  validated.set(key, mesh);
  for (const old of validated.keys()) {
    if (validated.size <= KEPT) break;
    validated.delete(old);
  }
}

/** The meshes validated so far in this process: `mesh plan` hands them to its workers. */
export const meshesValidated = (): ValidatedMesh[] => [...validated];

/**
 * Meshes the `mesh plan` process validated. Each replaces what this process kept under its key: a
 * worker gets its own copy with each stack, which the code a stack before ran cannot have touched.
 */
export function rememberMeshes(meshes: readonly ValidatedMesh[]): void {
  for (const [key, mesh] of meshes) keepValidated(key, mesh);
}
