/**
 * A command line described once, as data ({@link CommandSpec}): the parser and every help text come
 * from the same description, so `--help`, the errors and what is accepted cannot drift apart (the
 * runner commands do the same in components/compute/runnerProtocol.ts).
 */
import { UsageError } from "./errors.js";

export interface OptionSpec {
  readonly name: string;
  /** A flag (`--quiet`) or an option with a value (`--out DIR`). */
  readonly type: "boolean" | "string";
  /** What the value looks like, in help (`DIR`, `FILE|-`). */
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly help: string;
}

export interface CommandSpec {
  /** The words after `mesh`: `["plan"]`, `["contract", "diff"]`. */
  readonly path: readonly string[];
  /** Written by hand: it shows what the options cannot (`--input … | --rows …`). */
  readonly synopsis: string;
  /** What the command does and how it exits. */
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** How many positional arguments it takes (after the command's words). */
  readonly positionals?: { readonly min: number; readonly max: number; readonly name: string };
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Whether the arguments ask for help: `--help` or `-h` anywhere before a `--`. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** A synopsis's words, a bracketed group (`[--seed S]`) kept whole so a line never splits one. */
function synopsisWords(synopsis: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let word = "";
  for (const c of synopsis) {
    if (c === " " && depth === 0) {
      if (word) words.push(word);
      word = "";
      continue;
    }
    if (c === "[") depth++;
    if (c === "]") depth--;
    word += c;
  }
  if (word) words.push(word);
  return words;
}

/** Words on lines of at most `width` characters: the first starting with `first`, the rest with `indent`. */
export function wrap(
  text: string | readonly string[],
  width: number,
  first: string,
  indent: string,
): string[] {
  const lines: string[] = [];
  let line = first;
  const words = typeof text === "string" ? text.split(/\s+/).filter(Boolean) : text;
  for (const word of words) {
    const fresh = line === first || line === indent;
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line += (fresh ? "" : " ") + word;
  }
  lines.push(line);
  return lines;
}

const optionLabel = (o: OptionSpec) => `--${o.name}${o.placeholder ? ` ${o.placeholder}` : ""}`;

/** The full help of one command: what `mesh <command> --help` prints. */
export function commandHelp(spec: CommandSpec, width = 96): string {
  const options: OptionSpec[] = [
    ...spec.options,
    { name: "help", type: "boolean", help: "this help (also -h)" },
  ];
  const column = Math.max(...options.map((o) => optionLabel(o).length));
  return [
    ...wrap(synopsisWords(spec.synopsis), width, "Usage: ", "         "),
    "",
    ...wrap(spec.summary, width, "", ""),
    "",
    "Options:",
    ...options.flatMap((o) =>
      wrap(
        `${o.help}${o.required ? " (required)" : ""}`,
        width,
        `  ${optionLabel(o).padEnd(column)}  `,
        " ".repeat(column + 4),
      ),
    ),
  ].join("\n");
}

/** The command's entry in `mesh --help`: its synopsis and what it does, indented. */
export function commandEntry(spec: CommandSpec, width = 96): string {
  return [
    ...wrap(synopsisWords(spec.synopsis), width, "  ", "      "),
    ...wrap(spec.summary, width, "      ", "      "),
  ].join("\n");
}

/**
 * The arguments after the command's words, read as the spec says: `--name VALUE`, `--name=VALUE`,
 * flags, positionals (all of them after `--`). Throws {@link UsageError} carrying the command's
 * help, so the user sees what the command takes.
 */
export function parseCommand(spec: CommandSpec, args: readonly string[]): ParsedArgs {
  const usage = commandHelp(spec);
  const fail = (message: string): never => {
    throw new UsageError(message, usage);
  };
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    // "-" alone is a value (standard output or input), not an option.
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? arg.slice(2, eq < 0 ? undefined : eq) : arg;
    const option = byName.get(name);
    if (!option || !arg.startsWith("--"))
      return fail(`unknown option ${arg.startsWith("--") ? `--${name}` : arg}`);
    if (values[name] !== undefined) return fail(`--${name} given twice`);
    if (option.type === "boolean") {
      if (eq >= 0) return fail(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || (value.startsWith("-") && value !== "-")) {
        return fail(`--${name} needs a value (${option.placeholder ?? "VALUE"})`);
      }
      i++;
    }
    if (value === "") return fail(`--${name} needs a value (${option.placeholder ?? "VALUE"})`);
    values[name] = value;
  }
  const missing = spec.options.filter((o) => o.required && values[o.name] === undefined);
  if (missing.length > 0) fail(`missing ${missing.map((o) => `--${o.name}`).join(", ")}`);
  const { min, max, name } = spec.positionals ?? { min: 0, max: 0, name: "" };
  if (positionals.length < min) fail(`missing ${name}`);
  if (positionals.length > max) {
    fail(
      max === 0
        ? `unexpected argument ${positionals[0]}`
        : `expected at most ${max} ${name}, got ${positionals.join(" ")}`,
    );
  }
  return { values, positionals };
}
