/**
 * One local run at a time per `--out`: a second `mesh run` on the same folder is refused with who
 * holds it, rather than interleaving writes. A lock left by a run that was killed (its process is
 * gone) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { firstLine, PipelineError } from "./errors.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Takes the lock at `file`; resolves to its release. Throws {@link RunLockedError} when held. */
export function acquireRunLock(file: string, folder: string): () => void {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    throw new PipelineError(`cannot lock ${folder}: ${firstLine(e)}`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    // The lock appears whole or not at all: written under a name of this process's own, then
    // linked to its name (link fails if the lock exists), so no other run ever reads it empty.
    const own = `${file}.${process.pid}`;
    try {
      writeFileSync(own, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      linkSync(own, file);
      return () => rmSync(file, { force: true });
    } catch (e) {
      // A full disk or a folder not writable: said as such.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST")
        throw new PipelineError(`cannot lock ${folder}: ${firstLine(e)}`);
    } finally {
      rmSync(own, { force: true });
    }
    let holder: { pid?: unknown; since?: unknown } = {};
    try {
      holder = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // unreadable: written by a run killed mid-write, so nobody holds it
    }
    if (typeof holder.pid === "number" && holder.pid !== process.pid && alive(holder.pid)) {
      throw new RunLockedError(
        `another mesh run (pid ${holder.pid}, since ${String(holder.since)}) is using ${folder}; wait for it to finish, or give this run its own --out`,
      );
    }
    rmSync(file, { force: true }); // stale: its run is gone
  }
  throw new RunLockedError(`cannot lock ${folder}: ${file} keeps reappearing`);
}

/** Another run holds the output folder. */
export class RunLockedError extends PipelineError {
  constructor(message: string) {
    super(message);
    this.name = "RunLockedError";
  }
}
