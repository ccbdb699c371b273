/**
 * Moves a declaration problem from the `defineDomain(` line to the field it is about: the problem
 * `dataProducts[0].schema.amount.type` at `domains/orders/index.ts:3` becomes
 * `domains/orders/index.ts:23:19`, found by walking the object literal in the file's syntax tree
 * along the path. Where the path leaves what is written literally (a computed value, a spread),
 * the deepest field written is named; where not even its first key is, the `defineDomain(` line.
 */
import { existsSync, readFileSync } from "node:fs";
import type * as TS from "typescript";
import type { DeclarationProblem } from "../components/declaration/errors.js";
import { ts } from "./typescriptCompiler.js";

/** `file:line` of a TypeScript or JavaScript file, as `defineDomain` records its call site. */
const CALL_SITE = /^(.+\.[cm]?[jt]s):(\d+)$/;

/** Each problem at the line and column of its field, when its file says where. */
export function pinpoint(problems: readonly DeclarationProblem[]): DeclarationProblem[] {
  const trees = new Map<string, TS.SourceFile | undefined>();
  return problems.map((problem) => {
    const site = problem.source === undefined ? null : CALL_SITE.exec(problem.source);
    if (!site || !problem.path) return problem;
    const [, file, line] = site as unknown as [string, string, string];
    if (!trees.has(file)) trees.set(file, parse(file));
    const tree = trees.get(file);
    const node = tree && fieldNode(tree, Number(line), problem.path);
    if (!node) return problem;
    const at = tree.getLineAndCharacterOfPosition(node.getStart(tree));
    return { ...problem, source: `${file}:${at.line + 1}:${at.character + 1}` };
  });
}

function parse(file: string): TS.SourceFile | undefined {
  if (!existsSync(file)) return undefined;
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** `dataProducts[0].schema.amount` → `["dataProducts", 0, "schema", "amount"]`. */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
}

/** The node naming the deepest field of `path` written in the `defineDomain` call at `line`. */
function fieldNode(tree: TS.SourceFile, line: number, path: string): TS.Node | undefined {
  const call = defineDomainCall(tree, line);
  let value: TS.Node | undefined = call?.arguments[0];
  let named: TS.Node | undefined;
  for (const key of segments(path)) {
    const literal = value && literalOf(tree, value);
    const next = literal && child(literal, key);
    if (!next) break;
    named = next.at;
    value = next.value;
  }
  return named;
}

/** The `defineDomain(...)` call on `line` (its call site), else the file's first. */
function defineDomainCall(tree: TS.SourceFile, line: number): TS.CallExpression | undefined {
  const calls: TS.CallExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && /(^|\.)defineDomain$/.test(node.expression.getText(tree)))
      calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  const onLine = (c: TS.CallExpression) =>
    tree.getLineAndCharacterOfPosition(c.getStart(tree)).line + 1 === line;
  return calls.find(onLine) ?? calls[0];
}

/**
 * The object or array literal a value is, through `as`, `satisfies`, parentheses and a `const`
 * of the same file (`schema: orderFields` with `const orderFields = {...}` above).
 */
function literalOf(
  tree: TS.SourceFile,
  node: TS.Node,
  seen = new Set<TS.Node>(),
): TS.ObjectLiteralExpression | TS.ArrayLiteralExpression | undefined {
  if (seen.has(node)) return undefined;
  seen.add(node);
  if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) return node;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return literalOf(tree, node.expression, seen);
  }
  if (ts.isIdentifier(node)) {
    const declaration = constDeclaration(tree, node.text);
    return declaration?.initializer && literalOf(tree, declaration.initializer, seen);
  }
  return undefined;
}

function constDeclaration(tree: TS.SourceFile, name: string): TS.VariableDeclaration | undefined {
  for (const statement of tree.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    const d = statement.declarationList.declarations.find(
      (v) => ts.isIdentifier(v.name) && v.name.text === name,
    );
    if (d) return d;
  }
  return undefined;
}

/** The element or property `key` of a literal: where it is written, and its value. */
function child(
  literal: TS.ObjectLiteralExpression | TS.ArrayLiteralExpression,
  key: string | number,
): { at: TS.Node; value: TS.Node | undefined } | undefined {
  if (ts.isArrayLiteralExpression(literal)) {
    // Past a spread, indexes no longer match what is written.
    const before = literal.elements.slice(0, typeof key === "number" ? key + 1 : 0);
    const element = typeof key === "number" ? literal.elements[key] : undefined;
    if (!element || before.some(ts.isSpreadElement)) return undefined;
    return { at: element, value: element };
  }
  // The last property of that name, as JavaScript keeps it.
  const property = [...literal.properties].reverse().find((p) => p.name && nameOf(p.name) === String(key));
  if (!property) return undefined;
  const value = ts.isPropertyAssignment(property)
    ? property.initializer
    : ts.isShorthandPropertyAssignment(property)
      ? property.name
      : undefined;
  return { at: property, value };
}

function nameOf(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
