/**
 * .github/CODEOWNERS says who approves what (issue #9): each domain's folder and stack files its
 * own team (the owner its declaration names), everything else — platform.yaml above all — the
 * platform team. A domain added without its owner lines fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";
import { loadMesh } from "../../program/loadMesh.js";

const PLATFORM_TEAM = "@acme/platform";

interface Rule {
  readonly pattern: RegExp;
  readonly owners: readonly string[];
  readonly line: number;
}

/** CODEOWNERS lines as matchers (the gitignore subset the file uses: `*`, anchored paths, folders). */
function parseCodeowners(text: string): Rule[] {
  return text.split("\n").flatMap((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return [];
    const [pattern, ...owners] = line.split(/\s+/);
    const anchored = pattern!.startsWith("/") || pattern!.slice(0, -1).includes("/");
    const folder = pattern!.endsWith("/");
    const glob = pattern!
      .replace(/^\/|\/$/g, "")
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]*");
    const source = `${anchored ? "^" : "^(?:.*/)?"}${glob}${folder ? "/" : "(?:/.*)?$"}`;
    return [{ pattern: new RegExp(source), owners, line: i + 1 }];
  });
}

/** The owners of a repository path: the last matching line wins, as on GitHub. */
const ownersOf = (rules: readonly Rule[], path: string) =>
  rules.filter((r) => r.pattern.test(path)).pop()?.owners ?? [];

const rules = parseCodeowners(readFileSync(".github/CODEOWNERS", "utf8"));
const domainFolders = readdirSync("domains", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
let teams: Map<string, string>;

beforeAll(async () => {
  teams = new Map((await loadMesh()).domains.map((d) => [d.name, d.owner.team]));
});

describe("CODEOWNERS", () => {
  it("gives every domain folder to the team its declaration names", () => {
    expect(domainFolders.length).toBeGreaterThan(0);
    for (const domain of domainFolders) {
      const team = teams.get(domain);
      expect(team, `domains/${domain}/ declares an owner team`).toBeDefined();
      for (const file of readdirSync(`domains/${domain}`)) {
        expect(ownersOf(rules, `domains/${domain}/${file}`), `domains/${domain}/${file}`).toEqual([
          `@acme/${team}`,
        ]);
      }
    }
  });

  it("gives every stack file to the team owning its domain, and no other", () => {
    const paths = stackFilePaths("stacks");
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const { domain } = readStackFile(path);
      const owners = ownersOf(rules, `stacks/${basename(path)}`);
      expect(owners, `stacks/${basename(path)}`).not.toContain(PLATFORM_TEAM);
      expect(owners, `stacks/${basename(path)}`).toEqual(ownersOf(rules, `domains/${domain}/index.ts`));
    }
  });

  it("leaves platform.yaml and everything else to the platform team", () => {
    for (const path of [
      "platform.yaml",
      ".github/CODEOWNERS",
      "Pulumi.yaml",
      "components/platform.ts",
      "policies/rules/all.ts",
      "program/settings.ts",
      "stacks/README.md",
    ]) {
      expect(ownersOf(rules, path), path).toEqual([PLATFORM_TEAM]);
    }
  });

  it("matches as GitHub does: the last matching line wins, a folder pattern covers what is inside", () => {
    const sample = parseCodeowners("* @o/all\n/domains/a/ @o/a\n/stacks/Pulumi.a-*.yaml @o/a\n");
    expect(ownersOf(sample, "domains/a/index.ts")).toEqual(["@o/a"]);
    expect(ownersOf(sample, "domains/ab/index.ts")).toEqual(["@o/all"]);
    expect(ownersOf(sample, "stacks/Pulumi.a-dev.yaml")).toEqual(["@o/a"]);
    expect(ownersOf(sample, "stacks/Pulumi.b-dev.yaml")).toEqual(["@o/all"]);
    expect(ownersOf(sample, "x/domains/a/index.ts")).toEqual(["@o/all"]);
  });
});
