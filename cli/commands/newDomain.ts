/** `mesh new domain <name>`: scaffolds a domain that plans cleanly at once. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DomainSchema } from "../../components/declaration/schema.js";
import { UsageError } from "../errors.js";
import { type Output, writeFileAtomic } from "../io.js";

export interface NewDomainOptions {
  readonly root: string;
  readonly name: string;
  /** Owning team. @default the domain name */
  readonly team?: string;
  /** @default `<team>@example.com` */
  readonly email?: string;
}

const ENVIRONMENTS = ["dev", "prod"] as const;

export function newDomainCommand(options: NewDomainOptions, io: Output): number {
  const name = options.name;
  const nameCheck = DomainSchema.shape.name.safeParse(name);
  if (!nameCheck.success)
    throw new UsageError(`domain name "${name}": ${nameCheck.error.issues[0]!.message}`);
  const team = options.team ?? name;
  const teamCheck = DomainSchema.shape.owner.shape.team.safeParse(team);
  if (!teamCheck.success) throw new UsageError(`--team "${team}": ${teamCheck.error.issues[0]!.message}`);

  const files = new Map<string, string>([
    [join("domains", name, "index.ts"), domainFile(name, team, options.email ?? `${team}@example.com`)],
    [join("domains", name, `${name}.sql`), sqlFile()],
    [join("test", "domains", `${name}.test.ts`), testFile(name)],
    ...ENVIRONMENTS.map(
      (env) => [join("stacks", `Pulumi.${name}-${env}.yaml`), stackFile(name, env)] as [string, string],
    ),
  ]);
  const existing = [...files.keys()].filter((f) => existsSync(join(options.root, f)));
  if (existing.length > 0) throw new UsageError(`domain "${name}" already exists: ${existing.join(", ")}`);
  for (const [file, content] of files) {
    writeFileAtomic(join(options.root, file), content);
    io.out(`created ${file}`);
  }
  const owners = join(options.root, CODEOWNERS);
  if (existsSync(owners)) {
    writeFileAtomic(owners, withOwnerLines(readFileSync(owners, "utf8"), name, team));
    io.out(`added the ${team} team's lines to ${CODEOWNERS} (a platform team review: the file is theirs)`);
  }
  io.out(`\nNext: edit domains/${name}/index.ts, then run \`npx mesh plan --stack ${name}-dev\`.`);
  return 0;
}

const CODEOWNERS = join(".github", "CODEOWNERS");

/**
 * CODEOWNERS with the new domain's folder and stack files owned by its team, handle in the
 * organisation the file already uses (`@acme/platform` → `@acme/<team>`). Appended: the last
 * matching line wins, so these lines come after the platform's catch-all.
 */
function withOwnerLines(text: string, name: string, team: string): string {
  const org = /@([A-Za-z0-9-]+)\//.exec(text)?.[1];
  const owner = org ? `@${org}/${team}` : `@${team}`;
  const base = text.endsWith("\n") || text === "" ? text : `${text}\n`;
  return `${base}/domains/${name}/ ${owner}\n/stacks/Pulumi.${name}-*.yaml ${owner}\n`;
}

function domainFile(name: string, team: string, email: string): string {
  return `import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "${name}",
  owner: { team: "${team}", email: "${email}" },
  description: "TODO: what this domain is responsible for.",
  // Products of other domains this one reads, e.g. { domain: "orders", product: "orders", major: 1 }.
  // Each is a request: a confidential or restricted product's producer must list this domain in
  // its access.consumers first.
  consumes: [],
  dataProducts: [
    {
      name: "${name}-events",
      version: "0.1.0",
      description: "One row per event.",
      classification: Classification.Internal,
      schema: {
        event_id: { type: "string", required: true, description: "Unique event identifier." },
        occurred_at: { type: "timestamp", required: true, description: "When the event happened (UTC)." },
      },
      ingestion: { partitions: 3, retentionDays: 7 },
      transform: { sqlFile: "${name}.sql", schedule: "0 * * * *" },
      slos: { freshness: "2h" },
      // Who may consume it: internal and public products are open to every domain unless you list
      // them here; confidential and restricted ones only to the domains listed. Domains in
      // access.pii (admitted to PII fields) must be listed too.
      // access: { consumers: ["analytics"], pii: [] },
    },
  ],
});
`;
}

function sqlFile(): string {
  return `-- The product's raw records are the view \`staging\`; consumed products are <domain>__<product>.
SELECT event_id, occurred_at
FROM staging
QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY occurred_at DESC) = 1
`;
}

function testFile(name: string): string {
  return `import { describeDomain } from "../support/describeDomain.js";

describeDomain("${name}");
`;
}

/**
 * A stack file for the new domain: the team's own settings only. The platform's settings for the
 * environment come from platform.yaml, so a new domain cannot get (or copy) any of them wrong.
 */
function stackFile(name: string, env: string): string {
  return `# Stack ${name}-${env}: the ${name} domain's mesh node in ${env}.
# The platform's settings for ${env} (account, cluster, runner image…) are the platform team's,
# in platform.yaml. Set the Kafka credentials before \`pulumi up\`:
#   pulumi config set --secret mesh:kafkaSaslUsername <user> -s ${name}-${env}
#   pulumi config set --secret mesh:kafkaSaslPassword <password> -s ${name}-${env}
config:
  mesh:domain: ${name}
  mesh:environment: ${env}
`;
}
