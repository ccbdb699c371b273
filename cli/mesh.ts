/** `mesh`: the data mesh command line. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  parseRunnerCommand,
  type RunnerCommand,
  RunnerUsageError,
  runnerHelp,
} from "../components/compute/runnerProtocol.js";
import { catalogCommand } from "./commands/catalog.js";
import { contractDiffCommand } from "./commands/contractDiff.js";
import { contractExportCommand } from "./commands/contractExport.js";
import { contractImportCommand } from "./commands/contractImport.js";
import { contractPublishCommand } from "./commands/contractPublish.js";
import { newDomainCommand } from "./commands/newDomain.js";
import { planCommand } from "./commands/plan.js";
import { policyCheckCommand } from "./commands/policyCheck.js";
import { runCommand } from "./commands/run.js";
import { stageCommand, transformCommand } from "./commands/transform.js";
import { EXIT, isInputError, UsageError } from "./errors.js";
import { consoleOutput, type Output } from "./io.js";

export const HELP = `mesh — data mesh as code

Usage:
  mesh plan [--stack <domain>-<env>] [--json FILE] [--quiet]
      Plan every stack in stacks/ (or one) offline: the real program under Pulumi's mock
      runtime, then the policy pack. Exit 1 on a mandatory policy violation, 2 on bad input.
  mesh run [<domain>[/<product>[@<major>]]] [--all] [--input FILE.ndjson | --rows N [--seed S]]
           [--out DIR] [--ingest-date YYYY-MM-DD] [--memory QUANTITY]
      Run data products' pipelines locally on DuckDB through production's pipeline core — land,
      extract (each invalid record quarantined with its reason), stage, transform, load with the
      output contract enforced — into .mesh/ (or --out). @<major> runs a superseded major still
      consumed; --all runs every version in dependency order. --memory (default: the product's
      declared pod memory) sizes DuckDB. Exit 1 when a run fails or a contract is broken.
${runnerHelp("transform")}
${runnerHelp("stage")}
  mesh policy check --state FILE [--environment ENV] [--json]
      Evaluate the policy pack against a deployed stack (\`pulumi stack export\` file).
      Exit 1 on a mandatory violation, 2 on an unreadable or malformed file.
  mesh contract diff [--base REF|FILE] [--json]
      Compare every product's contract with the last published one (contracts.lock.json, or the
      lock at a git revision): breaking or compatible, and the consumers affected. Exit 1 when a
      breaking change lacks a major version bump.
  mesh contract publish
      Record the current contracts in contracts.lock.json (refused on a breaking change without
      a major version bump). Superseded majors still consumed stay, and keep running.
  mesh contract export --format odcs --out DIR
      Write every product's contract as Open Data Contract Standard v3.1 YAML
      (<domain>.<product>.odcs.yaml), each validated against the ODCS JSON Schema.
  mesh contract import FILE [--yaml]
      Turn an ODCS contract into a data product declaration (TypeScript, or YAML with --yaml).
  mesh catalog --out DIR
      Write the catalog — search, every domain and product, schemas with PII marked, SLOs,
      consumers, lineage graphs with zoom — as a static site (no CDN, no network).
  mesh new domain <name> [--team TEAM] [--email EMAIL]
      Scaffold domains/<name>/, its dev and prod stacks, a test and its CODEOWNERS lines.
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
      case "contract": {
        const [verb, ...args] = rest;
        if (verb === "diff") {
          const { values } = parse(args, { base: { type: "string" }, json: { type: "boolean" } });
          return await contractDiffCommand(
            { root, base: values.base as string | undefined, json: values.json as boolean | undefined },
            io,
          );
        }
        if (verb === "export") {
          const { values } = parse(args, { format: { type: "string" }, out: { type: "string" } });
          if (values.format === undefined || values.out === undefined) {
            throw new UsageError("usage: mesh contract export --format odcs --out DIR");
          }
          return await contractExportCommand(
            { root, format: values.format as string, out: values.out as string },
            io,
          );
        }
        if (verb === "import") {
          const { values, positionals } = parse(args, { yaml: { type: "boolean" } }, true);
          if (positionals.length !== 1) throw new UsageError("usage: mesh contract import FILE [--yaml]");
          return await contractImportCommand({ file: positionals[0]!, yaml: values.yaml === true }, io);
        }
        if (verb === "publish") {
          parse(args, {});
          return await contractPublishCommand({ root }, io);
        }
        throw new UsageError("usage: mesh contract diff|publish|export|import …; run `mesh --help`");
      }
      case "run": {
        const { values, positionals } = parse(
          rest,
          {
            all: { type: "boolean" },
            input: { type: "string" },
            rows: { type: "string" },
            seed: { type: "string" },
            out: { type: "string" },
            "ingest-date": { type: "string" },
            memory: { type: "string" },
          },
          true,
        );
        if (positionals.length > 1) {
          throw new UsageError("usage: mesh run [<domain>[/<product>[@<major>]]] [--all] …");
        }
        const number = (flag: string, text: unknown) => {
          if (text === undefined) return undefined;
          if (!/^\d+$/.test(String(text)))
            throw new UsageError(`--${flag} must be a whole number, got ${text}`);
          return Number(text);
        };
        return await runCommand(
          {
            root,
            target: positionals[0],
            all: values.all === true,
            input: values.input as string | undefined,
            rows: number("rows", values.rows),
            seed: number("seed", values.seed),
            out: values.out as string | undefined,
            ingestDate: values["ingest-date"] as string | undefined,
            memory: values.memory as string | undefined,
            tty: process.stderr.isTTY === true && io === consoleOutput,
          },
          io,
        );
      }
      case "transform":
        return await transformCommand(runnerRequest("transform", rest), io);
      case "stage":
        return await stageCommand(runnerRequest("stage", rest), io);
      case "catalog": {
        const { values } = parse(rest, { out: { type: "string" } });
        if (values.out === undefined) throw new UsageError("usage: mesh catalog --out DIR");
        return await catalogCommand({ root, out: values.out as string }, io);
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

/** A runner command's request (components/compute/runnerProtocol.ts); a bad command line is a usage error. */
function runnerRequest<C extends RunnerCommand>(command: C, args: readonly string[]) {
  try {
    return parseRunnerCommand(command, args);
  } catch (e) {
    if (e instanceof RunnerUsageError) throw new UsageError(e.message);
    throw e;
  }
}

function parse(args: readonly string[], options: Flags, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
