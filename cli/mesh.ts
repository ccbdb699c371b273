/** `mesh`: the data mesh command line. */

import { runnerHelp } from "../components/compute/runnerHelp.js";
import {
  parseRunnerCommand,
  type RunnerCommand,
  RunnerUsageError,
} from "../components/compute/runnerProtocol.js";
import { platformPackage } from "../components/packageManifest.js";
import { COMMANDS, STAGE, TRANSFORM } from "./commandSpecs.js";
import { EXIT, isInputError, UsageError } from "./errors.js";
import { consoleOutput, type Output } from "./io.js";
import {
  type CommandSpec,
  commandEntry,
  commandHelp,
  type ParsedArgs,
  parseCommand,
  wantsHelp,
} from "./usage.js";

/** The words `mesh` groups commands under (`mesh contract diff`): each lists its commands. */
const GROUPS = [...new Set(COMMANDS.filter((c) => c.path.length > 1).map((c) => c.path[0]!))];

const entry = (spec: CommandSpec) =>
  spec === TRANSFORM || spec === STAGE ? runnerHelp(spec.path[0] as RunnerCommand) : commandEntry(spec);

export const HELP = `mesh — data mesh as code

Usage:
${COMMANDS.map(entry).join("\n")}
  mesh <command> --help
      A command's options.
  mesh --help | --version

Deploy for real with the Pulumi CLI: pulumi up -s <domain>-<env> --policy-pack policies`;

/** `mesh contract --help`: the group's commands. */
const groupHelp = (group: string) =>
  ["Usage:", ...COMMANDS.filter((c) => c.path[0] === group && c.path.length > 1).map(entry)].join("\n");

const version = () => platformPackage.version;

/** What runs a command, once its arguments are parsed as its spec says. */
type Handler = (args: ParsedArgs, io: Output, root: string) => Promise<number> | number;

const text = (value: unknown) => value as string | undefined;

/** A whole number given as `--<flag>`, or undefined when not given. */
function wholeNumber(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(String(value))) throw new UsageError(`--${flag} must be a whole number, got ${value}`);
  return Number(value);
}

/**
 * Each command's module is imported when the command runs, not before: `mesh --help` and a
 * command load only what they use (the plan's Pulumi SDK is not the catalog's, nor DuckDB --help's).
 */
const HANDLERS: Record<string, Handler> = {
  plan: async ({ values }, io, root) =>
    (await import("./commands/plan.js")).planCommand(
      {
        root,
        stack: text(values.stack),
        json: text(values.json),
        quiet: values.quiet === true,
        lineageOut: text(values["lineage-out"]),
        affected: values.affected === true,
        base: text(values.base),
        jobs: values.jobs === "auto" ? "auto" : wholeNumber("jobs", values.jobs),
      },
      io,
    ),
  run: async ({ values, positionals }, io, root) =>
    (await import("./commands/run.js")).runCommand(
      {
        root,
        target: positionals[0],
        all: values.all === true,
        input: text(values.input),
        rows: wholeNumber("rows", values.rows),
        seed: wholeNumber("seed", values.seed),
        out: text(values.out),
        ingestDate: text(values["ingest-date"]),
        memory: text(values.memory),
        json: text(values.json),
        lineageUrl: text(values["lineage-url"]),
        tty: process.stderr.isTTY === true && io === consoleOutput,
      },
      io,
    ),
  status: async ({ values, positionals }, io, root) =>
    (await import("./commands/status.js")).statusCommand(
      { root, target: positionals[0], out: text(values.out), json: values.json === true },
      io,
    ),
  "policy check": async ({ values }, io) =>
    (await import("./commands/policyCheck.js")).policyCheckCommand(
      { state: text(values.state)!, environment: text(values.environment), json: values.json === true },
      io,
    ),
  "contract diff": async ({ values }, io, root) =>
    (await import("./commands/contractDiff.js")).contractDiffCommand(
      { root, base: text(values.base), json: values.json === true },
      io,
    ),
  "contract publish": async (_, io, root) =>
    (await import("./commands/contractPublish.js")).contractPublishCommand({ root }, io),
  "contract export": async ({ values }, io, root) =>
    (await import("./commands/contractExport.js")).contractExportCommand(
      { root, format: text(values.format)!, out: text(values.out)! },
      io,
    ),
  "contract import": async ({ values, positionals }, io) =>
    (await import("./commands/contractImport.js")).contractImportCommand(
      { file: positionals[0]!, yaml: values.yaml === true },
      io,
    ),
  "product export": async ({ values }, io, root) =>
    (await import("./commands/productExport.js")).productExportCommand(
      { root, format: text(values.format)!, out: text(values.out)!, catalogUrl: text(values["catalog-url"]) },
      io,
    ),
  "product import": async ({ values, positionals }, io) =>
    (await import("./commands/productImport.js")).productImportCommand(
      { file: positionals[0]!, contract: text(values.contract), yaml: values.yaml === true },
      io,
    ),
  catalog: async ({ values }, io, root) =>
    (await import("./commands/catalog.js")).catalogCommand(
      { root, out: text(values.out)!, history: text(values.history) },
      io,
    ),
  "new domain": async ({ values, positionals }, io, root) =>
    (await import("./commands/newDomain.js")).newDomainCommand(
      { root, name: positionals[0]!, team: text(values.team), email: text(values.email) },
      io,
    ),
};

export async function main(
  argv: readonly string[],
  io: Output = consoleOutput,
  root = process.cwd(),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(HELP);
        return command === undefined ? EXIT.input : EXIT.ok;
      case "--version":
        io.out(version());
        return EXIT.ok;
    }
    const spec = COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
    if (!spec) {
      if (GROUPS.includes(command)) {
        const [verb] = rest;
        if (verb === undefined || verb === "--help" || verb === "-h") {
          if (verb === undefined) io.err(groupHelp(command));
          else io.out(groupHelp(command));
          return verb === undefined ? EXIT.input : EXIT.ok;
        }
        throw new UsageError(`unknown command "${command} ${verb}"`, groupHelp(command));
      }
      throw new UsageError(`unknown command "${command}"; run \`mesh --help\``);
    }
    const args = argv.slice(spec.path.length);
    if (wantsHelp(args)) {
      io.out(commandHelp(spec));
      return EXIT.ok;
    }
    if (spec === TRANSFORM)
      return await (await import("./commands/transform.js")).transformCommand(
        runnerRequest("transform", args),
        io,
      );
    if (spec === STAGE)
      return await (await import("./commands/transform.js")).stageCommand(runnerRequest("stage", args), io);
    return await HANDLERS[spec.path.join(" ")]!(parseCommand(spec, args), io, root);
  } catch (e) {
    if (!isInputError(e)) throw e;
    io.err(`error: ${e.message}`);
    if (e instanceof UsageError && e.usage) io.err(e.usage);
    return EXIT.input;
  }
}

/** A runner command's request (components/compute/runnerProtocol.ts); a bad command line is a usage error. */
function runnerRequest<C extends RunnerCommand>(command: C, args: readonly string[]) {
  try {
    return parseRunnerCommand(command, args);
  } catch (e) {
    if (e instanceof RunnerUsageError) {
      throw new UsageError(e.problem, commandHelp(command === "transform" ? TRANSFORM : STAGE));
    }
    throw e;
  }
}
