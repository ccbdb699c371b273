/** `mesh plan`: plans stacks offline under the mock runtime and evaluates the policy pack on them. */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { domainFiles } from "../../program/domainFiles.js";
import type { PlatformFile } from "../../program/platformFile.js";
import { readDomains } from "../../program/readDomains.js";
import { EXIT, UsageError } from "../errors.js";
import { type Output, plural, writeFileAtomic } from "../io.js";
import type { AffectedStack } from "../plan/affected.js";
import { checkBase, defaultBase } from "../plan/changes.js";
import type { PlanOutcome, StackOutcome } from "../plan/planOne.js";
import { PlanPool, type PlanReply, planContext } from "../plan/pool.js";
import type { StackPreview } from "../plan/previewJson.js";
import type { StackFile } from "../plan/stackFile.js";

export interface PlanOptions {
  readonly root: string;
  readonly stack?: string;
  /** Where to write the JSON plan; `-`: stdout, and then the report goes to stderr. */
  readonly json?: string;
  /** Print only totals and violations, not each resource. */
  readonly quiet?: boolean;
  /** Where to write the planned stacks' design-time lineage, as OpenLineage job events (NDJSON). */
  readonly lineageOut?: string;
  /** Plan only the stacks whose inputs changed since `base` (`plan/affected.ts`). */
  readonly affected?: boolean;
  /** The git revision `affected` compares with. @default origin/main if the clone has it, else main */
  readonly base?: string;
  /**
   * Worker processes planning stacks at once (plan/pool.ts), never more than the stacks. Stacks are
   * always planned in workers, never in this process, which reaches the verdict (plan/judge.ts),
   * and a worker plans the stacks of one domain only. `auto`: see {@link autoJobs}.
   * @default "auto"
   */
  readonly jobs?: number | "auto";
}

/**
 * `--jobs auto`: a worker per usable core and one more, never more than the domains. A worker plans
 * one domain's stacks only (plan/pool.ts), so the mesh costs a worker's start (loading the SDK and
 * the platform, about a second of CPU) per domain however many run at once; the one more starts
 * loading while the others wait on the declarations or plan, where it would otherwise load only
 * once one of them is done (shipped mesh, 2 cores: `--jobs 3` 3.3 s, `--jobs 2` 3.9 s, one run).
 */
export function autoJobs(domains: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores + 1, domains));
}

export async function planCommand(options: PlanOptions, output: Output): Promise<number> {
  // With the JSON on stdout, everything for people goes to stderr, so stdout stays one document.
  const io: Output = options.json === "-" ? { out: output.err, err: output.err } : output;
  if (options.base !== undefined && !options.affected) throw new UsageError("--base is for --affected");
  if (options.affected && options.stack)
    throw new UsageError("--affected and --stack select stacks both: give one");
  if (typeof options.jobs === "number" && options.jobs < 1) throw new UsageError("--jobs must be at least 1");
  // A worker starts before anything else is read or loaded here: every plan needs one, and its
  // start (loading the SDK and the platform) is the longest wait of a small plan. It runs no domain
  // file before it is handed a stack, once the declarations are read. The others start once the
  // stacks are known.
  const pool = new PlanPool(1, { root: options.root });
  try {
    const { readStackFile, stackFilePaths } = await import("../plan/stackFile.js");
    const stacks = stackFilePaths(join(options.root, "stacks")).map(readStackFile);
    // Before the mesh is read: a bad revision is reported without waiting for the declarations.
    const base = options.affected ? (options.base ?? defaultBase(options.root)) : undefined;
    if (base !== undefined) checkBase(options.root, base, options.base === undefined);
    const selected = options.stack ? stacks.filter((s) => s.name === options.stack) : stacks;
    if (options.stack && selected.length === 0) {
      throw new UsageError(
        `unknown stack "${options.stack}" (known: ${stacks.map((s) => s.name).join(", ") || "none"})`,
      );
    }
    if (selected.length === 0) throw new UsageError(`no stack files in ${join(options.root, "stacks")}`);
    const requested = options.jobs ?? "auto";
    const domains = new Set(selected.map((s) => s.domain)).size;
    pool.grow(Math.min(requested === "auto" ? autoJobs(domains) : requested, selected.length));
    // The platform's settings, read once and first: before any domain file's code runs (in the
    // readers below or in a stack's plan), so none can change what the stacks deploy with. A
    // malformed platform.yaml fails every stack alike: reported once, up front.
    const { readPlatformFile } = await import("../../program/platformFile.js");
    const platform = readPlatformFile(options.root);
    return await planSelected(options, output, io, { stacks, selected, base, platform, pool });
  } finally {
    pool.close();
  }
}

/** The stacks selected by `--stack` (or all), and where they are planned. */
interface Selection {
  readonly stacks: readonly StackFile[];
  readonly selected: readonly StackFile[];
  /** The revision `--affected` compares with. */
  readonly base: string | undefined;
  readonly platform: PlatformFile;
  /** The workers that plan the stacks: a stack's plan runs its domain file's code. */
  readonly pool: PlanPool;
}

async function planSelected(options: PlanOptions, output: Output, io: Output, s: Selection): Promise<number> {
  const { stacks, base, platform, pool } = s;
  let selected = s.selected;
  // One bad declaration would fail every stack alike: report it once, up front. Declarations are
  // read as data (in child processes): a domain file's code runs only inside its own stack's plan,
  // imported afresh there, so each plan registers exactly what `pulumi preview` of that stack would.
  // The policy pack, and what judges a plan with it, are loaded first: the readers run other
  // domains' code, which could rewrite their files before they load. The readers then start, and
  // the rest of the planner loads here while they run.
  await Promise.all([import("../plan/violations.js"), import("../plan/judge.js")]);
  const domainsDir = join(options.root, "domains");
  const files = domainFiles(domainsDir);
  const reading = { files, definitions: readDomains(files) };
  reading.definitions.catch(() => undefined); // awaited (and reported) by meshAt, once loaded
  const planner = await loadPlanner();
  const { affectedStacks, designTimeEvents, planLineage } = planner;
  const { countByPackage, printViolations, renderTree, toPreview } = planner;
  // The mesh is validated here, once, while the workers load the SDK and the platform; each stack's
  // worker is handed it and checks only its names again (program/validatedMeshes.ts). A mesh that is
  // not valid plans no stack.
  const mesh = await planner.meshAt(domainsDir, reading);
  let affected: AffectedStack[] | undefined;
  if (base !== undefined) {
    affected = await affectedStacks({ root: options.root, base, mesh, platform, stacks });
    if (affected.length === 0) {
      io.out(`No stack is affected by the changes since ${base}.`);
      if (options.json) writeJson(options.json, { stacks: [], affected: [] }, output, io);
      return EXIT.ok;
    }
    io.out(`Affected stacks (${affected.length} of ${stacks.length}) since ${base}:`);
    for (const a of affected) {
      io.out(`  ${a.stack}`);
      for (const reason of a.reasons) io.out(`    ${reason}`);
    }
    io.out();
    const names = new Set(affected.map((a) => a.stack));
    selected = stacks.filter((s) => names.has(s.name));
  }

  let exitCode: number = EXIT.ok;
  const previews: StackPreview[] = [];
  const lineageEvents: ReturnType<typeof designTimeEvents> = [];
  const plannedAt = new Date();
  const errors: { stack: string; message: string }[] = [];
  let total = 0;
  const replies = await planAll(pool, selected, domainsDir, platform);
  // A domain file's output goes where the report goes (`io`): with `--json -`, not into the JSON.
  for await (const { stack, outcome } of outcomesOf(selected, replies, planner.judge, io)) {
    if (outcome.kind === "failed") {
      io.err(`${stack.name}: ${outcome.message}`);
      errors.push({ stack: stack.name, message: outcome.message });
      exitCode = Math.max(exitCode, outcome.exit);
      continue;
    }
    const { plan, findings: violations } = outcome;
    const environment = stack.environment;
    previews.push(toPreview(plan, violations));
    if (options.lineageOut) {
      lineageEvents.push(
        ...designTimeEvents(
          mesh.products,
          stack.domain,
          environment,
          planner.platformSettingsFor(platform, environment),
          plannedAt,
        ),
      );
    }
    total += plan.resources.length;

    io.out(`Stack ${stack.name} (${environment}): ${plural(plan.resources.length, "resource")} to create`);
    if (!options.quiet) io.out(renderTree(plan));
    const protectedCount = plan.resources.filter((r) => r.protect).length;
    const counts = countByPackage(plan.resources).map(([pkg, n]) => `${n} ${pkg}`);
    io.out(
      `  totals: ${plural(plan.resources.length, "resource")} (${counts.join(", ")}); ${protectedCount} protected`,
    );
    for (const note of plan.notes) io.out(`  note: ${note}`);
    printViolations(violations, io);
    if (violations.some((v) => v.level === "mandatory") && exitCode === EXIT.ok) exitCode = EXIT.policy;
    io.out();
  }
  const mandatory = previews.flatMap((p) => p.policyViolations).filter((v) => v.level === "mandatory").length;
  const planned = `${plural(total, "resource")}; ${plural(mandatory, "mandatory policy violation")}`;
  io.out(
    errors.length === 0
      ? `Planned ${previews.length} of ${plural(selected.length, "stack")}, ${planned}.`
      : // Not "0 mandatory policy violations" as if all were well: a stack not planned was not checked.
        `Planned ${previews.length} of ${plural(selected.length, "stack")}: ${plural(errors.length, "stack")} ${
          // A crashed worker or a program's own bug is no configuration error of the user's.
          exitCode > EXIT.input
            ? "could not be planned"
            : errors.length === 1
              ? "has a configuration error"
              : "have a configuration error"
        } (above)${previews.length > 0 ? `; the ${previews.length} planned: ${planned}` : ""}.`,
  );
  if (options.lineageOut) {
    writeFileAtomic(options.lineageOut, lineageEvents.map((e) => `${JSON.stringify(e)}\n`).join(""));
    io.out(`Wrote ${options.lineageOut}: ${plural(lineageEvents.length, "OpenLineage job event")}`);
  }
  if (options.json) {
    const plan = {
      stacks: previews,
      lineage: planLineage(mesh),
      ...(affected ? { affected } : {}),
      ...(errors.length > 0 ? { errors } : {}),
    };
    writeJson(options.json, plan, output, io);
  }
  return exitCode;
}

/**
 * The modules that read the mesh, judge and report plans, loaded together. Not the SDK or the
 * program: this process plans no stack (its workers do), and runs no domain file's code.
 */
async function loadPlanner() {
  const [affected, judge, lineageEvents, lineageJson, previewJson, render, violations, platformFile] =
    await Promise.all([
      import("../plan/affected.js"),
      import("../plan/judge.js"),
      import("../plan/lineageEvents.js"),
      import("../plan/lineageJson.js"),
      import("../plan/previewJson.js"),
      import("../plan/render.js"),
      import("../plan/violations.js"),
      import("../../program/platformFile.js"),
    ]);
  return {
    ...affected,
    ...judge,
    ...lineageEvents,
    ...lineageJson,
    ...previewJson,
    ...render,
    ...violations,
    platformSettingsFor: platformFile.platformSettingsFor,
  };
}

function writeJson(to: string, value: unknown, output: Output, io: Output): void {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (to === "-") output.out(json.trimEnd());
  else {
    writeFileAtomic(to, json);
    io.out(`Wrote ${to}`);
  }
}

/** Hands `stacks` to the pool's workers, with the declarations read here: one reply per stack. */
async function planAll(
  pool: PlanPool,
  stacks: readonly StackFile[],
  domainsDir: string,
  platform: PlatformFile,
) {
  return pool.plan(stacks, await planContext(domainsDir, platform));
}

/**
 * Each stack's outcome, in the order of `stacks` whatever order the pool's workers finish in: its
 * plan, judged here, and its printed output (a domain file's `console.log`) written at its turn,
 * through the report's output (to stderr when the JSON plan is on stdout).
 */
async function* outcomesOf(
  stacks: readonly StackFile[],
  replies: readonly Promise<PlanReply>[],
  judge: (stack: StackFile, outcome: PlanOutcome) => Promise<StackOutcome>,
  io: Output,
): AsyncGenerator<{ stack: StackFile; outcome: StackOutcome }> {
  const lines = (text: string) => (text.endsWith("\n") ? text.slice(0, -1) : text);
  for (const [i, stack] of stacks.entries()) {
    const reply = await replies[i]!;
    if (reply.stdout) io.out(lines(reply.stdout));
    if (reply.stderr) io.err(lines(reply.stderr));
    yield { stack, outcome: await judge(stack, reply.outcome) };
  }
}
