/**
 * The grammar of a field's `type` string, parsed once into a small tree that every type mapping
 * (`types.ts`) walks. Primitives and `decimal(p,s)` are the leaves; `list<T>` and
 * `struct<name:T,other:U>` (Glue/Hive syntax) nest them. A declaration is hostile input, so the
 * text, the nesting depth and the names inside a struct are bounded and checked here, before any
 * mapping recurses. `json` is a leaf too: a value of any JSON shape, kept as its JSON text, for the
 * parts of a record whose shape the owner does not declare (a struct declares it and has it checked).
 */

export const PRIMITIVE_TYPES = [
  "string",
  "int",
  "bigint",
  "double",
  "boolean",
  "date",
  "timestamp",
  "json",
] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];
/** `decimal(p,s)`: precision 1–38, scale 0–p (the Iceberg and Glue bounds). */
export const DECIMAL_PATTERN = /^decimal\(\s*([1-9][0-9]?)\s*,\s*([0-9][0-9]?)\s*\)$/;
export type FieldType =
  | PrimitiveType
  | `decimal(${number},${number})`
  | `list<${string}>`
  | `struct<${string}>`;

/** Human-readable list used in error messages. */
export const FIELD_TYPE_CHOICES =
  "string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>";

/** A field's name, top-level or inside a struct: snake_case, at most 128 characters. */
export const FIELD_NAME = /^[a-z][a-z0-9_]{0,127}$/;
export const FIELD_NAME_RULE =
  "field names must be snake_case: lowercase letters, digits and _, starting with a letter, at most 128";

/** How many lists and structs may nest inside each other (`list<list<int>>` is 2). */
export const MAX_TYPE_DEPTH = 8;
/** The longest type text read: it bounds the number of nodes any mapping walks. */
export const MAX_TYPE_LENGTH = 2000;

export interface StructField {
  readonly name: string;
  readonly type: TypeNode;
}

export type TypeNode =
  | { readonly kind: "primitive"; readonly name: PrimitiveType }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "list"; readonly element: TypeNode }
  | { readonly kind: "struct"; readonly fields: readonly StructField[] };

class TypeProblem extends Error {}

/** A primitive or decimal: `where` prefixes the message with the leaf's place in a nested type. */
function leaf(text: string, where: string): TypeNode {
  if ((PRIMITIVE_TYPES as readonly string[]).includes(text))
    return { kind: "primitive", name: text as PrimitiveType };
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) throw new TypeProblem(`${where}expected one of ${FIELD_TYPE_CHOICES}, got "${text}"`);
  const precision = Number(m[1]);
  const scale = Number(m[2]);
  if (precision > 38) throw new TypeProblem(`${where}decimal precision ${precision} exceeds 38`);
  if (scale > precision)
    throw new TypeProblem(`${where}decimal scale ${scale} exceeds precision ${precision}`);
  return { kind: "decimal", precision, scale };
}

class Reader {
  i = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (/\s/.test(this.text[this.i] ?? "")) this.i++;
  }

  word(): string | undefined {
    this.skipSpace();
    const re = /[A-Za-z_][A-Za-z0-9_]*/y;
    re.lastIndex = this.i;
    return re.exec(this.text)?.[0];
  }

  found(): string {
    return this.i >= this.text.length
      ? "at the end"
      : `at character ${this.i + 1}, got "${this.text.slice(this.i, this.i + 12)}"`;
  }

  expect(char: string, what: string): void {
    this.skipSpace();
    if (this.text[this.i] !== char) throw new TypeProblem(`${what}: expected "${char}" ${this.found()}`);
    this.i++;
  }
}

function node(r: Reader, depth: number, where: string): TypeNode {
  const word = r.word();
  if (word === "list" || word === "struct") {
    let open = r.i + word.length;
    while (/\s/.test(r.text[open] ?? "")) open++;
    if (r.text[open] === "<") {
      if (depth >= MAX_TYPE_DEPTH)
        throw new TypeProblem(`${where}nests lists and structs deeper than ${MAX_TYPE_DEPTH} levels`);
      r.i = open + 1;
      return word === "list" ? list(r, depth, where) : struct(r, depth, where);
    }
  }
  // A leaf: at the top, the whole text; inside, up to the next delimiter outside decimal's parentheses.
  let end = depth === 0 ? r.text.length : r.i;
  let parens = 0;
  for (; end < r.text.length; end++) {
    const c = r.text[end];
    if (c === "(") parens++;
    else if (c === ")") parens--;
    else if (parens <= 0 && (c === "," || c === ">" || c === "<")) break;
  }
  // At the top the text is the type as written: `" int"` is no type (mappings switch on the text).
  const text = depth === 0 ? r.text : r.text.slice(r.i, end).trim();
  r.i = end;
  return leaf(text, where);
}

function list(r: Reader, depth: number, where: string): TypeNode {
  const element = node(r, depth + 1, `${where}list element: `);
  r.expect(">", `${where}list<${formatType(element)}`);
  return { kind: "list", element };
}

function struct(r: Reader, depth: number, where: string): TypeNode {
  const fields: StructField[] = [];
  for (;;) {
    const name = r.word();
    if (name === undefined) throw new TypeProblem(`${where}struct: expected a field name ${r.found()}`);
    r.i += name.length;
    const at = `${where}struct field ${name}`;
    if (!FIELD_NAME.test(name)) throw new TypeProblem(`${at}: ${FIELD_NAME_RULE}`);
    if (fields.some((f) => f.name === name)) throw new TypeProblem(`${at} appears twice`);
    r.expect(":", at);
    fields.push({ name, type: node(r, depth + 1, `${at}: `) });
    r.skipSpace();
    if (r.text[r.i] !== ",") break;
    r.i++;
  }
  r.expect(">", `${where}struct<${fields.map((f) => f.name).join(",")}`);
  return { kind: "struct", fields };
}

/** The tree of a type, or what is wrong with it (naming the part: `struct field qty: …`). */
export function parseFieldType(text: string): { readonly type: TypeNode } | { readonly problem: string } {
  if (text.length > MAX_TYPE_LENGTH)
    return { problem: `the type is longer than ${MAX_TYPE_LENGTH} characters` };
  const r = new Reader(text);
  try {
    const type = node(r, 0, "");
    r.skipSpace();
    if (r.i < text.length) return { problem: `unexpected text after the type ${r.found()}` };
    return { type };
  } catch (e) {
    if (e instanceof TypeProblem) return { problem: e.message };
    throw e;
  }
}

/** The tree of a type already validated (a declaration's); an invalid one is a bug. */
export function typeTree(type: string): TypeNode {
  const parsed = parseFieldType(type);
  if ("problem" in parsed) throw new Error(`bug: unvalidated field type ${type}: ${parsed.problem}`);
  return parsed.type;
}

/** The one spelling of a type: no spaces, `decimal(p,s)`, `list<T>`, `struct<a:T,b:U>`. */
export function formatType(type: TypeNode): string {
  switch (type.kind) {
    case "primitive":
      return type.name;
    case "decimal":
      return `decimal(${type.precision},${type.scale})`;
    case "list":
      return `list<${formatType(type.element)}>`;
    case "struct":
      return `struct<${type.fields.map((f) => `${f.name}:${formatType(f.type)}`).join(",")}>`;
  }
}

/** Whether a (valid) type is a list or a struct, which the value rules of a field do not apply to. */
export const isNestedType = (type: string): boolean => /^\s*(list|struct)\s*</.test(type);
/** Whether a (valid) type holds values with parts (a list, a struct, or json of any shape). */
export const hasParts = (type: string): boolean => type === "json" || isNestedType(type);
