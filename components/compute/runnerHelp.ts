/**
 * The `mesh --help` entries of the runner's commands, formatted from their one specification
 * (`RUNNER_COMMANDS` in runnerProtocol.ts), so the help cannot disagree with what is parsed.
 */
import { flagUsage, RUNNER_COMMANDS, type RunnerCommand, type RunnerCommandSpec } from "./runnerProtocol.js";

/** Words of `text` on lines of at most `width` characters, each starting with `indent`. */
function wrap(words: readonly string[], width: number, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    const sep = line === first || line === indent ? "" : " ";
    if (line.length + sep.length + word.length > width && line.trim() !== "") {
      lines.push(line);
      line = indent + word;
    } else line += sep + word;
  }
  lines.push(line);
  return lines;
}

/**
 * The `mesh --help` entry of a runner command: its synopsis (wrapped), what it does, and one line
 * per flag, indented as the rest of the help.
 */
export function runnerHelp(command: RunnerCommand, width = 96): string {
  const spec = RUNNER_COMMANDS[command] as RunnerCommandSpec<unknown>;
  const head = `  mesh ${command} `;
  const synopsis = wrap(
    [spec.positional.placeholder, ...spec.flags.map(flagUsage)],
    width,
    head,
    " ".repeat(head.length),
  );
  const summary = wrap(spec.summary.split(" "), width, "      ", "      ");
  const column = Math.max(...spec.flags.map((f) => `--${f.name} ${f.placeholder}`.length));
  const flags = spec.flags.map((f) => `        ${`--${f.name} ${f.placeholder}`.padEnd(column)}  ${f.help}`);
  return [...synopsis, ...summary, ...flags].join("\n");
}
