/**
 * The sandbox in which a compiled declaration reader (declarationReader.ts), and a `mesh plan`
 * worker planning a stack (cli/plan/pool.ts), run a domain team's code: Node's permission model.
 * The code may read its own folder (a worker: the project), the project it is planned in and the
 * platform with the packages both resolve from, and nothing else: not the files where the user
 * running `mesh plan` or `pulumi up` keeps credentials, nor `/proc/<parent>/environ`, which held
 * every variable the process's own environment leaves out (domainCodeEnvironment.ts); nor through a
 * symbolic link in its folder ({@link linksOut}: such a folder is not read). It may write no file,
 * start no process, load no native addon and use no WASI, so it cannot rewrite what is read or
 * planned after it (a neighbour's domain file, the platform's modules, platform.yaml).
 *
 * Worker threads must be allowed: the module hooks run on one (Node 20). Allowed, they are a way
 * out — a worker started with `execArgv: []`, or hooks registered onto the hooks' thread that start
 * one, run without the model's limits (tried on 20.20.2) — so both are shut (`Worker` and
 * `module.register`) once the process's own hooks are registered, before the file's code runs
 * ({@link shutSandboxDoors}); so are trace events, which the model lets write `node_trace.1.log`
 * into the working directory (tried on 20.20.2). Node documents its permission model as a seat
 * belt, not a boundary against malicious code: this raises the cost of an attack, and
 * docs/security.md says what it does not cover (the network, for one, stays open).
 */
import { existsSync, readdirSync, realpathSync } from "node:fs";
import Module, { syncBuiltinESMExports } from "node:module";
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve } from "node:path";
import traceEvents from "node:trace_events";
import { fileURLToPath } from "node:url";
import workerThreads from "node:worker_threads";

/** The model's switch: `--experimental-permission` on Node 20, `--permission` once it is stable. */
const PERMISSION = process.allowedNodeEnvironmentFlags.has("--permission")
  ? "--permission"
  : "--experimental-permission";

/**
 * What the compiled entry `entry` (a declaration reader, a plan worker) running the code of a
 * domain file in `folder` may read, as real paths: that folder, the project (the working
 * directory), the platform the entry belongs to (its compiled copy and the package or checkout
 * holding it, whose manifest and packages the platform's modules resolve through), and every
 * `node_modules` a package may be resolved from — up from the folder and from the project, as Node
 * looks, and `NODE_PATH`'s (domainCodeEnvironment.ts).
 */
export function readableBy(folder: string, entry: URL, nodePath: string | undefined): string[] {
  const readable = [
    folder,
    process.cwd(),
    ...platformOf(fileURLToPath(entry)),
    ...packageFolders(folder),
    ...packageFolders(process.cwd()),
    ...(nodePath ?? "").split(delimiter),
  ];
  return [...new Set(readable.filter((p) => p && existsSync(p)).map((p) => realpathSync(p)))];
}

/**
 * Node's flags for a reader that may read `readable` ({@link readableBy}). The model's warnings are
 * not the domain file's output, which the reader's error report quotes.
 */
export function readerSandbox(readable: readonly string[]): string[] {
  return [
    PERMISSION,
    ...readable.map((path) => `--allow-fs-read=${path}`),
    "--allow-worker",
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
  ];
}

/**
 * The symbolic links in `folder` (subfolders included) to anything outside `readable`: Node's
 * permission model checks the path a file is read by, not where a link leads, so a link committed
 * in a domain's folder would read for its code what the sandbox denies it (tried on 20.20.2).
 */
export function linksOut(folder: string, readable: readonly string[]): { link: string; target: string }[] {
  const links: { link: string; target: string }[] = [];
  for (const entry of readdirSync(realpathSync(folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isSymbolicLink()) continue;
    const link = join(entry.parentPath, entry.name);
    let target: string;
    try {
      target = realpathSync(link);
    } catch {
      continue; // leads nowhere: nothing to read
    }
    if (!isReadable(readable, target)) links.push({ link, target });
  }
  return links;
}

/** Whether `path` (a real path) lies within one of the folders `readable` lists. */
export function isReadable(readable: readonly string[], path: string): boolean {
  return readable.some((root) => {
    const rel = relative(root, path);
    return !rel.startsWith("..") && !isAbsolute(rel);
  });
}

/**
 * The compiled copy a compiled module at `path` belongs to (`<platform>/dist`, scripts/
 * compiledCheckout.mjs) and the platform's folder above it, however deep the module is in it.
 */
function platformOf(path: string): string[] {
  for (let at = dirname(path); dirname(at) !== at; at = dirname(at)) {
    if (basename(at) === "dist") return [at, dirname(at)];
  }
  return [dirname(path)];
}

/** The `node_modules` folders Node looks in for a package imported from `folder`. */
function packageFolders(folder: string): string[] {
  const folders: string[] = [];
  for (let at = resolve(folder); ; at = dirname(at)) {
    if (basename(at) !== "node_modules") folders.push(join(at, "node_modules"));
    if (dirname(at) === at) return folders;
  }
}

/**
 * Thrown in place of what {@link shutSandboxDoors} shut: the permission model's own error, with the
 * permission that would have covered it (`FileSystemWrite` for trace events, which write a file).
 */
function denied(api: string, permission: string): () => never {
  return function shut(): never {
    throw Object.assign(new Error("Access to this API has been restricted"), {
      code: "ERR_ACCESS_DENIED",
      permission,
      // A file written is named by its path, which trace events choose later: none.
      resource: permission === "FileSystemWrite" ? undefined : api,
    });
  };
}

/**
 * Replaces `Worker` (node:worker_threads), `register` (node:module) and `createTracing`
 * (node:trace_events) for the rest of this process, for `import` and `require` alike, and for good
 * (none can be defined again). Only in a process under the permission model: elsewhere a domain
 * file's code can do more than this anyway.
 */
export function shutSandboxDoors(): void {
  if (!("permission" in process)) return;
  const doors: [object, string, string][] = [
    [workerThreads, "Worker", "WorkerThreads"],
    [Module, "register", "WorkerThreads"],
    [traceEvents, "createTracing", "FileSystemWrite"],
  ];
  for (const [owner, name, permission] of doors) {
    Object.defineProperty(owner, name, {
      value: denied(name, permission),
      writable: false,
      configurable: false,
    });
  }
  syncBuiltinESMExports();
}

/**
 * What a domain file's code was refused by the sandbox, in words (Node says only "Access to this
 * API has been restricted"); undefined for any other error. `in`: a declaration reader, which may
 * also read the file's folder, or a stack's own plan (a `mesh plan` worker, cli/plan/pool.ts).
 */
export function sandboxDenial(e: unknown, within: "reader" | "plan"): string | undefined {
  const { code, permission, resource } = (e ?? {}) as Record<string, unknown>;
  if (code !== "ERR_ACCESS_DENIED") return undefined;
  const path =
    typeof resource === "string" && resource && resource !== "createTracing" ? resource : undefined;
  const readable =
    within === "reader" ? "its folder, its project and the platform" : "its project and the platform";
  const what =
    permission === "FileSystemWrite"
      ? `writes ${path ?? "a file"}`
      : permission === "FileSystemRead"
        ? `reads ${path ?? "a file"}`
        : permission === "ChildProcess"
          ? "starts a process"
          : permission === "WorkerThreads"
            ? "starts a thread"
            : `uses what Node's permission model calls ${String(permission)}`;
  const role = within === "reader" ? "read as data" : "planned by `mesh plan`";
  return `its code ${what}; ${role}, a domain file may read only ${readable}, and write no file, start no process or thread and load no native addon`;
}
