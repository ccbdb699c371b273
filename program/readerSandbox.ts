/**
 * The sandbox a compiled declaration reader (declarationReader.ts) runs another team's code in:
 * Node's permission model, reading files allowed, writing files, child processes, native addons
 * and WASI denied. So the code cannot rewrite what is read after it (a neighbour's domain file,
 * the platform's modules, platform.yaml) nor start a process that would.
 *
 * Worker threads must be allowed: the reader's module hooks run on one (Node 20). Allowed, they are
 * a way out — a worker started with `execArgv: []`, or hooks registered onto the hooks' thread that
 * start one, run without the model's limits (tried on 20.20.2) — so the reader shuts both
 * (`Worker` and `module.register`) once its own hooks are registered, before the file's code runs
 * ({@link shutThreadDoors}). Node documents its permission model as a seat belt, not a boundary
 * against malicious code: this raises the cost of an attack, and docs/security.md says what it
 * does not cover.
 */
import Module, { syncBuiltinESMExports } from "node:module";
import workerThreads from "node:worker_threads";

/**
 * Node's flags for a compiled reader. The model's warnings are not the domain file's output. The
 * model's switch is `--experimental-permission` on Node 20, `--permission` once it is stable.
 */
export const READER_SANDBOX: readonly string[] = [
  process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission",
  "--allow-fs-read=*",
  "--allow-worker",
  "--disable-warning=ExperimentalWarning",
  "--disable-warning=SecurityWarning",
];

/** Thrown in place of what {@link shutThreadDoors} shut: the permission model's own error. */
function denied(api: string): () => never {
  return function shut(): never {
    throw Object.assign(new Error("Access to this API has been restricted"), {
      code: "ERR_ACCESS_DENIED",
      permission: "WorkerThreads",
      resource: api,
    });
  };
}

/**
 * Replaces `Worker` (node:worker_threads) and `register` (node:module) for the rest of this
 * process, for `import` and `require` alike, and for good (neither can be defined again). Only in a
 * process under the permission model: elsewhere a domain file's code can do more than this anyway.
 */
export function shutThreadDoors(): void {
  if (!("permission" in process)) return;
  const doors: [object, string][] = [
    [workerThreads, "Worker"],
    [Module, "register"],
  ];
  for (const [owner, name] of doors) {
    Object.defineProperty(owner, name, { value: denied(name), writable: false, configurable: false });
  }
  syncBuiltinESMExports();
}
