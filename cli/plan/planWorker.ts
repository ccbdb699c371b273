/**
 * Entry of a `mesh plan` worker process (pool.ts): plans the stacks the parent sends, one at a
 * time, each under this process's own mock runtime, and answers with the plan as plain data. The
 * parent evaluates the policy pack on it (judge.ts): the stack's domain file runs here, not there.
 */

import { MessageChannel } from "node:worker_threads";
import { prepareFreshImports } from "../../program/freshImport.js";
import { rememberDeclarations } from "../../program/readDomains.js";
import { shutSandboxDoors } from "../../program/readerSandbox.js";
import { rememberVerdicts } from "../../program/sourceCheck.js";
import { typescriptLoader } from "../../program/typescriptLoader.js";
import { rememberMeshes } from "../../program/validatedMeshes.js";
import { deferClosureSerialization } from "../../sdk/deferClosure.js";
import { EXIT } from "../errors.js";
import type { PlanOutcome } from "./planOne.js";
import { fromPortable, type PlanReply, type PlanRequest } from "./pool.js";

// Before the planner loads the SDK: a plan never serializes a function (sdk/deferClosure.ts).
deferClosureSerialization();
const { planOnly } = await import("./planOne.js");
const compiled = !import.meta.url.endsWith(".ts");
// The hooks a stack's own domain file needs, registered now, while the worker waits for its first
// stack, rather than on the plan's path: TypeScript (compiled; from the sources tsx is registered
// already) with `@datamesh/platform` as the platform this worker plans with, and the hook that
// imports the file afresh for each stack. Compiled, the worker runs in the sandbox (pool.ts) and
// starts no esbuild: its domain's TypeScript arrives compiled, with its first stack, on this port.
const sources = new MessageChannel();
sources.port1.unref();
await typescriptLoader(
  new URL(`../../components/index.${compiled ? "js" : "ts"}`, import.meta.url).href,
  compiled ? sources.port2 : undefined,
);
prepareFreshImports();
// Every hook this worker needs is registered: what a sandbox lets threads do ends here, before any
// domain file's code runs (readerSandbox.ts).
shutSandboxDoors();

/** What the stack's code (a domain file's `console.log`) prints, kept to be printed at its turn. */
const printed = { stdout: "", stderr: "" };

function capture(stream: NodeJS.WriteStream, into: "stdout" | "stderr"): void {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    printed[into] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
}
capture(process.stdout, "stdout");
capture(process.stderr, "stderr");

async function plan(request: PlanRequest): Promise<PlanOutcome> {
  try {
    if (request.sources) sources.port1.postMessage(request.sources);
    const { domainsDir, platform, declarations, verdicts, meshes } = request.context;
    rememberDeclarations(declarations);
    rememberVerdicts(verdicts);
    rememberMeshes(meshes);
    return await planOnly(request.stack, domainsDir, fromPortable(platform));
  } catch (e) {
    // A bug of the platform's, or the domain code breaking it: this stack fails, the others are planned.
    return { kind: "failed", message: `internal error: ${describe(e)}`, exit: EXIT.internal };
  }
}

const describe = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

process.on("message", async (request: PlanRequest) => {
  printed.stdout = "";
  printed.stderr = "";
  const outcome = await plan(request);
  const reply: PlanReply = { index: request.index, outcome, ...printed };
  try {
    process.send?.(reply);
  } catch (e) {
    // A plan holding something that cannot be copied (a function among a program's outputs).
    const failed: PlanOutcome = {
      kind: "failed",
      message: `internal error: its plan could not be sent: ${describe(e)}`,
      exit: EXIT.internal,
    };
    process.send?.({ ...reply, outcome: failed });
  }
});
// The parent is gone: nothing would read this worker's answers.
process.on("disconnect", () => process.exit(EXIT.internal));
