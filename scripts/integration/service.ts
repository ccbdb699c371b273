/**
 * A server the integration tests start on loopback: spawned with its output in
 * `.cache/integration/logs/<name>.log`, ready when its probe says so, killed (with its process
 * group) on stop. A server that exits or never becomes ready fails the setup with its log's tail.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { CACHE, SetupError } from "./toolchain.js";

export interface RunningServer {
  readonly name: string;
  readonly log: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const tail = (file: string) => {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-20).join("\n");
  } catch {
    return "(no output)";
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves true once `url` answers with any HTTP status. */
export const answersHttp = (url: string) => async () => {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
};

export async function startServer(options: {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<RunningServer> {
  const logs = join(CACHE, "logs");
  mkdirSync(logs, { recursive: true });
  const log = join(logs, `${options.name}.log`);
  const fd = openSync(log, "w");
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", fd, fd],
    detached: true, // its own process group, so stop() ends a JVM's children too
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.once("exit", (code) => {
    exited = code;
  });
  const stop = async () => {
    if (exited !== undefined || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
    if (exited === undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited !== undefined)
      throw new SetupError(`${options.name} exited (${exited}) before it was ready:\n${tail(log)}`);
    if (await options.ready()) return { name: options.name, log, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new SetupError(`${options.name} was not ready in time:\n${tail(log)}`);
    }
    await sleep(250);
  }
}
