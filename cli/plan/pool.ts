/**
 * Plans stacks in child processes, `--jobs N` of them at once. A stack's plan runs its domain
 * file's code, so it is never made in the `mesh plan` process, which reaches the verdict
 * (judge.ts): whatever the code does to its process, it does to a worker, whose answer is checked as
 * untrusted data (workerReply.ts), and whose crash or early exit fails its stack. A process of its
 * own also gives each plan Pulumi's mock runtime, the SDK's module-level state, that nothing else
 * touches (the process-wide source-map switch planStack.ts turns off included; worker threads would
 * share it). Each worker plans one stack at a time and sends back its plan as plain data
 * (planOne.ts); the caller gets one promise per stack, in the order given, whatever order the workers
 * finish in. A worker that dies fails its own stack only, and is replaced for the rest.
 */
import { type ChildProcess, fork } from "node:child_process";
import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { onChildEnd } from "../../program/childEnd.js";
import { domainCodeEnvironment } from "../../program/domainCodeEnvironment.js";
import { domainFiles } from "../../program/domainFiles.js";
import type { PlatformFile } from "../../program/platformFile.js";
import { declarationsRead, type ReadDeclaration, readDomains } from "../../program/readDomains.js";
import { isReadable, readableBy, readerSandbox } from "../../program/readerSandbox.js";
import { compiledFolder } from "../../program/readerSources.js";
import { type SourceVerdict, verdictsReached } from "../../program/sourceCheck.js";
import type { CompiledSource } from "../../program/typescriptHooks.js";
import { childEntry } from "../../program/typescriptLoader.js";
import { meshesValidated, type ValidatedMesh } from "../../program/validatedMeshes.js";
import { EXIT } from "../errors.js";
import { PLANNER_V8_FLAGS } from "./plannerHeap.js";
import type { PlanOutcome } from "./planOne.js";
import type { StackFile } from "./stackFile.js";
import { checkedOutcome, printedText } from "./workerReply.js";

/** The worker's entry (program/typescriptLoader.ts says which file, source or compiled). */
const WORKER = childEntry(new URL("./planWorker.ts", import.meta.url));

/** Whether workers run in the sandbox: they do unless this checkout's compiled copy is stale. */
export const WORKERS_SANDBOXED = WORKER.compiled;
/**
 * platform.yaml as the parent read it, once, before any domain file's code ran: a worker is handed
 * these settings rather than reading the file itself, after some stack's code could have changed it.
 * `lineOf` is a closure over the parsed file, so the lines errors name travel as numbers.
 */
export interface PortablePlatform {
  readonly source: string;
  readonly environments: PlatformFile["environments"];
  /** Lines by path joined with ".": `environments` and each `environments.<env>`. */
  readonly lines: Readonly<Record<string, number>>;
}

export function toPortable(file: PlatformFile): PortablePlatform {
  const paths = [["environments"], ...Object.keys(file.environments).map((env) => ["environments", env])];
  return {
    source: file.source,
    environments: file.environments,
    lines: Object.fromEntries(paths.map((p) => [p.join("."), file.lineOf(p)])),
  };
}

export function fromPortable(p: PortablePlatform): PlatformFile {
  // After the file was read, errors name only these lines (platformSettingsFor); any other path
  // falls back to the line of `environments`, where every setting is.
  return { ...p, lineOf: (path) => p.lines[path.join(".")] ?? p.lines.environments ?? 1 };
}

/** What every stack's plan shares: the mesh as the parent read it. */
export interface PlanContext {
  readonly domainsDir: string;
  readonly platform: PortablePlatform;
  /** The parent's reads of the domain files, so that a worker reads none again (readDomains.ts). */
  readonly declarations: readonly ReadDeclaration[];
  readonly verdicts: readonly SourceVerdict[];
  /** The mesh as the parent validated it, so that a worker checks only its names again (validatedMeshes.ts). */
  readonly meshes: readonly ValidatedMesh[];
}

/** The parent's request: plan this stack. */
export interface PlanRequest {
  readonly index: number;
  readonly stack: StackFile;
  readonly context: PlanContext;
  /**
   * The TypeScript of the stack's domain folder, compiled here (readerSources.ts), for a worker in
   * the sandbox, which may start no esbuild: the only TypeScript its hooks load. None from the
   * sources, where tsx compiles in the worker.
   */
  readonly sources?: Record<string, CompiledSource>;
}

/** The worker's answer, with what the stack's code printed while it was planned. */
export interface PlanReply {
  readonly index: number;
  readonly outcome: PlanOutcome;
  readonly stdout: string;
  readonly stderr: string;
}

/** The context of a plan in this process, for its workers: after the mesh was read and validated here. */
export async function planContext(domainsDir: string, platform: PlatformFile): Promise<PlanContext> {
  // Validated here, if it was not before: a worker in the sandbox can load no native addon, and so
  // no DuckDB to check the mesh's SQL (a read of the declarations already made is not made again).
  const { meshOf } = await import("../../program/loadMesh.js");
  await meshOf(await readDomains(domainFiles(domainsDir)), {}, domainsDir);
  return {
    domainsDir,
    platform: toPortable(platform),
    declarations: await declarationsRead(),
    verdicts: verdictsReached(),
    meshes: meshesValidated(),
  };
}

/**
 * How long a worker may take over one stack (its own start included, for its first) before it is
 * killed and the stack fails: a domain file whose code never ends in its own stack's plan must not
 * hold up every other stack's. Generous: a stack of a thousand products plans in well under a
 * minute (`npm run bench`).
 */
export const PLAN_TIMEOUT_MS = 600_000;

export interface PlanPoolOptions {
  /** How long a worker may take over one stack (default {@link PLAN_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * The project whose stacks are planned (its domains, lock file, node_modules), which the workers
   * may read (default: the working directory); a plan of domains elsewhere starts workers that may
   * read those instead.
   */
  readonly root?: string;
}

interface Worker {
  readonly child: ChildProcess;
  /** The stack it is planning. */
  current?: number;
  /** Ends the worker when it takes too long over `current`. */
  deadline?: NodeJS.Timeout;
  /** The domain whose code it has run: it plans no other's stack. */
  domain?: string;
  /** The tail of what the runtime itself printed (a crash's message). */
  stderr: string;
  /** Stops waiting for its end: it is retired, its end asked for. */
  forgetEnd?: () => void;
}

/**
 * Workers, started when the pool is made: each loads the SDK and the platform while the caller
 * reads the mesh. `plan` then hands out the stacks; `close` ends every worker.
 */
export class PlanPool {
  private readonly workers = new Set<Worker>();
  /** What a worker may read (readerSandbox.ts), compiled; none from the sources (tsx's cache). */
  private readable: readonly string[] | undefined;
  /** Each domain's TypeScript, compiled once per plan for its workers. */
  private readonly sources = new Map<string, Promise<Record<string, CompiledSource> | undefined>>();
  private stacks: readonly StackFile[] = [];
  private context: PlanContext | undefined;
  private readonly settle: ((reply: PlanReply) => void)[] = [];
  /** The stacks not yet handed out, by index. */
  private pending: number[] = [];

  private readonly timeoutMs: number;

  constructor(
    private size: number,
    options: PlanPoolOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? PLAN_TIMEOUT_MS;
    this.readable = workerReadable(options.root ?? process.cwd());
    for (let i = 0; i < size; i++) this.start();
  }

  /** Lets `size` workers run at once, and starts those missing (before {@link plan}). */
  grow(size: number): void {
    this.size = Math.max(this.size, size);
    if (!this.context) while (this.workers.size < this.size) this.start();
  }

  /**
   * One promise per stack, in the order of `stacks`; none rejects (a failure is an outcome). The
   * caller reports them in that order, each stack's printed output first, as in one process.
   */
  plan(stacks: readonly StackFile[], context: PlanContext): Promise<PlanReply>[] {
    if (this.context) throw new Error("a plan pool plans once");
    // The project of the domains (their lock file is beside them), when the workers were started
    // for another: not one of them has run any code yet.
    const project = dirname(realpathSync(context.domainsDir));
    if (this.readable && !isReadable(this.readable, project)) {
      this.readable = workerReadable(project);
      for (const worker of this.workers) this.retire(worker);
    }
    this.stacks = stacks;
    this.context = context;
    this.pending = stacks.map((_, i) => i);
    const replies = stacks.map((_, i) => new Promise<PlanReply>((resolve) => (this.settle[i] = resolve)));
    const domains = new Set(stacks.map((s) => s.domain)).size;
    while (this.workers.size < Math.min(this.size, domains)) this.start();
    for (const worker of this.workers) this.dispatch(worker);
    return replies;
  }

  /** Ends every worker (and whatever a domain file left running in it: timers, sockets). */
  close(): void {
    for (const worker of this.workers) this.retire(worker);
  }

  private start(): void {
    const child = fork(WORKER.module, [], {
      // Compiled, in the sandbox a declaration reader runs in (readerSandbox.ts): a stack's code
      // may read the project and the platform, and change nothing another stack's plan reads.
      execArgv: [...(this.readable ? readerSandbox(this.readable) : WORKER.execArgv), ...PLANNER_V8_FLAGS],
      // It runs a domain file's code: none of the credentials of whoever runs `mesh plan`.
      env: domainCodeEnvironment(),
      serialization: "advanced", // structured clone: `undefined` and the like survive as they are
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const worker: Worker = { child, stderr: "" };
    this.workers.add(worker);
    // Writes of the stack's code are captured by the worker and sent with its answer; what reaches
    // the pipes is the runtime's own (a crash's message), kept for the report.
    child.stdout?.resume();
    child.stderr?.on("data", (chunk: Buffer) => {
      worker.stderr = (worker.stderr + chunk.toString()).slice(-4000);
    });
    child.on("message", (reply: Partial<Record<keyof PlanReply, unknown>> | null) => {
      if (!this.workers.has(worker)) return;
      const index = worker.current;
      if (index === undefined || reply?.index !== index) {
        this.died(worker, "sent an answer for no stack it was planning");
        return;
      }
      worker.current = undefined;
      clearTimeout(worker.deadline);
      this.settle[index]!({
        index,
        outcome: checkedOutcome(reply.outcome, this.stacks[index]!),
        stdout: printedText(reply.stdout),
        stderr: printedText(reply.stderr),
      });
      this.dispatch(worker);
    });
    child.on("error", (e) => this.died(worker, `failed: ${e.message}`));
    // Not on "exit": an answer sent just before the end, and the crash's last stderr line, may not
    // have been read yet (program/childEnd.ts).
    worker.forgetEnd = onChildEnd(child, (code, signal) =>
      this.died(worker, signal ? `was killed (${signal})` : `exited (code ${code})`),
    );
  }

  private dispatch(worker: Worker): void {
    if (!this.context || worker.current !== undefined || !this.workers.has(worker)) return;
    const index = this.nextFor(worker);
    if (index === undefined) {
      // Done with its domain: a worker that ran one domain's code plans no other domain's stack.
      this.retire(worker);
      this.replenish();
      return;
    }
    this.pending.splice(this.pending.indexOf(index), 1);
    worker.current = index;
    const stack = this.stacks[index]!;
    worker.domain = stack.domain;
    const context = this.context;
    void this.sourcesOf(stack.domain).then((sources) => {
      if (!this.workers.has(worker) || worker.current !== index) return; // it died meanwhile
      worker.child.send({ index, stack, context, sources } satisfies PlanRequest);
    });
    worker.deadline = setTimeout(
      () => this.died(worker, `took more than ${this.timeoutMs / 1000}s`),
      this.timeoutMs,
    );
    // Fewer alive than the pool's size (it grew, or a worker died): the next domain's starts.
    this.replenish();
  }

  /** The TypeScript of `domain`'s folder, compiled for its workers in the sandbox (once per plan). */
  private sourcesOf(domain: string): Promise<Record<string, CompiledSource> | undefined> {
    if (!this.readable) return Promise.resolve(undefined);
    let compiled = this.sources.get(domain);
    if (!compiled) {
      // A folder that is not there has no TypeScript: its stack's plan says the domain is unknown.
      compiled = compiledFolder(join(this.context!.domainsDir, domain)).catch(() => ({}));
      this.sources.set(domain, compiled);
    }
    return compiled;
  }

  /**
   * The stack `worker` plans next: another of its domain's, or, for a fresh worker, the first of a
   * domain no other worker is planning (else the first left).
   */
  private nextFor(worker: Worker): number | undefined {
    const domainOf = (i: number) => this.stacks[i]!.domain;
    if (worker.domain !== undefined) return this.pending.find((i) => domainOf(i) === worker.domain);
    const busy = new Set([...this.workers].map((w) => w.domain));
    return this.pending.find((i) => !busy.has(domainOf(i))) ?? this.pending[0];
  }

  /**
   * Starts a fresh worker for each domain left that no worker has, while fewer than the pool's size
   * are alive: a worker planning its domain's last stack counts until it retires. (Not counting it
   * let every fresh worker, handed a domain of one stack at once, start another: a mesh of a
   * hundred one-stack domains ran a hundred workers together, a quarter of a GiB each.)
   */
  private replenish(): void {
    const workers = [...this.workers];
    const pendingDomains = new Set(this.pending.map((i) => this.stacks[i]!.domain));
    const fresh = workers.filter((w) => w.domain === undefined).length;
    for (const w of workers) pendingDomains.delete(w.domain as string);
    const wanted = Math.min(this.size - workers.length, pendingDomains.size - fresh);
    for (let i = 0; i < wanted; i++) this.start();
    for (const w of this.workers) if (w.domain === undefined) this.dispatch(w);
  }

  private retire(worker: Worker): void {
    clearTimeout(worker.deadline);
    this.workers.delete(worker);
    worker.forgetEnd?.();
    worker.child.kill("SIGKILL");
  }

  private died(worker: Worker, why: string): void {
    if (!this.workers.has(worker)) return; // retired: its end was asked for
    const index = worker.current;
    worker.current = undefined;
    this.retire(worker);
    if (index !== undefined) {
      const detail = crashLine(worker.stderr);
      this.settle[index]!({
        index,
        outcome: {
          kind: "failed",
          message: `the worker planning it ${why}${detail ? `: ${detail}` : ""}`,
          exit: EXIT.internal,
        },
        stdout: "",
        stderr: "",
      });
    }
    // The stacks not yet handed out still get planned, by a fresh worker (one that dies before
    // `plan` is replaced there). Each death after fails a stack: a worker that always dies ends too.
    if (this.context && this.pending.length > 0) this.replenish();
  }
}

/** What a compiled worker planning the domains of `folder` may read; none from the sources (tsx). */
function workerReadable(folder: string): readonly string[] | undefined {
  return WORKER.compiled ? readableBy(folder, WORKER.module, domainCodeEnvironment().NODE_PATH) : undefined;
}

/** The line of a crash's output that says what happened (node prints the error after the code frame). */
function crashLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /^[A-Za-z]*(Error|Exception)\b/.test(l)) ?? lines.at(-1) ?? "";
}
