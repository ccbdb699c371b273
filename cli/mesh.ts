/** `mesh`: the data mesh command line. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { newDomainCommand } from "./commands/newDomain.js";
import { planCommand } from "./commands/plan.js";
import { policyCheckCommand } from "./commands/policyCheck.js";
import { EXIT, isInputError, UsageError } from "./errors.js";
import { consoleOutput, type Output } from "./io.js";

export const HELP = `mesh — data mesh as code

Usage:
  mesh plan [--stack <domain>-<env>] [--json FILE] [--quiet]
      Plan every stack in stacks/ (or one) offline: the real program under Pulumi's mock
      runtime, then the policy pack. Exit 1 on a mandatory policy violation, 2 on bad input.
  mesh policy check --state FILE [--environment ENV] [--json]
      Evaluate the policy pack against a deployed stack (\`pulumi stack export\` file).
      Exit 1 on a mandatory violation, 2 on an unreadable or malformed file.
  mesh new domain <name> [--team TEAM] [--email EMAIL]
      Scaffold domains/<name>/, its dev and prod stacks and a test.
  mesh --help | --version

Deploy for real with the Pulumi CLI: pulumi up -s <domain>-<env> --policy-pack policies`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

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
      case "plan": {
        const { values } = parse(rest, {
          stack: { type: "string" },
          json: { type: "string" },
          quiet: { type: "boolean" },
        });
        return await planCommand(
          {
            root,
            stack: values.stack as string | undefined,
            json: values.json as string | undefined,
            quiet: values.quiet as boolean | undefined,
          },
          io,
        );
      }
      case "policy": {
        const { values, positionals } = parse(
          rest,
          { state: { type: "string" }, environment: { type: "string" }, json: { type: "boolean" } },
          true,
        );
        if (positionals[0] !== "check" || positionals.length !== 1 || values.state === undefined) {
          throw new UsageError("usage: mesh policy check --state FILE [--environment ENV] [--json]");
        }
        return await policyCheckCommand(
          {
            state: values.state as string,
            environment: values.environment as string | undefined,
            json: values.json as boolean | undefined,
          },
          io,
        );
      }
      case "new": {
        const { values, positionals } = parse(
          rest,
          { team: { type: "string" }, email: { type: "string" } },
          true,
        );
        if (positionals[0] !== "domain" || positionals.length !== 2)
          throw new UsageError("usage: mesh new domain <name>");
        return newDomainCommand(
          {
            root,
            name: positionals[1]!,
            team: values.team as string | undefined,
            email: values.email as string | undefined,
          },
          io,
        );
      }
      default:
        throw new UsageError(`unknown command "${command}"; run \`mesh --help\``);
    }
  } catch (e) {
    if (!isInputError(e)) throw e;
    io.err(`error: ${e.message}`);
    return EXIT.input;
  }
}

type Flags = Parameters<typeof parseArgs>[0] extends infer C
  ? C extends { options?: infer O }
    ? O
    : never
  : never;

function parse(args: readonly string[], options: Flags, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
