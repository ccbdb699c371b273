/**
 * `mesh plan --affected`, in a git repository holding a copy of the example mesh: which stacks a
 * change selects and why, and — planning every stack before and after a change — that no stack
 * whose plan changed is left out.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Output } from "../../cli/io.js";
import { main } from "../../cli/mesh.js";
import { affectedStacks, meshAt } from "../../cli/plan/affected.js";
import { readStackFile, stackFilePaths } from "../../cli/plan/stackFile.js";
import { readPlatformFile } from "../../program/platformFile.js";

function capture(): Output & { stdout: string[]; stderr: string[]; text: () => string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l = "") => stdout.push(l),
    err: (l = "") => stderr.push(l),
    text: () => [...stdout, ...stderr].join("\n"),
  };
}

const STACKS = [
  "analytics-dev",
  "analytics-prod",
  "customers-dev",
  "customers-prod",
  "orders-dev",
  "orders-prod",
];

type Repository = { dir: string; git: (...args: string[]) => string };

/** A new git repository on branch main holding the example mesh, committed. */
function newRepository(): Repository & { commit: string } {
  const dir = mkdtempSync(join(tmpdir(), "mesh-affected-test-"));
  for (const entry of ["domains", "stacks", "platform.yaml", "contracts.lock.json", "README.md"])
    cpSync(entry, join(dir, entry), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
    });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-qm", "the example mesh");
  return { dir, git, commit: git("rev-parse", "HEAD").trim() };
}

/**
 * One repository for the file, set back before each case. The mesh is read as `mesh plan` reads
 * it, each domain file in a child process started once per path and content: at one path, the
 * files a case leaves as they are are read once for the whole file rather than once per case.
 */
let shared: (Repository & { commit: string }) | undefined;

/** The repository on branch main at its first commit, the only branch, no change, nothing untracked. */
function repository(): Repository {
  if (!shared) {
    shared = newRepository();
    return shared;
  }
  const { git, commit } = shared;
  git("checkout", "-qf", "-B", "main", commit);
  git("clean", "-qfdx");
  for (const branch of git("branch", "--format=%(refname:short)").split("\n")) {
    if (branch !== "" && branch !== "main") git("branch", "-qD", branch);
  }
  expect(git("status", "--porcelain")).toBe("");
  return shared;
}

/** The selection as `mesh plan --affected` makes it: stack name → reasons. */
async function selection(dir: string, base = "main"): Promise<Record<string, readonly string[]>> {
  const stacks = stackFilePaths(join(dir, "stacks")).map(readStackFile);
  const affected = await affectedStacks({
    root: dir,
    base,
    mesh: await meshAt(join(dir, "domains")),
    platform: readPlatformFile(dir),
    stacks,
  });
  return Object.fromEntries(affected.map((a) => [a.stack, a.reasons]));
}

function edit(dir: string, path: string, change: (text: string) => string): void {
  const file = join(dir, path);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${path} changed nothing`);
  writeFileSync(file, after);
}

describe("mesh plan --affected: the selection", () => {
  it("selects nothing for no change, or for docs and tests only", async () => {
    const { dir } = repository();
    expect(await selection(dir)).toEqual({});
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "guide.md"), "# Guide\n");
    appendFileSync(join(dir, "README.md"), "\nMore.\n");
    expect(await selection(dir)).toEqual({});
  });

  it("selects a domain's stacks and its consumers' for its SQL, through the mesh model", async () => {
    const { dir } = repository();
    edit(dir, "domains/orders/orders.sql", (sql) => `${sql}\n-- reviewed\n`);
    const selected = await selection(dir);
    expect(Object.keys(selected).sort()).toEqual([
      "analytics-dev",
      "analytics-prod",
      "orders-dev",
      "orders-prod",
    ]);
    expect(selected["orders-dev"]).toContain("domains/orders/orders.sql changed");
    expect(selected["analytics-prod"]).toContain("consumes orders.orders.v1, whose model changed");
  });

  it("selects only its domain's stacks for a file of its folder the model does not read", async () => {
    const { dir } = repository();
    // Untracked: --affected runs before a commit too.
    writeFileSync(join(dir, "domains", "orders", "NOTES.md"), "Ask checkout before changing status.\n");
    expect(await selection(dir)).toEqual({
      "orders-dev": ["domains/orders/NOTES.md changed"],
      "orders-prod": ["domains/orders/NOTES.md changed"],
    });
  });

  it("selects a changed stack file's stack only, committed since the base too", async () => {
    const { dir, git } = repository();
    git("checkout", "-qb", "region");
    edit(dir, "stacks/Pulumi.customers-dev.yaml", (y) => `${y}  aws:region: eu-west-1\n`);
    git("commit", "-qam", "customers-dev in Frankfurt");
    expect(await selection(dir)).toEqual({ "customers-dev": ["stacks/Pulumi.customers-dev.yaml changed"] });
  });

  it("selects every stack for platform code and for a path it cannot classify", async () => {
    const { dir } = repository();
    mkdirSync(join(dir, "components"));
    writeFileSync(join(dir, "components", "naming.ts"), "export {};\n");
    const platform = await selection(dir);
    expect(Object.keys(platform)).toEqual(STACKS);
    expect(platform["orders-dev"]).toEqual(["platform code changed: components/naming.ts"]);
    const { dir: other } = repository(); // set back: the platform code is gone
    writeFileSync(join(other, "Makefile"), "all:\n");
    expect((await selection(other))["customers-prod"]).toEqual(["unclassified path Makefile"]);
  });

  it("selects the producer's and the consumers' stacks when who may reach a product changes: they register its access lists", async () => {
    const { dir } = repository();
    edit(dir, "domains/customers/index.ts", (s) => s.replace("pii: [] }", 'pii: ["analytics"] }'));
    const selected = await selection(dir);
    // orders neither publishes nor consumes customers.customers.v2: it registers the producer alone.
    expect(Object.keys(selected).sort()).toEqual([
      "analytics-dev",
      "analytics-prod",
      "customers-dev",
      "customers-prod",
    ]);
    expect(selected["analytics-prod"]).toContain(
      "who may reach customers.customers.v2 changed (the analytics stacks register it for the grants rule)",
    );
  });

  it("selects every stack when a product's PII changes: every stack registers it to find its PII-free projection", async () => {
    const { dir } = repository();
    edit(dir, "domains/orders/index.ts", (s) => s.replace("unique: true,", "unique: true, pii: true,"));
    const selected = await selection(dir);
    expect(Object.keys(selected)).toEqual(STACKS);
    expect(selected["customers-prod"]).toContain(
      "who may reach orders.orders.v1 changed (the customers stacks register it for the grants rule)",
    );
  });
});

describe("mesh plan --affected: the command", () => {
  it("prints the selection with its reasons and plans those stacks only", async () => {
    const { dir } = repository();
    const none = capture();
    expect(await main(["plan", "--affected", "--quiet"], none, dir)).toBe(0);
    expect(none.stdout).toEqual(["No stack is affected by the changes since main."]);
    edit(dir, "stacks/Pulumi.customers-dev.yaml", (y) => `${y}  aws:region: eu-west-1\n`);
    const io = capture();
    expect(await main(["plan", "--affected", "--base", "main", "--quiet", "--json", "-"], io, dir)).toBe(0);
    expect(io.stderr.slice(0, 3)).toEqual([
      "Affected stacks (1 of 6) since main:",
      "  customers-dev",
      "    stacks/Pulumi.customers-dev.yaml changed",
    ]);
    const plan = JSON.parse(io.stdout.join("\n"));
    expect(plan.stacks.map((s: { stack: string }) => s.stack)).toEqual(["customers-dev"]);
    expect(plan.affected).toEqual([
      { stack: "customers-dev", reasons: ["stacks/Pulumi.customers-dev.yaml changed"] },
    ]);
  });

  it.each([
    [["--base", "main"], "error: --base is for --affected"],
    [["--affected", "--stack", "orders-dev"], "error: --affected and --stack select stacks both: give one"],
    [
      ["--affected", "--base", "no-such-ref"],
      `error: --base "no-such-ref" is not a commit of the repository at`,
    ],
  ])("exits 2 for plan %j", async (args, message) => {
    const { dir } = repository();
    const io = capture();
    expect(await main(["plan", ...args], io, dir)).toBe(2);
    expect(io.stderr[0]).toContain(message);
  });

  it("exits 2 when the default base does not exist, asking for --base", async () => {
    const { dir, git } = repository();
    git("branch", "-m", "main", "trunk");
    const io = capture();
    expect(await main(["plan", "--affected"], io, dir)).toBe(2);
    expect(io.stderr[0]).toMatch(/by default, and the repository at .* has neither: give --base REF$/);
    expect(await main(["plan", "--affected", "--base", "trunk", "--quiet"], capture(), dir)).toBe(0);
  });

  it("exits 2 outside a git repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-affected-nogit-"));
    cpSync("stacks", join(dir, "stacks"), { recursive: true });
    const io = capture();
    expect(await main(["plan", "--affected"], io, dir)).toBe(2);
    expect(io.stderr[0]).toMatch(/^error: --affected: .* is not in a git repository/);
  });
});

/** Each stack's plan as `mesh plan --json` writes it, by stack name. */
async function plans(dir: string): Promise<Record<string, string>> {
  const io = capture();
  // A mandatory violation (exit 1) is part of a plan too; bad input (2) would plan nothing.
  expect(await main(["plan", "--quiet", "--json", "-"], io, dir), io.stderr.join("\n")).toBeLessThan(2);
  const plan = JSON.parse(io.stdout.join("\n")) as { stacks: { stack: string }[] };
  return Object.fromEntries(plan.stacks.map((s) => [s.stack, JSON.stringify(s)]));
}

describe("mesh plan --affected never misses a stack whose plan changed", () => {
  // One change of each kind the model is asked about: SQL, a declaration's access lists, a
  // published contract. Each plans the whole mesh, so they are few. (A stack file may set only its
  // identity, its secrets and the platform's own region: no change of one shows in a plan.)
  const changes: [string, (dir: string) => void][] = [
    [
      "the orders SQL",
      (dir) => edit(dir, "domains/orders/orders.sql", (s) => s.replace("SELECT", "SELECT DISTINCT")),
    ],
    [
      "customers' PII admission",
      (dir) => edit(dir, "domains/customers/index.ts", (s) => s.replace("pii: [] }", 'pii: ["analytics"] }')),
    ],
    [
      "customers' published contract",
      (dir) =>
        edit(dir, "contracts.lock.json", (s) =>
          s.replace("One row per customer, as currently known to the CRM.", "One row per customer."),
        ),
    ],
  ];

  it(
    "for each kind of change, every stack whose plan differs is selected",
    { timeout: 600_000 },
    async () => {
      const { dir, git } = repository();
      const before = await plans(dir);
      expect(Object.keys(before)).toEqual(STACKS);
      for (const [what, change] of changes) {
        change(dir);
        const after = await plans(dir);
        const changed = STACKS.filter((s) => after[s] !== before[s]);
        // A change no plan shows would prove nothing.
        expect(changed, what).not.toEqual([]);
        const selected = Object.keys(await selection(dir));
        expect(selected, what).toEqual(expect.arrayContaining(changed));
        git("checkout", "-q", "--", ".");
      }
    },
  );
});
