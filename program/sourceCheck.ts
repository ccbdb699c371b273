/**
 * The TypeScript compiler's verdict on domain files, before any of them is loaded: a missing comma,
 * a misspelt name (`Clasification`), a module that does not exist (`@datamesh/platfrom`) or a key
 * written twice (which JavaScript would keep silently) is reported as `file:line:col: message`.
 *
 * Type-checking against the platform's real types takes seconds (zod, Pulumi), and the declaration's
 * values are judged by its zod schema anyway, with the platform's own wording. So the program here
 * is the domain folders' own files over stubs: every module they import that resolves is `any`
 * (`@datamesh/platform` with its real export names, so a misspelt import is named), and the
 * globals are those of this Node process. Of the checker's findings only those about names,
 * modules and duplicates are kept: the rest (types) would be judged against stubs.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import type { DeclarationProblem } from "../components/declaration/errors.js";
import { folderSources } from "./domainFiles.js";
import { platformExportNames, platformSourcesDigest } from "./platformExports.js";
import { ts } from "./typescriptCompiler.js";
import { type ExternalImport, storedVerdict, storeVerdict } from "./verdictStore.js";

/** Checker diagnostics that do not depend on types: unknown names and modules, duplicates. */
const KEPT = new Set([
  1117, // An object literal cannot have multiple properties with the same name.
  2300, // Duplicate identifier.
  2304, // Cannot find name.
  2305, // Module has no exported member.
  2307, // Cannot find module.
  2451, // Cannot redeclare block-scoped variable.
  2552, // Cannot find name. Did you mean …?
  2724, // Module has no exported member named …. Did you mean …?
  18004, // No value exists in scope for the shorthand property.
]);

/** A function, not a constant: its enums would load the compiler with this module (typescriptCompiler.ts). */
const compilerOptions = (): TS.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  noEmit: true,
  noLib: true, // the globals come from STUBS: parsing the real lib files costs a second
  types: [],
});

const PLATFORM = "@datamesh/platform";
const STUBS = "/__mesh_stubs__.d.ts";
/** The files of a domain's folder its verdict depends on. */
const SOURCE = /\.(m|c)?[jt]s$/;

/** Verdicts by the content of every file checked, so planning six stacks checks once. */
const cache = new Map<string, DeclarationProblem[]>();

/**
 * Compiler problems of each domain file and the modules it imports from its own folder, with
 * paths relative to the working directory. Empty when the files compile. A verdict an earlier run
 * reached on the same inputs is taken from disk (verdictStore.ts), and the compiler not loaded.
 */
export function sourceProblems(files: readonly string[]): DeclarationProblem[] {
  const key = contentKey(files);
  let problems = cache.get(key);
  if (!problems) {
    const storeKey = verdictKey(key);
    const stored = storedVerdict(storeKey);
    if (stored?.imports.every((i) => resolvable(i.specifier, i.containing) === i.resolvable)) {
      problems = [...stored.problems];
    } else {
      const verdict = check(files);
      problems = verdict.problems;
      if (verdict.imports) storeVerdict(storeKey, { problems, imports: verdict.imports });
    }
    cache.set(key, problems);
  }
  return problems;
}

/**
 * The key a verdict is stored under: what the compiler's verdict depends on besides the files
 * (contentKey) — where paths are reported from, the compiler, the globals (Node's version), this
 * checker's code, the platform's export names (its entry's sources) and the installed packages
 * (npm rewrites node_modules/.package-lock.json on every install).
 */
function verdictKey(content: string): string {
  const require = createRequire(import.meta.url);
  const hash = createHash("sha256").update(content).update(`\0${process.cwd()}\0${process.version}\0`);
  hash.update(readFileSync(require.resolve("typescript/package.json")));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(platformSourcesDigest());
  const lock = join(process.cwd(), "node_modules", ".package-lock.json");
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest("hex");
}

/** Whether the compiler refused `file` or a module of its folder (a `sourceProblems` problem). */
export function refusedBy(problems: readonly DeclarationProblem[], file: string): boolean {
  const folder = `${relative(process.cwd(), dirname(file))}/`;
  return problems.some((p) => p.source?.startsWith(folder));
}

/** The files a domain file may import from its folder, with their contents. */
function contentKey(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    for (const f of folderSources(dirname(file), SOURCE))
      hash.update(`${f}\0`).update(readFileSync(f)).update("\0");
    hash.update(`${file}\n`);
  }
  return hash.digest("hex");
}

/**
 * The checker's findings, and the modules the files import from outside their folders: each is
 * resolved again before a stored verdict is reused. None (not to be stored) when a file imports a
 * relative path outside its folder, which no content key covers.
 */
function check(files: readonly string[]): {
  problems: DeclarationProblem[];
  imports: ExternalImport[] | undefined;
} {
  const folders = files.map((f) => `${dirname(f)}/`);
  const ownFolder = (file: string) => folders.some((folder) => file.startsWith(folder));
  const stubbed = new Set<string>([PLATFORM]);
  let imports: ExternalImport[] | undefined = [];
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === STUBS
      ? ts.createSourceFile(name, stubs(stubbed), language)
      : readSource(name, language, ...rest);
  // A module of the domain's own folder is checked too; any other that resolves is `any` (see
  // STUBS); one that does not stays unresolved, and the checker says so (TS2307).
  host.resolveModuleNameLiterals = (literals, containing) =>
    literals.map(({ text }) => {
      const resolved = ts.resolveModuleName(text, containing, options, host).resolvedModule;
      if (resolved && ownFolder(resolved.resolvedFileName) && !resolved.isExternalLibraryImport) {
        return { resolvedModule: resolved };
      }
      const byNode = resolvable(text, containing);
      if (text === PLATFORM || resolved || byNode) stubbed.add(text);
      if (/^(\.|\/|file:)/.test(text)) imports = undefined;
      else imports?.push({ specifier: text, containing, resolvable: byNode });
      return { resolvedModule: undefined };
    });
  // Module names are collected while the domain files are parsed, before STUBS is read.
  const program = ts.createProgram([...files, STUBS], options, host);
  const checked = program.getSourceFiles().filter((f) => ownFolder(f.fileName));
  // As tsc does: past a syntax error the checker's findings are mostly its echoes. Per file, so
  // that another domain's mistakes are reported at once too.
  const diagnostics = checked.flatMap((f): readonly TS.Diagnostic[] => {
    const syntax = program.getSyntacticDiagnostics(f);
    return syntax.length > 0 ? syntax : program.getSemanticDiagnostics(f).filter((d) => kept(d));
  });
  return { problems: diagnostics.map(toProblem), imports };
}

/** Whether Node would load `specifier` from `containing`, or from the platform as the reader does. */
function resolvable(specifier: string, containing: string): boolean {
  if (isBuiltin(specifier)) return true;
  if (/^(\.|\/|file:)/.test(specifier)) return false; // relative: ts.resolveModuleName has answered
  for (const from of [containing, import.meta.filename ?? new URL(import.meta.url).pathname]) {
    try {
      createRequire(from).resolve(specifier);
      return true;
    } catch {
      // ESM-only packages have no `require` condition: their package folder is enough.
      try {
        createRequire(from).resolve(
          `${specifier
            .split("/")
            .slice(0, specifier.startsWith("@") ? 2 : 1)
            .join("/")}/package.json`,
        );
        return true;
      } catch {}
    }
  }
  return false;
}

/**
 * Declarations the domain files are checked against: each module they import that resolves, as
 * `any` (the platform with its export names, each a value and a type), and Node's globals.
 */
function stubs(modules: ReadonlySet<string>): string {
  const lines = [...modules].map((m) =>
    m === PLATFORM
      ? `declare module "${PLATFORM}" {\n${platformExportNames()
          .map((n) => `  export const ${n}: any;\n  export type ${n} = any;`)
          .join("\n")}\n}`
      : `declare module ${JSON.stringify(m)};`,
  );
  const globals = Object.getOwnPropertyNames(globalThis).filter(
    (n) => /^[A-Za-z_$][\w$]*$/.test(n) && !["undefined", "globalThis"].includes(n),
  );
  return [...lines, ...globals.map((n) => `declare var ${n}: any;`)].join("\n");
}

/** A kept checker finding; names in type positions are left alone (the stubs have no lib types). */
function kept(d: TS.Diagnostic): boolean {
  if (!KEPT.has(d.code)) return false;
  if ((d.code !== 2304 && d.code !== 2552) || !d.file || d.start === undefined) return true;
  for (let node = tokenAt(d.file, d.start); node; node = node.parent) if (ts.isTypeNode(node)) return false;
  return true;
}

function tokenAt(file: TS.SourceFile, position: number): TS.Node | undefined {
  const find = (node: TS.Node): TS.Node | undefined =>
    position >= node.getStart(file) && position < node.getEnd()
      ? (ts.forEachChild(node, find) ?? node)
      : undefined;
  return find(file);
}

function toProblem(d: TS.Diagnostic): DeclarationProblem {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return { path: "", message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const name = isAbsolute(d.file.fileName) ? relative(process.cwd(), d.file.fileName) : d.file.fileName;
  return { source: `${name}:${line + 1}:${character + 1}`, path: "", message };
}

/** A verdict of the compiler, by the content of the files it checked. */
export type SourceVerdict = readonly [key: string, problems: readonly DeclarationProblem[]];

/** The verdicts reached so far in this process: `mesh plan` hands them to its workers (cli/plan/pool.ts). */
export const verdictsReached = (): SourceVerdict[] => [...cache];

/** Verdicts another process of the same plan reached, on the same content: not checked again. */
export function rememberVerdicts(verdicts: readonly SourceVerdict[]): void {
  for (const [key, problems] of verdicts) if (!cache.has(key)) cache.set(key, [...problems]);
}
