/**
 * Reads other domains' declarations as data. Each domain file is imported in a child process of
 * its own (declarationReader.ts) that has no connection to the Pulumi engine, so a stack never
 * runs another domain's code: whatever that code creates at import goes nowhere, and a file can
 * answer only for itself (one child per file, so it cannot forge a neighbour's declaration).
 *
 * Nor, compiled, can it change what is read after it: the child runs in Node's permission model
 * (readerSandbox.ts), where it may read its folder, the project and the platform but write nothing
 * and start no process, so it cannot rewrite a neighbour's domain file, the platform's modules or
 * the compiler's verdicts before they are read, nor read the credentials its environment lacks.
 * Its TypeScript is compiled here (readerSources.ts): esbuild runs as a process. From the sources
 * of a checkout whose compiled copy is not current (one being edited), tsx compiles the reader in
 * the child, by esbuild's process and into a cache on disk, which the sandbox denies: such a
 * reader runs without it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import type { DomainDefinition } from "../components/declaration/defineDomain.js";
import { DeclarationError, type DeclarationProblem } from "../components/declaration/errors.js";
import { onChildEnd } from "./childEnd.js";
import type { ReaderMessage, ReaderSources } from "./declarationReader.js";
import { domainCodeEnvironment } from "./domainCodeEnvironment.js";
import { pinpoint } from "./pinpoint.js";
import { linksOut, readableBy, readerSandbox } from "./readerSandbox.js";
import { compiledFolder } from "./readerSources.js";
import { refusedBy, sourceProblems } from "./sourceCheck.js";
import { childEntry } from "./typescriptLoader.js";

/** How long one domain file may take to load before it is reported (and its child killed). */
export const READ_TIMEOUT_MS = 60_000;

/** The child's entry (typescriptLoader.ts says which file, source or compiled). */
const READER = childEntry(new URL("./declarationReader.ts", import.meta.url));

/** Whether readers run in the sandbox: they do unless this checkout's compiled copy is stale. */
export const READERS_SANDBOXED = READER.compiled;

/** Reads of a file's current content, so planning six stacks starts each child once. */
const cache = new Map<string, Promise<DomainDefinition>>();

/**
 * The declaration of every file, in order. Throws one {@link DeclarationError} naming every file
 * that does not load, does not `export default defineDomain(...)`, exports something not data, or
 * declares a domain not named after its folder ({@link folderProblems}).
 */
export async function readDomains(files: readonly string[]): Promise<DomainDefinition[]> {
  const reading = Promise.allSettled(files.map(readCached));
  // The compiler checks the files while the children start: a file that does not compile is
  // reported by the compiler's diagnostic, not by what loading it then does (or fails to notice).
  const compiled = sourceProblems(files);
  const results = await reading;
  const problems: DeclarationProblem[] = [...compiled];
  const read: { file: string; definition: DomainDefinition }[] = [];
  results.forEach((r, i) => {
    if (r.status === "fulfilled") read.push({ file: files[i]!, definition: r.value });
    else if (refusedBy(compiled, files[i]!)) return;
    else if (r.reason instanceof DeclarationError) problems.push(...r.reason.problems);
    else throw r.reason;
  });
  problems.push(
    ...folderProblems(
      read.map((r) => r.file),
      read.map((r) => r.definition),
    ),
  );
  if (problems.length > 0) throw new DeclarationError(problems);
  return results.map((r) => (r as PromiseFulfilledResult<DomainDefinition>).value);
}

function readCached(file: string): Promise<DomainDefinition> {
  const key = `${file}\0${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
  let read = cache.get(key);
  if (!read) {
    read = readInChild(file);
    cache.set(key, read);
    read.catch(() => cache.delete(key));
  }
  return read;
}

/**
 * Readers alive at once. A mesh of a hundred domains would otherwise start a hundred Node processes
 * together: each takes its share of the cores whatever their number, but all of their memory at
 * once (some 50 MiB each: 5.9 GiB against 0.5 GiB for `mesh plan --stack` in a synthetic mesh of
 * 100 domains on 2 cores) and the scheduler's time to switch between them.
 */
export const READERS_AT_ONCE = availableParallelism() + 1;
let reading = 0;
const queued: (() => void)[] = [];

async function readInChild(file: string): Promise<DomainDefinition> {
  if (reading >= READERS_AT_ONCE) await new Promise<void>((start) => queued.push(start));
  reading += 1;
  try {
    const env = domainCodeEnvironment();
    const readable = READER.compiled ? readableBy(dirname(file), READER.module, env.NODE_PATH) : undefined;
    if (readable) refuseLinksOut(file, readable);
    const sources = await compiledFolder(dirname(file));
    return await readerAnswer(startReader(file, sources, env, readable), file);
  } finally {
    reading -= 1;
    queued.shift()?.();
  }
}

/** Starts the reader of `file`: in the sandbox when compiled, reading only `readable`. */
function startReader(
  file: string,
  sources: ReaderSources["sources"],
  env: NodeJS.ProcessEnv,
  readable: readonly string[] | undefined,
): ChildProcess {
  const child = fork(READER.module, [file], {
    execArgv: readable ? readerSandbox(readable) : READER.execArgv,
    env,
    serialization: "advanced",
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  // A child that cannot take it has died: readerAnswer reports how.
  child.send({ kind: "sources", sources } satisfies ReaderSources, () => undefined);
  return child;
}

/** A folder holding a link to what its reader may not read is not read (readerSandbox.ts). */
function refuseLinksOut(file: string, readable: readonly string[]): void {
  const links = linksOut(dirname(file), readable);
  if (links.length === 0) return;
  throw new DeclarationError(
    links.map(({ link, target }) => ({
      source: relative(process.cwd(), link),
      path: "",
      message: `a symbolic link to ${target}, outside the domain's folder, the project and the platform: a domain file read as data may read only those`,
    })),
  );
}

/**
 * What the reader `child` of `file` answers: the declaration it sends, or a {@link DeclarationError}
 * naming the file when it sends a problem, ends without an answer or takes too long. The child is
 * killed once it has answered.
 */
export function readerAnswer(child: ChildProcess, file: string): Promise<DomainDefinition> {
  const source = relative(process.cwd(), file);
  const problem = (message: string) => new DeclarationError([{ source, path: "", message }]);
  return new Promise((resolvePromise, reject) => {
    let stderr = "";
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      forgetEnd();
      // The answer is in; whatever the file left running (timers, sockets) dies with the child.
      child.kill("SIGKILL");
      outcome();
    };
    const timer = setTimeout(
      () => settle(() => reject(problem(`did not finish loading within ${READ_TIMEOUT_MS / 1000}s`))),
      READ_TIMEOUT_MS,
    );
    child.stdout?.resume(); // a domain file's console output is not the reader's answer
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on("error", (e) => settle(() => reject(e)));
    child.on("message", (m: ReaderMessage) =>
      settle(() => {
        if (m?.kind === "definition") resolvePromise(confined(file, m));
        else reject(problem(typeof m?.message === "string" ? m.message : "sent an unreadable answer"));
      }),
    );
    // Not on "exit": the answer the child sent just before, and its last stderr line, which the
    // report quotes, may not have been read yet (childEnd.ts).
    const forgetEnd = onChildEnd(child, (code) =>
      settle(() => {
        const detail = lastLine(stderr);
        reject(problem(`exited (code ${code}) before declaring its domain${detail ? `: ${detail}` : ""}`));
      }),
    );
  });
}

/**
 * Keeps only what a domain file may say about itself: its input, and a source line and SQL folder
 * inside its own domain folder (else the file itself and its folder), so that its messages and
 * `transform.sqlFile` cannot point into another domain's folder or elsewhere.
 */
export function confined(
  file: string,
  def: { readonly input: unknown; readonly source?: unknown; readonly baseDir?: unknown },
): DomainDefinition {
  const folder = dirname(file);
  const inside = (path: string) => {
    const rel = relative(folder, path);
    return !rel.startsWith("..") && !isAbsolute(rel);
  };
  const sourceFile = typeof def.source === "string" ? resolve(def.source.replace(/:\d+$/, "")) : "";
  const source = sourceFile && inside(sourceFile) ? (def.source as string) : relative(process.cwd(), file);
  const baseDir = typeof def.baseDir === "string" && inside(def.baseDir) ? def.baseDir : folder;
  return Object.freeze({ input: def.input as DomainDefinition["input"], source, baseDir });
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1]?.trim() ?? "";
}

/** `domains/<folder>/index.ts` declares the domain named `<folder>`: a stack knows its own file. */
export function folderProblems(files: readonly string[], definitions: readonly DomainDefinition[]) {
  const problems: DeclarationProblem[] = [];
  files.forEach((file, i) => {
    const folder = basename(dirname(file));
    const name = (definitions[i]?.input as { name?: unknown } | undefined)?.name;
    if (typeof name === "string" && name !== folder) {
      problems.push({
        source: definitions[i]?.source,
        path: "name",
        message: `"${name}" is not the name of its folder; domains/${folder}/index.ts declares domain "${folder}"`,
      });
    }
  });
  return pinpoint(problems);
}

/** A declaration read, by its file and content (the key of the reads kept in this process). */
export type ReadDeclaration = readonly [key: string, definition: DomainDefinition];

/** The declarations read so far in this process: `mesh plan` hands them to its workers (cli/plan/pool.ts). */
export async function declarationsRead(): Promise<ReadDeclaration[]> {
  const reads = await Promise.all([...cache].map(async ([key, read]) => [key, await read.catch(() => null)]));
  return reads.filter((r): r is [string, DomainDefinition] => r[1] !== null);
}

/**
 * Declarations another process of the same plan read: used as this process's own while their
 * file's content is the one read (the key holds its hash), so a worker starts no reader again.
 */
export function rememberDeclarations(reads: readonly ReadDeclaration[]): void {
  for (const [key, definition] of reads) {
    if (!cache.has(key)) cache.set(key, Promise.resolve(Object.freeze({ ...definition })));
  }
}
