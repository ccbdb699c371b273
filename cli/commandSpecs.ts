/**
 * Every `mesh` command's command line, as data: `mesh --help`, `mesh <command> --help`, the parser
 * and its errors all read it (cli/usage.ts). The runner commands (`transform`, `stage`) are
 * described in components/compute/runnerProtocol.ts, their protocol with the platform; their
 * specs here are derived from it.
 */
import {
  RUNNER_COMMANDS,
  type RunnerCommand,
  type RunnerCommandSpec,
  runnerSynopsis,
} from "../components/compute/runnerProtocol.js";
import type { CommandSpec, OptionSpec } from "./usage.js";

const flag = (name: string, help: string): OptionSpec => ({ name, type: "boolean", help });
const option = (name: string, placeholder: string, help: string, required = false): OptionSpec => ({
  name,
  type: "string",
  placeholder,
  help,
  required,
});
const none = { min: 0, max: 0, name: "" };

export const PLAN: CommandSpec = {
  path: ["plan"],
  synopsis:
    "mesh plan [--stack <domain>-<env> | --affected [--base REF]] [--json FILE|-] [--quiet] [--lineage-out FILE] [--jobs N|auto]",
  summary:
    "Plan every stack in stacks/ (or one) offline: the real program under Pulumi's mock runtime, " +
    "then the policy pack. Exit 1 on a mandatory policy violation, 2 on bad input.",
  options: [
    option("stack", "<domain>-<env>", "plan this stack only"),
    flag("affected", "plan only the stacks whose inputs changed since --base, each with why"),
    option("base", "REF", "the git revision --affected compares with (default origin/main, else main)"),
    option("json", "FILE|-", "also write the plan as JSON; - writes it to stdout, the report then to stderr"),
    flag("quiet", "print only totals and violations, not each resource"),
    option(
      "lineage-out",
      "FILE",
      "also write the planned products' design-time lineage as OpenLineage job events (NDJSON)",
    ),
    option(
      "jobs",
      "N|auto",
      "plan in N worker processes at once, each planning one domain's stacks (default auto: one per core and one more)",
    ),
  ],
  positionals: none,
};

export const RUN: CommandSpec = {
  path: ["run"],
  synopsis:
    "mesh run [<domain>[/<product>[@<major>]]] [--all] [--input FILE.ndjson | --rows N [--seed S]] " +
    "[--out DIR] [--ingest-date YYYY-MM-DD] [--memory QUANTITY] [--json FILE|-] [--lineage-url URL]",
  summary:
    "Run data products' pipelines locally on DuckDB through production's pipeline core — land, " +
    "extract (each invalid record quarantined with its reason), stage, transform, load with the " +
    "output contract enforced — into .mesh/ (or --out). @<major> runs a superseded major still " +
    "consumed; --all runs every version in dependency order. --memory (default: the product's " +
    "declared pod memory) sizes DuckDB. Each product's run emits OpenLineage events to " +
    "<out>/lineage/events.ndjson (and --lineage-url). Exit 1 when a run fails or a contract is broken.",
  options: [
    flag("all", "every product version, in dependency order"),
    option("input", "FILE.ndjson", "the raw records to land (one product)"),
    option("rows", "N", "generate N records from the raw schema instead (one product)"),
    option("seed", "S", "the generator's seed (default 1)"),
    option("out", "DIR", "where the run's files and warehouse live (default .mesh)"),
    option("ingest-date", "YYYY-MM-DD", "the day the records are landed under (default today)"),
    option("memory", "QUANTITY", "DuckDB's memory (default: the product's pod memory)"),
    option(
      "json",
      "FILE|-",
      "also write the summary as JSON; - writes it to stdout, the report then to stderr",
    ),
    option("lineage-url", "URL", "also post OpenLineage events to this API (Marquez: its base URL)"),
  ],
  positionals: { min: 0, max: 1, name: "<domain>[/<product>[@<major>]]" },
};

export const STATUS: CommandSpec = {
  path: ["status"],
  synopsis: "mesh status [<domain>[/<product>]] [--out DIR] [--json]",
  summary:
    "Per product version, from the run history `mesh run` keeps in its warehouse: the last run, " +
    "freshness and availability attainment over the last 7 and 30 days against the declared SLOs, " +
    "the checks the last run failed and the quarantine trend. A report: exit 0 whatever the figures.",
  options: [
    option("out", "DIR", "the folder `mesh run --out` wrote (default .mesh)"),
    flag("json", "print the status as JSON on stdout"),
  ],
  positionals: { min: 0, max: 1, name: "<domain>[/<product>]" },
};

export const POLICY_CHECK: CommandSpec = {
  path: ["policy", "check"],
  synopsis: "mesh policy check --state FILE [--environment ENV] [--json]",
  summary:
    "Evaluate the policy pack against a deployed stack (`pulumi stack export` file). " +
    "Exit 1 on a mandatory violation, 2 on an unreadable or malformed file.",
  options: [
    option("state", "FILE", "the `pulumi stack export` file", true),
    option("environment", "ENV", "judge as this environment (default: detected from the stack)"),
    flag("json", "print the verdicts as JSON on stdout"),
  ],
  positionals: none,
};

export const CONTRACT_DIFF: CommandSpec = {
  path: ["contract", "diff"],
  synopsis: "mesh contract diff [--base REF|FILE] [--json]",
  summary:
    "Compare every product's contract with the last published one (contracts.lock.json, or the " +
    "lock at a git revision): breaking or compatible, and the consumers affected. Exit 1 when a " +
    "breaking change lacks a major version bump.",
  options: [
    option("base", "REF|FILE", "the published lock to compare with (default contracts.lock.json)"),
    flag("json", "print the review as JSON on stdout"),
  ],
  positionals: none,
};

export const CONTRACT_PUBLISH: CommandSpec = {
  path: ["contract", "publish"],
  synopsis: "mesh contract publish",
  summary:
    "Record the current contracts in contracts.lock.json (refused on a breaking change without a " +
    "major version bump). Superseded majors still consumed stay, and keep running.",
  options: [],
  positionals: none,
};

export const CONTRACT_EXPORT: CommandSpec = {
  path: ["contract", "export"],
  synopsis: "mesh contract export --format odcs --out DIR",
  summary:
    "Write every product's contract as Open Data Contract Standard v3.1 YAML " +
    "(<domain>.<product>.odcs.yaml), each validated against the ODCS JSON Schema.",
  options: [
    option("format", "odcs", "the contract format", true),
    option("out", "DIR", "the folder to write the files to", true),
  ],
  positionals: none,
};

export const CONTRACT_IMPORT: CommandSpec = {
  path: ["contract", "import"],
  synopsis: "mesh contract import FILE [--yaml]",
  summary: "Turn an ODCS contract into a data product declaration (TypeScript, or YAML with --yaml).",
  options: [flag("yaml", "print YAML instead of TypeScript")],
  positionals: { min: 1, max: 1, name: "FILE" },
};

export const PRODUCT_EXPORT: CommandSpec = {
  path: ["product", "export"],
  synopsis: "mesh product export --format odps --out DIR [--catalog-url URL]",
  summary:
    "Write every product version as an Open Data Product Standard v1.0.0 descriptor " +
    "(<domain>.<product>.v<major>.odps.yaml): owner, status, input ports, its output port bound to " +
    "the contract `mesh contract export` writes, its catalog page; each validated against the ODPS " +
    "JSON Schema.",
  options: [
    option("format", "odps", "the product format", true),
    option("out", "DIR", "the folder to write the files to", true),
    option("catalog-url", "URL", "where the `mesh catalog` site is published: links each product's page"),
  ],
  positionals: none,
};

export const PRODUCT_IMPORT: CommandSpec = {
  path: ["product", "import"],
  synopsis: "mesh product import FILE.odps.yaml [--contract FILE.odcs.yaml] [--yaml]",
  summary:
    "Turn an ODPS descriptor and the ODCS contract of its output port (found beside it by the " +
    "port's contractId, or given) into a data product declaration and the domain's consumes.",
  options: [
    option("contract", "FILE.odcs.yaml", "the output port's ODCS contract (default: found beside FILE)"),
    flag("yaml", "print YAML instead of TypeScript"),
  ],
  positionals: { min: 1, max: 1, name: "FILE.odps.yaml" },
};

export const CATALOG: CommandSpec = {
  path: ["catalog"],
  synopsis: "mesh catalog --out DIR [--history DIR]",
  summary:
    "Write the catalog — search, every domain and product, schemas with PII marked, SLOs, " +
    "consumers, lineage graphs with zoom, and with --history each product's runs and SLO " +
    "attainment — as a static site (no CDN, no network).",
  options: [
    option("out", "DIR", "the site's folder (created or replaced)", true),
    option("history", "DIR", "the folder `mesh run --out` wrote: show each product's status from its runs"),
  ],
  positionals: none,
};

export const NEW_DOMAIN: CommandSpec = {
  path: ["new", "domain"],
  synopsis: "mesh new domain <name> [--team TEAM] [--email EMAIL]",
  summary: "Scaffold domains/<name>/, its dev and prod stacks, a test and its CODEOWNERS lines.",
  options: [
    option("team", "TEAM", "the owning team (default: the domain's name)"),
    option("email", "EMAIL", "the team's address (default <team>@example.com)"),
  ],
  positionals: { min: 1, max: 1, name: "<name>" },
};

/** A runner command's spec, from its protocol: the same flags, the same help. */
function runnerSpec(command: RunnerCommand): CommandSpec {
  const spec = RUNNER_COMMANDS[command] as RunnerCommandSpec<unknown>;
  return {
    path: [command],
    synopsis: runnerSynopsis(command),
    summary: spec.summary,
    options: spec.flags.map((f) => ({
      name: f.name,
      type: "string" as const,
      placeholder: f.placeholder + (f.repeatable ? " …" : ""),
      help: f.help,
      required: f.required,
    })),
    positionals: { min: 1, max: 1, name: spec.positional.placeholder },
  };
}

export const TRANSFORM = runnerSpec("transform");
export const STAGE = runnerSpec("stage");

/** Every command, in the order `mesh --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  PLAN,
  RUN,
  STATUS,
  TRANSFORM,
  STAGE,
  POLICY_CHECK,
  CONTRACT_DIFF,
  CONTRACT_PUBLISH,
  CONTRACT_EXPORT,
  CONTRACT_IMPORT,
  PRODUCT_EXPORT,
  PRODUCT_IMPORT,
  CATALOG,
  NEW_DOMAIN,
];
