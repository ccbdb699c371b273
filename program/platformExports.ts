/**
 * The names `@datamesh/platform` exports, values and types alike, read from its entry's source
 * (components/index.ts in a checkout, its .d.ts in the package) by parsing alone: sourceCheck.ts
 * needs them to name a misspelt import, and the type checker would take seconds to list them.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import { ts } from "./typescriptCompiler.js";

let names: string[] | undefined;

/** Every name the platform's public entry exports, sorted. */
export function platformExportNames(): string[] {
  names ??= [...exportsOf(entry(), new Set())].sort();
  return names;
}

/**
 * A digest of every declaration file of the platform's entry folder, names and contents: what
 * {@link platformExportNames} reads, without parsing it (sourceCheck.ts keys stored verdicts on it).
 */
let digest: string | undefined;
export function platformSourcesDigest(): string {
  digest ??= sourcesDigest();
  return digest;
}

function sourcesDigest(): string {
  const folder = dirname(entry());
  const hash = createHash("sha256");
  const files = existsSync(folder)
    ? readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile() && /\.(d\.)?ts$/.test(d.name))
        .map((d) => join(d.parentPath, d.name))
        .sort()
    : [];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/**
 * components/index.ts beside this folder (run from the sources); compiled, in `dist/program/`, the
 * sources beside `dist/` (a checkout's compiled copy, scripts/compiledCheckout.mjs, which has no
 * .d.ts) or else the package's index.d.ts.
 */
function entry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = ["../components/index.ts", "../../components/index.ts", "../components/index.d.ts"].map(
    (f) => resolve(here, f),
  );
  return candidates.find(existsSync) ?? candidates[0]!;
}

/** `./x.js` as written in an export, to the .ts (or .d.ts) file beside it. */
function moduleFile(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier).replace(/\.js$/, "");
  return [`${base}.ts`, `${base}.d.ts`, `${base}/index.ts`, `${base}/index.d.ts`].find(existsSync);
}

function exportsOf(file: string, seen: Set<string>): Set<string> {
  const found = new Set<string>();
  if (seen.has(file) || !existsSync(file)) return found;
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
  const exported = (node: TS.Node) =>
    ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) for (const e of clause.elements) found.add(e.name.text);
      else if (clause)
        found.add(clause.name.text); // export * as ns
      else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = moduleFile(file, statement.moduleSpecifier.text);
        if (target) for (const n of exportsOf(target, seen)) found.add(n);
      }
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name)) found.add(d.name.text);
    } else if (exported(statement)) {
      const name = (statement as TS.DeclarationStatement).name;
      if (name && ts.isIdentifier(name)) found.add(name.text);
    }
  }
  return found;
}
