import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DeclarationError, type DeclarationProblem, problemsFromZod } from "./errors.js";
import { type NamingContext, nameLimitProblems } from "./limits.js";
import { type DomainDeclaration, type DomainInput, DomainSchema } from "./schema.js";
import { sqlFilePath } from "./sqlFilePath.js";

/** A domain team's declaration as written, with where it was written. Validate before use. */
export interface DomainDefinition {
  readonly input: DomainInput;
  /** `path/to/file.ts:line` of the `defineDomain` call, relative to the working directory. */
  readonly source?: string;
  /** Folder that `transform.sqlFile` paths are relative to. */
  readonly baseDir?: string;
}

/**
 * Declares a domain's mesh node. Call it once, as the default export of `domains/<name>/index.ts`:
 *
 * ```ts
 * export default defineDomain({ name: "orders", owner: {...}, dataProducts: [...] });
 * ```
 *
 * Nothing is validated here, so that one team's mistake is reported with everyone else's, with
 * file and line, when the mesh is loaded (see `validateDomain`, `loadMesh`).
 */
export function defineDomain(input: DomainInput): DomainDefinition {
  const site = callSite();
  return Object.freeze({ input, ...site });
}

/** File and line of the caller of `defineDomain`, read from the stack (source-mapped under tsx). */
function callSite(): { source?: string; baseDir?: string } {
  // Map the stack to the TypeScript source even where a caller turned source maps off for speed.
  const process_ = process as NodeJS.Process & { sourceMapsEnabled?: boolean };
  const enabled = process_.sourceMapsEnabled ?? false;
  const limit = Error.stackTraceLimit;
  process_.setSourceMapsEnabled(true);
  Error.stackTraceLimit = 10;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  process_.setSourceMapsEnabled(enabled);
  const frames = stack.split("\n").slice(3);
  for (const frame of frames) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?$/.exec(frame.trim());
    if (!m || m[1]!.startsWith("node:")) continue;
    const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    if (!isAbsolute(file)) continue;
    return { source: `${relative(process.cwd(), file)}:${m[2]}`, baseDir: dirname(file) };
  }
  return {};
}

/** Attributes problems to the definition's file and line. */
export const locate = (
  def: DomainDefinition,
  problems: readonly DeclarationProblem[],
): DeclarationProblem[] => problems.map((p) => ({ ...p, source: def.source }));

/**
 * Parses one declaration against the schema and loads its SQL file. Returns the declaration with
 * defaults filled in and `transform.sql` set; throws {@link DeclarationError} otherwise.
 */
export function parseDomain(def: DomainDefinition): DomainDeclaration {
  const parsed = DomainSchema.safeParse(def.input);
  if (!parsed.success) throw new DeclarationError(locate(def, problemsFromZod(parsed.error)));
  const sqlProblems = loadSqlFiles(parsed.data, def.baseDir);
  if (sqlProblems.length > 0) throw new DeclarationError(locate(def, sqlProblems));
  return parsed.data;
}

/**
 * Validates one declaration on its own: the schema, its SQL file and the names it implies.
 * {@link validateMesh} also checks what it consumes.
 */
export function validateDomain(
  definition: DomainDefinition | DomainInput,
  context: NamingContext = {},
): DomainDeclaration {
  const def: DomainDefinition = "input" in definition ? definition : { input: definition };
  const domain = parseDomain(def);
  const problems = nameLimitProblems(domain, context);
  if (problems.length > 0) throw new DeclarationError(locate(def, problems));
  return domain;
}

/** Reads every `transform.sqlFile` into `transform.sql`; problems for files that cannot be read. */
function loadSqlFiles(domain: DomainDeclaration, baseDir: string | undefined): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  domain.dataProducts.forEach((product, i) => {
    const file = product.transform.sqlFile;
    if (file === undefined) return;
    const { path, inside } = sqlFilePath(baseDir, file);
    if (!inside || !existsSync(path)) {
      problems.push({
        path: `dataProducts[${i}].transform.sqlFile`,
        message: inside
          ? `file "${file}" not found in ${relative(process.cwd(), baseDir ?? ".") || "."}`
          : `"${file}" is outside the domain's folder; keep SQL next to the declaration`,
      });
      return;
    }
    const sql = readFileSync(join(path), "utf8");
    // Said here, at the declaration's `sqlFile`: the SQL check would only count 0 statements.
    if (sql.trim() === "") {
      problems.push({
        path: `dataProducts[${i}].transform.sqlFile`,
        message: `"${file}" is empty; a transform is exactly one SELECT`,
      });
      return;
    }
    product.transform.sql = sql;
  });
  return problems;
}
