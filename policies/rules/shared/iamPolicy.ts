import { globMatches } from "./glob.js";
import { asArray, isRecord } from "./resource.js";
import { runMemory } from "./runMemory.js";

/** One IAM policy statement with every list-or-scalar field normalised to a list. */
export interface Statement {
  readonly index: number;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** `{type: "*", value: "*"}` stands for `"Principal": "*"`. */
  readonly principals: { type: string; value: string }[];
  /** operator → condition key → values, e.g. `StringEquals → {"oidc…:sub": ["system:…"]}`. */
  readonly conditions: Record<string, Record<string, string[]>>;
}

export type ParsedDocument = { statements: Statement[] } | { error: string };

/**
 * Documents given as JSON text, parsed: a role policy's document is read by half a dozen rules (and
 * stack rules read it again), so each text is parsed once per run. The results are frozen, since
 * every rule that reads the text shares them.
 */
const parsedTexts = runMemory<string, ParsedDocument>();

/** Parses a policy document given as JSON text or as an object (`aws.iam.PolicyDocument`). */
export function parsePolicyDocument(document: unknown): ParsedDocument {
  if (typeof document !== "string") return parse(document);
  let parsed = parsedTexts.get(document);
  if (!parsed) {
    parsed = deepFreeze(parse(document));
    parsedTexts.set(document, parsed);
  }
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parse(document: unknown): ParsedDocument {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { error: "is not valid JSON" };
    }
  }
  if (!isRecord(doc)) return { error: "is not a JSON object" };
  const statements = asArray(doc.Statement);
  if (!statements.every(isRecord)) return { error: "has a Statement that is not an object" };
  return { statements: statements.map(normaliseStatement) };
}

function normaliseStatement(s: Record<string, any>, index: number): Statement {
  const strings = (v: unknown) => asArray(v as string | string[]).map(String);
  const principals: { type: string; value: string }[] = [];
  if (s.Principal === "*") principals.push({ type: "*", value: "*" });
  else if (isRecord(s.Principal)) {
    for (const [type, values] of Object.entries(s.Principal)) {
      for (const value of strings(values)) principals.push({ type, value });
    }
  }
  const conditions: Record<string, Record<string, string[]>> = {};
  if (isRecord(s.Condition)) {
    for (const [operator, entries] of Object.entries(s.Condition)) {
      if (!isRecord(entries)) continue;
      conditions[operator] = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strings(v)]));
    }
  }
  return {
    index,
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals,
    conditions,
  };
}

/** Whether IAM pattern `pattern` (with `*` and `?`) matches `action`; IAM actions ignore case. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern.toLowerCase(), action.toLowerCase());
}

export function hasWildcardPrincipal(statement: Statement): boolean {
  return statement.principals.some((p) => p.value === "*");
}

/** Condition entries of any operator whose key ends with `suffix` (keys are case-insensitive). */
export function conditionsEndingWith(statement: Statement, suffix: string) {
  const found: { operator: string; key: string; values: string[] }[] = [];
  for (const [operator, entries] of Object.entries(statement.conditions)) {
    for (const [key, values] of Object.entries(entries)) {
      if (key.toLowerCase().endsWith(suffix.toLowerCase())) found.push({ operator, key, values });
    }
  }
  return found;
}

/** Where statement `s` of a document in `field` sits, for messages: `policy Statement[2]`. */
export const at = (field: string, s: Statement) => `${field} Statement[${s.index}]`;
